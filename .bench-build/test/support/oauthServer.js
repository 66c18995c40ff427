"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startOAuthServer = startOAuthServer;
// A real OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4) over HTTPS,
// on its own random 127.x.y.z:443, for tests. It is a Receiver with a token
// responder, so failures can still be scripted with `oauth.receiver.reply(...)`.
//
//   const oauth = await startOAuthServer({ tls: ca, accepts: ["form"] });
//   policy.resolve = { ...oauth.pin(), ...receiver.pin("hooks.test") };
//   settings = { clientId: oauth.clientId, clientSecret: oauth.clientSecret, tokenEndpointUrl: oauth.tokenUrl };
//   oauth.tokenRequests      // successful + failed token requests
//   oauth.isValid(token)     // for a receiver that checks bearer tokens
const node_crypto_1 = require("node:crypto");
const httpsReceiver_1 = require("./httpsReceiver");
// application/x-www-form-urlencoded decoding of one Basic credential part (RFC 6749 §2.3.1).
const formDecode = (s) => decodeURIComponent(s.replace(/\+/g, " "));
async function startOAuthServer(options) {
    const name = options.name ?? "oauth.test";
    const accepts = new Set(options.accepts ?? ["basic", "form"]);
    const clients = options.clients ?? { "client-1": "secret-1" };
    let expiresIn = options.expiresIn === undefined ? 3600 : options.expiresIn;
    const tokenRequests = [];
    const issued = [];
    const valid = new Set();
    const receiver = await (0, httpsReceiver_1.startReceiver)({ tls: options.tls });
    const json = (status, body, headers = {}) => ({
        status,
        headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
        body: JSON.stringify(body),
    });
    const respond = (req) => {
        const form = new URLSearchParams(req.body);
        const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "");
        const record = {
            auth: basic ? "basic" : form.has("client_secret") ? "form" : "none",
            grantType: form.get("grant_type") ?? undefined,
            scope: form.get("scope") ?? undefined,
            audience: form.get("audience") ?? undefined,
            issued: false,
        };
        tokenRequests.push(record);
        if (req.method !== "POST" || req.url.split("?")[0] !== "/oauth/token")
            return json(404, { error: "not_found" });
        let id;
        let secret;
        if (basic) {
            const decoded = Buffer.from(basic[1], "base64").toString("utf8");
            const colon = decoded.indexOf(":");
            id = formDecode(decoded.slice(0, colon));
            secret = formDecode(decoded.slice(colon + 1));
            if (!accepts.has("basic"))
                return json(options.rejectBasicWith ?? 401, { error: "invalid_client" });
        }
        else if (record.auth === "form") {
            id = form.get("client_id") ?? undefined;
            secret = form.get("client_secret") ?? undefined;
            if (!accepts.has("form"))
                return json(400, { error: "invalid_client" });
        }
        record.clientId = id;
        if (id === undefined || clients[id] === undefined || clients[id] !== secret) {
            // RFC 6749 §5.2: 401 when the client tried the Authorization header, else 400.
            return basic
                ? json(401, { error: "invalid_client" }, { "www-authenticate": 'Basic realm="token"' })
                : json(400, { error: "invalid_client" });
        }
        if (record.grantType !== "client_credentials")
            return json(400, { error: "unsupported_grant_type" });
        const token = `tok-${issued.length + 1}-${(0, node_crypto_1.randomBytes)(8).toString("hex")}`;
        issued.push(token);
        valid.add(token);
        record.issued = true;
        return json(200, {
            access_token: token,
            token_type: "Bearer",
            ...(expiresIn === null ? {} : { expires_in: expiresIn }),
            ...(record.scope ? { scope: record.scope } : {}),
        });
    };
    receiver.respondWith(respond);
    const [clientId, clientSecret] = Object.entries(clients)[0];
    return {
        name,
        tokenUrl: `https://${name}/oauth/token`,
        clientId,
        clientSecret,
        tokenRequests,
        issued,
        isValid: (token) => valid.has(token),
        revokeAll: () => valid.clear(),
        setExpiresIn: (s) => {
            expiresIn = s;
        },
        pin: () => receiver.pin(name),
        receiver,
        close: () => receiver.close(),
    };
}
