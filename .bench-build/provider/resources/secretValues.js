"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UNKNOWN = exports.SECRET_SIG = exports.SECRET_SIG_KEY = void 0;
exports.isSecretEnvelope = isSecretEnvelope;
exports.secretEnvelope = secretEnvelope;
exports.unwrapSecrets = unwrapSecrets;
exports.wrapSecrets = wrapSecrets;
// Secret values in what the provider hands back to the engine. The dynamic
// provider cannot declare secret outputs, and the engine only re-marks an output
// secret when the input of the same name was; so the provider wraps every
// secret field in the engine's wire form of a secret (the "secret envelope"),
// which the engine keeps as a secret in state and in preview whatever the
// program passed. Values coming back in are unwrapped: with acceptSecrets=false
// the engine normally sends plaintext, but state written elsewhere may not.
const webhookConfig_1 = require("../model/webhookConfig");
/** The engine's signature key and value of a secret (pulumi.runtime.specialSigKey / specialSecretSig). */
exports.SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
exports.SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What preview passes for a value not known yet (pulumi.runtime.unknownValue). */
exports.UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function isSecretEnvelope(v) {
    return isRecord(v) && v[exports.SECRET_SIG_KEY] === exports.SECRET_SIG;
}
function secretEnvelope(value) {
    return { [exports.SECRET_SIG_KEY]: exports.SECRET_SIG, value };
}
/** A deep copy with every secret envelope replaced by its value. */
function unwrapSecrets(value) {
    if (isSecretEnvelope(value))
        return unwrapSecrets(value.value);
    if (Array.isArray(value))
        return value.map(unwrapSecrets);
    if (isRecord(value))
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    return value;
}
/** A deep copy with the value at every secret field path wrapped (unknowns stay bare: the engine tracks them itself). */
function wrapSecrets(fields) {
    const walk = (value, path) => {
        if (path.length > 0 && (0, webhookConfig_1.isSecretFieldPath)(path) && !isRecord(value) && value !== undefined && value !== exports.UNKNOWN) {
            return secretEnvelope(value);
        }
        if (Array.isArray(value))
            return value.map((v, i) => walk(v, [...path, i]));
        if (isRecord(value))
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
        return value;
    };
    return walk(fields, []);
}
