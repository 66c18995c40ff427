"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deliverOnce = deliverOnce;
// One delivery attempt end to end: render, authenticate, send, judge, record.
// The Test invocation and every runtime attempt go through here, so it does no
// per-webhook work (compiling, key decoding, URL parsing) more than once and
// never opens its own connections: deps.http pools them.
const node_perf_hooks_1 = require("node:perf_hooks");
const errors_1 = require("../errors");
const classify_1 = require("../http/classify");
const templating_1 = require("../templating");
const classifyExchange_1 = require("./classifyExchange");
const invocationRecord_1 = require("./invocationRecord");
const redaction_1 = require("./redaction");
const requestHeaders_1 = require("./requestHeaders");
const standardWebhooks_1 = require("./standardWebhooks");
const derivedOf = new WeakMap();
function derive(webhook) {
    let d = derivedOf.get(webhook);
    if (d === undefined) {
        const { config } = webhook;
        const secrets = (0, redaction_1.configSecrets)(config);
        let url;
        try {
            url = new URL(config.url);
        }
        catch {
            // The HTTP client reports an unparsable URL as CONFIG_INVALID_URL when the attempt sends.
        }
        d = {
            url,
            maskedUrl: (0, redaction_1.maskUrl)(config.url),
            signingKey: config.signingSecret === undefined ? undefined : (0, standardWebhooks_1.signingKey)(config.signingSecret),
            secrets,
            scrub: (0, redaction_1.scrubberFor)(secrets),
        };
        derivedOf.set(webhook, d);
    }
    return d;
}
function scrubberWith(d, tokens) {
    if (tokens.length === 0)
        return d.scrub;
    const key = tokens.join("\n");
    if (d.withTokens?.key !== key)
        d.withTokens = { key, scrub: (0, redaction_1.scrubberFor)([...d.secrets, ...tokens]) };
    return d.withTokens.scrub;
}
function eventTypeOf(event) {
    const type = event?.event_type;
    return typeof type === "string" ? type : "";
}
/**
 * Makes one attempt and records it. Never throws for an outcome: a template, token, network,
 * status or validator failure is a record with result "failure" and a classified error.
 */
async function deliverOnce(webhook, event, ctx, deps) {
    const now = deps.now ?? Date.now;
    const startedAt = now();
    const clock = node_perf_hooks_1.performance.now();
    const { config } = webhook;
    const d = derive(webhook);
    const timeoutMs = config.timeoutSeconds * 1000;
    const host = d.url?.host ?? "the target";
    const auth = config.authentication;
    let body = "";
    let headers;
    let exchange;
    let outcome = { validators: [] };
    let error;
    const tokens = [];
    let refreshed;
    const send = async (h) => {
        try {
            return await deps.http.send({ method: config.method, url: config.url, headers: h.sent, ...(body === "" ? {} : { body }) }, { timeoutMs });
        }
        catch (e) {
            throw (0, errors_1.isWebhookError)(e) ? e : (0, classify_1.classifyError)(e, { host });
        }
    };
    const token = async (force) => {
        if (auth.type !== "oauth")
            throw new Error("token() needs an oauth webhook");
        try {
            const t = await deps.oauth.getToken(auth, { timeoutMs, force });
            tokens.push(t);
            return t;
        }
        catch (e) {
            if ((0, errors_1.isWebhookError)(e))
                throw e;
            throw new errors_1.WebhookError({
                code: "OAUTH_TOKEN_ERROR",
                path: "authentication.tokenEndpointUrl",
                retryable: true,
                message: "getting an OAuth token failed unexpectedly; the attempt is retryable",
                cause: e,
            });
        }
    };
    try {
        body = (0, templating_1.renderBody)(webhook.template, event);
        const base = (0, requestHeaders_1.requestHeaders)(config, body, {
            id: ctx.deliveryId,
            timestampSeconds: Math.floor(startedAt / 1000),
            signingKey: d.signingKey,
        });
        headers = base;
        if (auth.type === "bearer")
            headers = (0, requestHeaders_1.withBearer)(base, auth.token);
        if (auth.type === "oauth") {
            refreshed = false;
            headers = (0, requestHeaders_1.withBearer)(base, await token(false));
        }
        exchange = await send(headers);
        if (exchange.status === 401 && auth.type === "oauth") {
            // The token may have been revoked or rotated before its expiry: one new token, one resend.
            const again = (0, requestHeaders_1.withBearer)(base, await token(true));
            refreshed = true;
            headers = again;
            exchange = undefined;
            exchange = await send(again);
        }
        outcome = (0, classifyExchange_1.classifyExchange)(exchange, { url: d.url, validators: config.responseValidators, now: now() });
        error = outcome.error;
    }
    catch (e) {
        if (!(0, errors_1.isWebhookError)(e))
            throw e;
        error = e;
    }
    const scrub = scrubberWith(d, tokens);
    const record = {
        deliveryId: ctx.deliveryId,
        ...(ctx.webhookId === undefined ? {} : { webhookId: ctx.webhookId }),
        ...(ctx.eventId === undefined ? {} : { eventId: ctx.eventId }),
        eventType: eventTypeOf(event),
        isTest: ctx.isTest,
        attempt: ctx.attempt,
        startedAt: new Date(startedAt).toISOString(),
        durationMs: Math.round(node_perf_hooks_1.performance.now() - clock),
        request: { method: config.method, url: d.maskedUrl, headers: headers === undefined ? {} : (0, requestHeaders_1.maskedHeaders)(headers), body },
        ...(exchange === undefined ? {} : { response: (0, invocationRecord_1.recordedResponse)(exchange, scrub) }),
        validators: outcome.validators,
        result: error === undefined ? "success" : "failure",
        ...(error === undefined ? {} : { error: (0, invocationRecord_1.recordedError)(error) }),
        ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
        ...(refreshed === undefined ? {} : { oauthTokenRefreshed: refreshed }),
    };
    return (0, redaction_1.scrubDeep)(record, scrub);
}
