"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.valueAsString = valueAsString;
exports.evaluateValidators = evaluateValidators;
// Response validators (product §3): JSONPath over {data, status, headers}.
// jsonpath-plus runs with eval: false, so a filter or script expression in a
// validator is an error, never code execution.
const jsonpath_plus_1 = require("jsonpath-plus");
const errors_1 = require("../errors");
// Keeps messages readable when a path matches a large object.
const MAX_SHOWN = 200;
/** How a matched value is compared: strings as they are, everything else as JSON (so 200 → "200"). */
function valueAsString(v) {
    if (typeof v === "string")
        return v;
    if (v === undefined)
        return "undefined";
    return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
}
/** Whether a validator's path can only see status or headers (so a non-JSON body does not matter to it). */
function readsBody(jsonPath) {
    try {
        const [root, first] = jsonpath_plus_1.JSONPath.toPathArray(jsonPath);
        return !(root === "$" && (first === "status" || first === "headers"));
    }
    catch {
        return true;
    }
}
function shown(values) {
    const text = JSON.stringify(values.map(valueAsString));
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}
/**
 * Evaluates every validator. A validator passes when any matched value, as a string, equals any
 * expected value; the response passes when all do. `error` is RESPONSE_TOO_LARGE or RESPONSE_NOT_JSON
 * when a validator needs the body and it cannot be read as JSON, else VALIDATION_FAILED when any
 * validator failed. RESPONSE_NOT_JSON and VALIDATION_FAILED are retryable (product §6).
 */
function evaluateValidators(validators, response) {
    if (validators.length === 0)
        return { results: [] };
    let data = undefined;
    let bodyIsJson = true;
    try {
        data = JSON.parse(response.body.replace(/^\uFEFF/, ""));
    }
    catch {
        bodyIsJson = false;
    }
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const json = { data, status: response.status, headers };
    const results = [];
    for (const [i, v] of validators.entries()) {
        let actual;
        try {
            actual = (0, jsonpath_plus_1.JSONPath)({ path: v.jsonPath, json, eval: false, wrap: true });
        }
        catch {
            return {
                results,
                error: new errors_1.WebhookError({
                    code: "CONFIG_INVALID_VALIDATOR",
                    path: `responseValidators[${i}].jsonPath`,
                    message: `responseValidators[${i}].jsonPath ${JSON.stringify(v.jsonPath)} cannot be evaluated (filter and script expressions are not supported); use a plain path such as $.data.status`,
                }),
            };
        }
        const passed = actual.some((a) => v.expectedValues.includes(valueAsString(a)));
        results.push({ jsonPath: v.jsonPath, actual, expectedValues: v.expectedValues, passed });
    }
    const needsBody = validators.findIndex((v) => readsBody(v.jsonPath));
    if (!bodyIsJson && needsBody >= 0) {
        const error = response.bodyTruncated
            ? new errors_1.WebhookError({
                code: "RESPONSE_TOO_LARGE",
                path: `responseValidators[${needsBody}].jsonPath`,
                retryable: false,
                message: `the response body was cut at the size limit, so responseValidators[${needsBody}] cannot read it as JSON; make the target answer with a smaller body`,
            })
            : new errors_1.WebhookError({
                code: "RESPONSE_NOT_JSON",
                path: `responseValidators[${needsBody}].jsonPath`,
                retryable: true,
                message: `the response body (status ${response.status}) is not JSON, so responseValidators[${needsBody}] (${validators[needsBody].jsonPath}) cannot read it; make the target answer with JSON or validate $.status instead`,
            });
        return { results, error };
    }
    const failed = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.passed);
    if (failed.length === 0)
        return { results };
    const lines = failed.map(({ r, i }) => `responseValidators[${i}] ${r.jsonPath} matched ${shown(r.actual)}, expected one of ${shown(r.expectedValues)}`);
    return {
        results,
        error: new errors_1.WebhookError({
            code: "VALIDATION_FAILED",
            path: `responseValidators[${failed[0].i}]`,
            retryable: true,
            message: `the response failed ${failed.length} of ${results.length} validators: ${lines.join("; ")}`,
        }),
    };
}
