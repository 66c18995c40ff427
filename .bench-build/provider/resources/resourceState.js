"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OUTPUT_KEYS = void 0;
exports.fieldsOf = fieldsOf;
exports.outputsOf = outputsOf;
const webhookConfig_1 = require("../model/webhookConfig");
const secretValues_1 = require("./secretValues");
exports.OUTPUT_KEYS = ["webhookId", "version", "lastTest", "runtimeUrl"];
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
/** The webhook's fields from inputs or state, plaintext, undefined values dropped. */
function fieldsOf(kind, props) {
    const plain = (0, secretValues_1.unwrapSecrets)(props);
    if (!isRecord(plain))
        return {};
    const out = {};
    for (const f of webhookConfig_1.WEBHOOK_FIELDS[kind]) {
        if (plain[f] !== undefined)
            out[f] = plain[f];
    }
    return out;
}
/** The outputs kept in state, read back leniently (state may come from an older provider). */
function outputsOf(props) {
    const plain = (0, secretValues_1.unwrapSecrets)(props);
    if (!isRecord(plain))
        return {};
    return {
        ...(typeof plain.webhookId === "string" ? { webhookId: plain.webhookId } : {}),
        ...(typeof plain.version === "number" ? { version: plain.version } : {}),
        ...(isRecord(plain.lastTest) ? { lastTest: plain.lastTest } : {}),
        ...(typeof plain.runtimeUrl === "string" ? { runtimeUrl: plain.runtimeUrl } : {}),
    };
}
