"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.headline = headline;
exports.requestLine = requestLine;
exports.describeInvocation = describeInvocation;
// Keeps a validator line readable when a path matched a large object.
const MAX_VALUE_TEXT = 200;
const indent = (text) => text.split("\n").map((l) => `  ${l}`);
function firstLines(text, max) {
    const lines = text.split("\n");
    if (lines.length <= max)
        return lines;
    return [...lines.slice(0, max), `… ${lines.length - max} more line(s)`];
}
function shown(values) {
    const text = JSON.stringify(values) ?? "undefined";
    return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}…` : text;
}
/** The first line: `Test invocation succeeded` or `Test invocation failed: <CODE>: <message>` ("Delivery attempt N" outside tests). */
function headline(record) {
    const what = record.isTest ? "Test invocation" : `Delivery attempt ${record.attempt}`;
    return record.error === undefined ? `${what} succeeded` : `${what} failed: ${record.error.code}: ${record.error.message}`;
}
/** The request line: `POST https://host/path?token=**** → 200 (35 ms)`. */
function requestLine(record) {
    const answer = record.response === undefined ? "no response" : String(record.response.status);
    return `${record.request.method} ${record.request.url} → ${answer} (${record.durationMs} ms)`;
}
/** Every part of the record, in the order it happened, as lines of text ending in "\n". */
function describeInvocation(record, options = {}) {
    const bodyLines = options.bodyLines ?? 20;
    const out = [headline(record), requestLine(record)];
    if (record.oauthTokenRefreshed === true)
        out.push("(the target answered 401, so a new OAuth token was fetched and the request sent again)");
    if (record.retryAfterMs !== undefined)
        out.push(`Retry-After: ${Math.round(record.retryAfterMs / 1000)} s`);
    const headers = Object.entries(record.request.headers);
    if (headers.length > 0)
        out.push("Request headers:", ...headers.map(([n, v]) => `  ${n}: ${v}`));
    if (record.request.body !== "")
        out.push("Request body:", ...indent(record.request.body));
    const res = record.response;
    if (res !== undefined) {
        out.push("Response headers:", ...Object.entries(res.headers).map(([n, v]) => `  ${n}: ${v}`));
        if (res.body === "") {
            out.push("Response body: (empty)");
        }
        else {
            out.push(`Response body${res.bodyTruncated ? ` (first part of ${res.bodyBytes} bytes)` : ""}:`, ...indent(firstLines(res.body, bodyLines).join("\n")));
        }
    }
    if (record.validators.length > 0) {
        out.push("Validators:");
        for (const v of record.validators) {
            out.push(`  ${v.passed ? "✓" : "✗"} ${v.jsonPath}: actual ${shown(v.actual)}, expected one of ${shown(v.expectedValues)}`);
        }
    }
    return out.join("\n") + "\n";
}
