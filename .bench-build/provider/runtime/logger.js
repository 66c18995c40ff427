"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LOG_LEVELS = void 0;
exports.redactFields = redactFields;
exports.createLogger = createLogger;
exports.logLevelOf = logLevelOf;
// Structured logs: one JSON object per line, `{time, level, msg, ...fields}`.
// Logs are shipped to places with wider access than the runtime's data dir, so
// redaction happens here, for every line, whoever called: fields named like a
// credential, header values and URL query values are masked, and the secrets
// registered at start (the API tokens) are scrubbed from every string.
const redaction_1 = require("../delivery/redaction");
exports.LOG_LEVELS = ["debug", "info", "warn", "error"];
/** Field names whose values are credentials whatever they hold. */
const SECRET_NAME = /token|secret|passw|authorization|cookie|api[-_]?key|credential/i;
/** Field names holding HTTP headers: names stay, values are masked. */
const HEADERS_NAME = /^(request|response)?headers$/i;
/** A URL with a query, anywhere in a string. */
const URL_WITH_QUERY = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>?#]*\?[^\s"'<>#]*/gi;
// Keeps a pathological object (a cycle, a huge tree) from stalling the process.
const MAX_DEPTH = 8;
/** Masks query values of every URL in the text. */
function maskUrlsIn(text) {
    return text.includes("?") ? text.replace(URL_WITH_QUERY, (url) => (0, redaction_1.maskUrl)(url)) : text;
}
function redactValue(value, scrub, depth) {
    if (typeof value === "string")
        return maskUrlsIn(scrub(value));
    if (typeof value === "number" || typeof value === "boolean" || value === null)
        return value;
    if (typeof value === "bigint")
        return value.toString();
    if (value === undefined || typeof value === "function" || typeof value === "symbol")
        return undefined;
    if (depth >= MAX_DEPTH)
        return "[too deep]";
    if (value instanceof Error) {
        const code = value.code;
        return redactValue({ name: value.name, message: value.message, ...(typeof code === "string" ? { code } : {}) }, scrub, depth + 1);
    }
    if (value instanceof Date)
        return value.toISOString();
    if (Array.isArray(value))
        return value.map((v) => redactValue(v, scrub, depth + 1));
    return redactFields(value, scrub, depth + 1);
}
/** A copy of the fields as a log line may show them. */
function redactFields(fields, scrub = (t) => t, depth = 0) {
    const out = {};
    for (const [rawKey, value] of Object.entries(fields)) {
        const key = scrub(rawKey);
        if (value === undefined)
            continue;
        if (SECRET_NAME.test(key)) {
            out[key] = redaction_1.MASK;
        }
        else if (HEADERS_NAME.test(key) && value !== null && typeof value === "object" && !Array.isArray(value)) {
            out[key] = Object.fromEntries(Object.keys(value).map((name) => [scrub(name), redaction_1.MASK]));
        }
        else {
            out[key] = redactValue(value, scrub, depth);
        }
    }
    return out;
}
function createLogger(options = {}) {
    const write = options.write ?? ((line) => void process.stderr.write(line));
    const min = exports.LOG_LEVELS.indexOf(options.level ?? "info");
    const now = options.now ?? Date.now;
    const secrets = [...(options.secrets ?? [])];
    let scrub = (0, redaction_1.scrubberFor)(secrets);
    const log = (level, msg, fields = {}) => {
        if (exports.LOG_LEVELS.indexOf(level) < min)
            return;
        // time, level and msg come first and cannot be overwritten by a field of the same name.
        const line = { time: new Date(now()).toISOString(), level, msg: maskUrlsIn(scrub(msg)), ...withoutReserved(redactFields(fields, scrub)) };
        write(JSON.stringify(line) + "\n");
    };
    return {
        log,
        debug: (msg, fields) => log("debug", msg, fields),
        info: (msg, fields) => log("info", msg, fields),
        warn: (msg, fields) => log("warn", msg, fields),
        error: (msg, fields) => log("error", msg, fields),
        addSecrets(...more) {
            secrets.push(...more);
            scrub = (0, redaction_1.scrubberFor)(secrets);
        },
    };
}
function withoutReserved(fields) {
    const { time: _t, level: _l, msg: _m, ...rest } = fields;
    return rest;
}
/** The level named by WEBHOOKS_LOG_LEVEL, or info. */
function logLevelOf(text) {
    const t = text?.trim().toLowerCase();
    return exports.LOG_LEVELS.includes(t ?? "") ? t : "info";
}
