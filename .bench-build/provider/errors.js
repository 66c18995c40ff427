"use strict";
// One error type for the whole product. Callers branch on `code`, never on
// message text: codes survive serialization into Pulumi state, the store and
// the CLI's --json output. Messages name the field and say how to fix it, and
// never contain a secret value (header values, tokens, client secrets).
Object.defineProperty(exports, "__esModule", { value: true });
exports.WebhookError = exports.ERROR_CODES = exports.DELIVERY_CODES = exports.RUNTIME_CODES = exports.EVENT_CODES = exports.TEMPLATE_CODES = exports.CONFIG_CODES = void 0;
exports.isWebhookError = isWebhookError;
exports.formatPath = formatPath;
/** Configuration errors: found offline by `check` and `webhooks validate`. */
exports.CONFIG_CODES = [
    "CONFIG_REQUIRED",
    "CONFIG_INVALID_TYPE",
    "CONFIG_UNKNOWN_FIELD",
    "CONFIG_INVALID_KIND",
    "CONFIG_INVALID_NAME",
    "CONFIG_INVALID_WEBHOOK_TYPE",
    "CONFIG_INVALID_METHOD",
    "CONFIG_INVALID_URL",
    "CONFIG_INVALID_HEADER",
    "CONFIG_FORBIDDEN_HEADER",
    "CONFIG_INVALID_AUTH",
    "CONFIG_AUTH_CONFLICT",
    "CONFIG_INVALID_TIMEOUT",
    "CONFIG_INVALID_VALIDATOR",
    "CONFIG_INVALID_SIGNING_SECRET",
    "CONFIG_INVALID_TRIGGER",
    "CONFIG_INVALID_FILTER",
    "CONFIG_BODY_NOT_ALLOWED",
    "CONFIG_FILE_UNREADABLE",
];
/** Template errors: found by `check` (compile, reference check, render-and-parse) or at render time. */
exports.TEMPLATE_CODES = [
    "TEMPLATE_SYNTAX",
    "TEMPLATE_UNKNOWN_HELPER",
    "TEMPLATE_UNKNOWN_FIELD",
    "TEMPLATE_JSON_CONTEXT",
    "TEMPLATE_INVALID_JSON",
    "TEMPLATE_NESTED_JSON_INVALID",
    "TEMPLATE_RENDER_ERROR",
];
/** Event errors: an event refused at ingest or by `webhooks render --event`. */
exports.EVENT_CODES = ["EVENT_INVALID", "EVENT_KIND_MISMATCH", "EVENT_TOO_LARGE", "EVENT_BATCH_TOO_LARGE"];
/** Runtime API and operations: the HTTP status each maps to is in provider/runtime/api. */
exports.RUNTIME_CODES = [
    "API_UNAUTHORIZED",
    "API_NOT_FOUND",
    "API_METHOD_NOT_ALLOWED",
    "API_INVALID_JSON",
    "API_BODY_TOO_LARGE",
    "API_NAME_TAKEN",
    "API_DELIVERY_NOT_RETRYABLE",
    "API_INVALID_QUERY",
    "INTERNAL_ERROR",
    "RUNTIME_CONFIG_INVALID",
    "RUNTIME_UNREACHABLE",
    "STORE_UNAVAILABLE",
];
/** Delivery outcomes: one attempt (Test invocation or runtime delivery) classified once, in provider/http. */
exports.DELIVERY_CODES = [
    "DNS_ERROR",
    "CONNECTION_ERROR",
    "TLS_ERROR",
    "TIMEOUT",
    "ADDRESS_REFUSED",
    "HTTP_REDIRECT",
    "HTTP_STATUS",
    "RESPONSE_NOT_JSON",
    "RESPONSE_TOO_LARGE",
    "VALIDATION_FAILED",
    "OAUTH_TOKEN_ERROR",
];
exports.ERROR_CODES = [
    ...exports.CONFIG_CODES,
    ...exports.TEMPLATE_CODES,
    ...exports.EVENT_CODES,
    ...exports.DELIVERY_CODES,
    ...exports.RUNTIME_CODES,
];
class WebhookError extends Error {
    code;
    path;
    retryable;
    constructor(init) {
        super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
        this.name = "WebhookError";
        this.code = init.code;
        this.path = init.path ?? "";
        this.retryable = init.retryable ?? false;
    }
    /** The shape the APIs and `--json` output use: `{code, message, path}`. */
    toJSON() {
        return { code: this.code, message: this.message, path: this.path };
    }
}
exports.WebhookError = WebhookError;
/** Code-based check, so errors from another copy of the package are recognised too. */
function isWebhookError(e) {
    return (typeof e === "object" &&
        e !== null &&
        typeof e.code === "string" &&
        exports.ERROR_CODES.includes(e.code) &&
        typeof e.message === "string");
}
/** Formats a property path from segments: `["headers", "X-A"]` → `headers.X-A`, `["a", 1]` → `a[1]`. */
function formatPath(segments) {
    let out = "";
    for (const s of segments) {
        if (typeof s === "number")
            out += `[${s}]`;
        else
            out += out === "" ? String(s) : `.${String(s)}`;
    }
    return out;
}
