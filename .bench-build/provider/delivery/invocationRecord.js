"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RECORD_BODY_BYTES = void 0;
exports.firstBytes = firstBytes;
exports.recordedResponse = recordedResponse;
exports.recordedError = recordedError;
/** Response bodies kept in a record. */
exports.RECORD_BODY_BYTES = 64 * 1024;
/** The first `limit` bytes of `text` as UTF-8, never ending inside a character. */
function firstBytes(text, limit) {
    // Each UTF-16 unit is at most 3 UTF-8 bytes, so shorter strings cannot exceed the limit.
    if (text.length * 3 <= limit)
        return { text, cut: false };
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length <= limit)
        return { text, cut: false };
    let end = limit;
    while (end > 0 && (bytes[end] & 0xc0) === 0x80)
        end--;
    return { text: bytes.subarray(0, end).toString("utf8"), cut: true };
}
/** The response as a record keeps it; scrubbed before the cut, so a secret is never left half-masked at the edge. */
function recordedResponse(exchange, scrub) {
    const { text, cut } = firstBytes(scrub(exchange.body), exports.RECORD_BODY_BYTES);
    return {
        status: exchange.status,
        headers: exchange.headers,
        body: text,
        bodyBytes: exchange.bodyBytes,
        bodyTruncated: exchange.bodyTruncated || cut,
    };
}
function recordedError(error) {
    return { code: error.code, message: error.message, retryable: error.retryable, ...(error.path === "" ? {} : { path: error.path }) };
}
