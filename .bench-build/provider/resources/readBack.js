"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.fieldsFromRuntime = fieldsFromRuntime;
const maskConfig_1 = require("../model/maskConfig");
const webhookConfig_1 = require("../model/webhookConfig");
const resourceState_1 = require("./resourceState");
const URL_FIELDS = [["url"], ["authentication", "tokenEndpointUrl"]];
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function fieldsFromRuntime(kind, registration, state) {
    const remote = (0, resourceState_1.fieldsOf)(kind, registration);
    const known = (0, resourceState_1.fieldsOf)(kind, state);
    return restore(remote, known, []);
}
function restore(remote, known, path) {
    if (remote === maskConfig_1.MASK && (0, webhookConfig_1.isSecretFieldPath)(path))
        return known === undefined ? remote : known;
    if (typeof remote === "string" && typeof known === "string" && isUrlField(path)) {
        return (0, maskConfig_1.maskUrlQuery)(known) === remote ? known : remote;
    }
    if (Array.isArray(remote))
        return remote.map((v, i) => restore(v, Array.isArray(known) ? known[i] : undefined, [...path, i]));
    if (isRecord(remote)) {
        const k = isRecord(known) ? known : {};
        // The authentication of another type is another secret: never borrow values across types.
        if (path.length === 1 && path[0] === "authentication" && remote.type !== k.type)
            return remote;
        return Object.fromEntries(Object.entries(remote).map(([key, v]) => [key, restore(v, k[key], [...path, key])]));
    }
    return remote;
}
const isUrlField = (path) => URL_FIELDS.some((f) => f.length === path.length && f.every((p, i) => p === path[i]));
