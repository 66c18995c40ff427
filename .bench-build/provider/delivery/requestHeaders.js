"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.USER_AGENT = void 0;
exports.requestHeaders = requestHeaders;
exports.withBearer = withBearer;
exports.maskedHeaders = maskedHeaders;
// The headers of one delivery request, and the view of them a record may show.
// The webhook's own header values are secret (they often carry API keys), so
// only the headers we set ourselves and that carry nothing secret are shown.
const version_1 = require("../version");
const redaction_1 = require("./redaction");
const standardWebhooks_1 = require("./standardWebhooks");
exports.USER_AGENT = `pulumi-webhooks/${version_1.VERSION}`;
// Ours alone: a hand-built config cannot override them (the config rules refuse them anyway).
const STANDARD = new Set(["webhook-id", "webhook-timestamp", "webhook-signature"]);
const has = (headers, name) => Object.keys(headers).some((h) => h.toLowerCase() === name);
/**
 * The webhook's headers, then Content-Type (JSON, when there is a body and none is given), User-Agent
 * (unless given) and the Standard Webhooks headers; webhook-signature when a signing key is set.
 */
function requestHeaders(config, body, standard) {
    const sent = {};
    const visible = new Set();
    const owned = config.authentication.type === "none" ? STANDARD : new Set([...STANDARD, "authorization"]);
    for (const [name, value] of Object.entries(config.headers)) {
        if (!owned.has(name.toLowerCase()))
            sent[name] = value;
    }
    const ours = (name, value) => {
        sent[name] = value;
        visible.add(name);
    };
    if (body !== "" && !has(sent, "content-type"))
        ours("Content-Type", "application/json");
    if (!has(sent, "user-agent"))
        ours("User-Agent", exports.USER_AGENT);
    ours("webhook-id", standard.id);
    ours("webhook-timestamp", String(standard.timestampSeconds));
    if (standard.signingKey !== undefined) {
        ours("webhook-signature", (0, standardWebhooks_1.signWithKey)(standard.signingKey, standard.id, standard.timestampSeconds, body));
    }
    return { sent, visible };
}
/** The headers with Authorization set to a bearer token. */
function withBearer(headers, token) {
    return { sent: { ...headers.sent, Authorization: `Bearer ${token}` }, visible: headers.visible };
}
/** The record's view: values we set and that are not secret as sent, Authorization as `Bearer ****`, the rest `****`. */
function maskedHeaders(headers) {
    const out = {};
    for (const [name, value] of Object.entries(headers.sent)) {
        if (headers.visible.has(name))
            out[name] = value;
        else if (name === "Authorization" && value.startsWith("Bearer "))
            out[name] = `Bearer ${redaction_1.MASK}`;
        else
            out[name] = redaction_1.MASK;
    }
    return out;
}
