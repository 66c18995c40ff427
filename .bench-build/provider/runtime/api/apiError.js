"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.statusOf = statusOf;
exports.errorBody = errorBody;
exports.apiError = apiError;
exports.asWebhookError = asWebhookError;
// How errors leave the API: one HTTP status per code, and the body
// `{error: {code, message, path}}` (plus `errors: [...]` when validation found
// several). Messages are the WebhookError's own, which never hold a secret.
const errors_1 = require("../../errors");
const STATUS = {
    API_UNAUTHORIZED: 401,
    API_NOT_FOUND: 404,
    API_METHOD_NOT_ALLOWED: 405,
    API_INVALID_JSON: 400,
    API_BODY_TOO_LARGE: 413,
    API_NAME_TAKEN: 409,
    API_DELIVERY_NOT_RETRYABLE: 409,
    STORE_UNAVAILABLE: 503,
    INTERNAL_ERROR: 500,
    RUNTIME_CONFIG_INVALID: 500,
};
/** Config, template and event errors are the caller's to fix: 400. */
function statusOf(code) {
    return STATUS[code] ?? 400;
}
function errorJson(e) {
    return { code: e.code, message: e.message, path: e.path };
}
/** The body for one error, or for all the errors a validation found (the first is `error`). */
function errorBody(errors) {
    const all = Array.isArray(errors) ? errors : [errors];
    return all.length > 1 || Array.isArray(errors)
        ? { error: errorJson(all[0]), errors: all.map(errorJson) }
        : { error: errorJson(all[0]) };
}
/** An error the API raises itself: the code decides the status. */
function apiError(code, message, path = "") {
    return new errors_1.WebhookError({ code, message, path });
}
/** A thrown value as a WebhookError the API can answer with, or undefined when it is a bug or an outage. */
function asWebhookError(e) {
    if (e instanceof errors_1.WebhookError)
        return e;
    if ((0, errors_1.isWebhookError)(e))
        return new errors_1.WebhookError({ code: e.code, message: e.message, path: e.path });
    return undefined;
}
