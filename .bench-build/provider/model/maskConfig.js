"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MASK = void 0;
exports.maskUrlQuery = maskUrlQuery;
exports.maskConfig = maskConfig;
exports.restoreMasked = restoreMasked;
// A webhook config as the runtime's API shows it: every secret value replaced
// by "****". Driven by SECRET_FIELD_PATHS, so a new secret field is masked as
// soon as it is listed there. URL query values are masked too, because some
// targets carry their API key in the query.
const webhookConfig_1 = require("./webhookConfig");
exports.MASK = "****";
// Fields holding a URL whose query may carry a key.
const URL_FIELDS = [["url"], ["authentication", "tokenEndpointUrl"]];
/** `?token=****&region=****`: names stay readable, values (and bare items) are masked; the fragment is dropped. */
function maskUrlQuery(url) {
    const hash = url.indexOf("#");
    const bare = hash < 0 ? url : url.slice(0, hash);
    const q = bare.indexOf("?");
    if (q < 0)
        return bare;
    const query = bare
        .slice(q + 1)
        .split("&")
        .filter((pair) => pair !== "")
        .map((pair) => {
        const eq = pair.indexOf("=");
        if (eq < 0)
            return exports.MASK;
        return eq === pair.length - 1 ? pair : `${pair.slice(0, eq)}=${exports.MASK}`;
    })
        .join("&");
    return `${bare.slice(0, q)}?${query}`;
}
const isUrlField = (path) => URL_FIELDS.some((f) => f.length === path.length && f.every((p, i) => p === path[i]));
function mask(value, path) {
    if ((0, webhookConfig_1.isSecretFieldPath)(path)) {
        // A secret object (e.g. all of `headers.*` below a key) is masked leaf by leaf, so its shape stays visible.
        if (value !== null && typeof value === "object")
            return maskChildren(value, path);
        return value === undefined ? undefined : exports.MASK;
    }
    if (typeof value === "string" && isUrlField(path))
        return maskUrlQuery(value);
    if (value !== null && typeof value === "object")
        return maskChildren(value, path);
    return value;
}
function maskChildren(value, path) {
    if (Array.isArray(value))
        return value.map((v, i) => mask(v, [...path, i]));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, [...path, k])]));
}
/** A deep copy of a webhook config (file shape or resource fields) with every secret value masked. */
function maskConfig(config) {
    return mask(config, []);
}
/**
 * The inverse for an update: where `input` still holds a masked value that `stored` has
 * at the same place ("****" at a secret path, or the stored URL with its query masked),
 * the stored value is kept. So a config read back from the API and sent again unchanged
 * never overwrites real secrets with "****".
 */
function restoreMasked(input, stored) {
    return restore(input, stored, []);
}
function restore(value, stored, path) {
    if (value === exports.MASK && (0, webhookConfig_1.isSecretFieldPath)(path) && typeof stored === "string")
        return stored;
    if (typeof value === "string" && typeof stored === "string" && isUrlField(path) && value !== stored) {
        return maskUrlQuery(stored) === value ? stored : value;
    }
    if (Array.isArray(value)) {
        return value.map((v, i) => restore(v, Array.isArray(stored) ? stored[i] : undefined, [...path, i]));
    }
    if (value !== null && typeof value === "object") {
        const s = stored !== null && typeof stored === "object" ? stored : {};
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, s[k], [...path, k])]));
    }
    return value;
}
