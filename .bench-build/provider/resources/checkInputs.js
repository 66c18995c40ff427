"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkInputs = checkInputs;
const checkWebhook_1 = require("../check/checkWebhook");
const webhookConfig_1 = require("../model/webhookConfig");
const resourceState_1 = require("./resourceState");
const secretValues_1 = require("./secretValues");
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function checkInputs(kind, news) {
    const given = (0, secretValues_1.unwrapSecrets)(news);
    const { __provider: _provider, ...input } = isRecord(given) ? given : {};
    // Keys set to undefined were never given (the SDK seeds outputs that way).
    const fields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const result = (0, checkWebhook_1.checkWebhook)(fields, { kind, unknownSentinel: secretValues_1.UNKNOWN });
    if (!result.ok) {
        return { inputs: (0, secretValues_1.wrapSecrets)(fields), failures: result.errors.map((e) => failureOf(e, fields)) };
    }
    return { inputs: (0, secretValues_1.wrapSecrets)((0, resourceState_1.fieldsOf)(kind, result.config)), failures: [] };
}
/**
 * The engine prints `property <p> value {<inputs[p]>} has a problem` and does not
 * redact secrets, so a failure whose property would echo a secret (or a URL
 * whose query may carry a key) is reported with property "" and the path in the reason.
 */
function failureOf(error, fields) {
    const reason = `${error.message} (${error.code})`;
    if (error.path === "" || echoesSecret(error.path, fields)) {
        const named = error.path === "" || error.message.startsWith(error.path);
        return { property: "", reason: named ? reason : `${error.path}: ${reason}` };
    }
    return { property: error.path, reason };
}
function echoesSecret(path, fields) {
    const segments = path.split(/[.[\]]+/).filter((s) => s !== "");
    if ((0, webhookConfig_1.isSecretFieldPath)(segments))
        return true;
    // A whole object that holds a secret field (e.g. `authentication`) would be printed with it.
    if (webhookConfig_1.SECRET_FIELD_PATHS.some((p) => p.split(".")[0] === segments[0]) && segments.length === 1)
        return true;
    const value = fields[path];
    return typeof value === "string" && /[?#]/.test(value) && /^[a-z][a-z0-9+.-]*:/i.test(value);
}
