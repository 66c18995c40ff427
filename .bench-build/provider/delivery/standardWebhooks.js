"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.signingKey = signingKey;
exports.signWithKey = signWithKey;
exports.signPayload = signPayload;
// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256
// over `id.timestamp.body`, keyed with the bytes the `whsec_` secret encodes,
// so receivers can verify deliveries with any Standard Webhooks library.
const node_crypto_1 = require("node:crypto");
const PREFIX = "whsec_";
/** The HMAC key a `whsec_<base64>` secret stands for (the secret is validated by the config rules). */
function signingKey(secret) {
    return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
}
/** `v1,<base64 HMAC-SHA256>` with a key from signingKey(). */
function signWithKey(key, id, timestampSeconds, body) {
    const mac = (0, node_crypto_1.createHmac)("sha256", key).update(`${id}.${timestampSeconds}.${body}`, "utf8").digest("base64");
    return `v1,${mac}`;
}
/** The `webhook-signature` value for one request: `v1,<base64>`. */
function signPayload(secret, id, timestampSeconds, body) {
    return signWithKey(signingKey(secret), id, timestampSeconds, body);
}
