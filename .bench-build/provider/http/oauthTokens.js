"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OAuthTokenCache = void 0;
// OAuth 2.0 client-credentials tokens (RFC 6749 §4.4) for webhooks with
// `authentication.type: oauth`. One cache per process: a token is reused until
// shortly before it expires, and concurrent deliveries share one token request.
const node_crypto_1 = require("node:crypto");
const errors_1 = require("../errors");
const classify_1 = require("./classify");
const ENDPOINT_PATH = "authentication.tokenEndpointUrl";
const SECRET_PATH = "authentication.clientSecret";
// Used when the endpoint omits expires_in (RFC 6749 makes it optional).
const DEFAULT_EXPIRES_IN_S = 3600;
// application/x-www-form-urlencoded, as RFC 6749 §2.3.1 asks for Basic credentials too.
const formEncode = (s) => new URLSearchParams([["", s]]).toString().slice(1);
class OAuthTokenCache {
    client;
    tokens = new Map();
    inFlight = new Map();
    /** Client authentication that worked, per token endpoint. */
    authMethod = new Map();
    refreshSkewMs;
    now;
    constructor(client, options = {}) {
        this.client = client;
        this.refreshSkewMs = options.refreshSkewMs ?? 30_000;
        this.now = options.now ?? Date.now;
    }
    /** Cached until shortly before expires_in; `force` fetches a new one (used once after a 401 from the target). */
    getToken(settings, options) {
        const key = cacheKey(settings);
        // A request already on its way is as fresh as a forced one.
        const pending = this.inFlight.get(key);
        if (pending)
            return pending;
        const cached = this.tokens.get(key);
        if (cached && !options.force && this.now() < cached.refreshAt)
            return Promise.resolve(cached.token);
        const request = this.fetchToken(settings, options.timeoutMs).then(({ token, expiresInS }) => {
            const lifetimeMs = expiresInS * 1000;
            // Short-lived tokens still get half their life, not zero, when the skew exceeds it.
            const refreshAt = this.now() + Math.max(lifetimeMs - this.refreshSkewMs, lifetimeMs / 2);
            this.tokens.set(key, { token, refreshAt });
            this.inFlight.delete(key);
            return token;
        }, (err) => {
            this.inFlight.delete(key);
            throw err;
        });
        this.inFlight.set(key, request);
        return request;
    }
    async fetchToken(settings, timeoutMs) {
        const endpoint = settings.tokenEndpointUrl;
        const known = this.authMethod.get(endpoint);
        const first = known ?? "basic";
        let res = await this.post(settings, first, timeoutMs);
        if (known === undefined && rejectsClient(res)) {
            // Some endpoints take only client_secret_post; try that once and remember it.
            const retry = await this.post(settings, "form", timeoutMs);
            if (!rejectsClient(retry))
                this.authMethod.set(endpoint, "form");
            res = retry;
        }
        else if (known === undefined && res.status >= 200 && res.status < 300) {
            this.authMethod.set(endpoint, first);
        }
        return readToken(res, hostOf(endpoint));
    }
    async post(settings, auth, timeoutMs) {
        const form = new URLSearchParams({ grant_type: "client_credentials" });
        if (settings.scopes && settings.scopes.length > 0)
            form.set("scope", settings.scopes.join(" "));
        if (settings.audience !== undefined)
            form.set("audience", settings.audience);
        const headers = {
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
        };
        if (auth === "basic") {
            const credentials = `${formEncode(settings.clientId)}:${formEncode(settings.clientSecret)}`;
            headers.authorization = `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;
        }
        else {
            form.set("client_id", settings.clientId);
            form.set("client_secret", settings.clientSecret);
        }
        try {
            return await this.client.send({ method: "POST", url: settings.tokenEndpointUrl, headers, body: form.toString() }, { timeoutMs });
        }
        catch (e) {
            const host = hostOf(settings.tokenEndpointUrl);
            const cause = (0, errors_1.isWebhookError)(e) ? e : undefined;
            throw new errors_1.WebhookError({
                code: "OAUTH_TOKEN_ERROR",
                path: ENDPOINT_PATH,
                retryable: cause?.retryable ?? false,
                message: `could not get an OAuth token from ${host}: ${cause ? `${cause.code}: ${cause.message}` : "the request failed"}`,
                cause: e,
            });
        }
    }
}
exports.OAuthTokenCache = OAuthTokenCache;
function cacheKey(s) {
    const secretHash = (0, node_crypto_1.createHash)("sha256").update(s.clientSecret).digest("hex");
    return JSON.stringify([s.tokenEndpointUrl, s.clientId, [...(s.scopes ?? [])].sort(), s.audience ?? null, secretHash]);
}
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return "the token endpoint";
    }
}
function errorField(res) {
    try {
        const error = JSON.parse(res.body).error;
        // RFC 6749 §5.2 error codes are snake_case words; anything else (an echoed credential) is not shown.
        return typeof error === "string" && /^[a-z][a-z0-9_]{0,63}$/.test(error) ? error : undefined;
    }
    catch {
        return undefined;
    }
}
/** 401, or 400 invalid_client: the endpoint did not accept how (or with what) the client authenticated. */
function rejectsClient(res) {
    return res.status === 401 || (res.status === 400 && errorField(res) === "invalid_client");
}
function readToken(res, host) {
    const fail = (message, path = ENDPOINT_PATH, retryable = false) => new errors_1.WebhookError({ code: "OAUTH_TOKEN_ERROR", path, retryable, message });
    const status = (0, classify_1.classifyStatus)(res.status);
    if (status) {
        const error = errorField(res);
        const detail = `token endpoint ${host} answered ${res.status}${error ? ` (error: ${error})` : ""}`;
        if (rejectsClient(res)) {
            throw fail(`${detail}; it rejected the client credentials, check authentication.clientId and authentication.clientSecret`, SECRET_PATH);
        }
        if (status.code === "HTTP_REDIRECT") {
            throw fail(`${detail}, a redirect, which is not followed; set authentication.tokenEndpointUrl to the final URL`);
        }
        const hint = status.retryable
            ? "the endpoint may recover, so the attempt is retryable"
            : "check authentication.scopes, authentication.audience and the client's grants";
        throw fail(`${detail}; ${hint}`, ENDPOINT_PATH, status.retryable);
    }
    let parsed;
    try {
        parsed = JSON.parse(res.body);
    }
    catch {
        throw fail(`token endpoint ${host} answered ${res.status} with a body that is not JSON; check authentication.tokenEndpointUrl`);
    }
    const body = (typeof parsed === "object" && parsed !== null ? parsed : {});
    if (typeof body.access_token !== "string" || body.access_token === "") {
        throw fail(`token endpoint ${host} answered ${res.status} without an access_token; check authentication.tokenEndpointUrl`);
    }
    const expiresIn = Number(body.expires_in);
    const expiresInS = body.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S;
    return { token: body.access_token, expiresInS };
}
