"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ROUTES = void 0;
exports.splitListen = splitListen;
exports.createApiServer = createApiServer;
// The runtime's HTTP API on node:http: routing, auth, errors, request logs and
// a graceful close. Endpoints are in the *Routes modules.
const node_http_1 = require("node:http");
const apiError_1 = require("./apiError");
const auth_1 = require("./auth");
const body_1 = require("./body");
const deliveryRoutes_1 = require("./deliveryRoutes");
const eventRoutes_1 = require("./eventRoutes");
const routes_1 = require("./routes");
const systemRoutes_1 = require("./systemRoutes");
const webhookRoutes_1 = require("./webhookRoutes");
/** Every route; literal paths come before parameter ones (`/v1/webhooks/test` before `/v1/webhooks/{id}`). */
exports.ROUTES = [...systemRoutes_1.systemRoutes, ...eventRoutes_1.eventRoutes, ...webhookRoutes_1.webhookRoutes, ...deliveryRoutes_1.deliveryRoutes];
/** `host:port` → its parts; `[::1]:8787` → `::1`. */
function splitListen(listen) {
    const i = listen.lastIndexOf(":");
    const host = listen.slice(0, i).replace(/^\[(.*)\]$/, "$1");
    return { host, port: Number(listen.slice(i + 1)) };
}
function createApiServer(options) {
    let stopping = false;
    let inFlight = 0;
    let idle;
    const ctx = { ...options, stopping: () => stopping };
    const { logger } = options;
    const server = (0, node_http_1.createServer)({ requestTimeout: 120_000, headersTimeout: 30_000, keepAliveTimeout: 5_000 }, (req, res) => {
        inFlight += 1;
        const started = process.hrtime.bigint();
        const path = pathnameOf(req.url);
        res.on("close", () => {
            inFlight -= 1;
            const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
            // Only the path: query strings, bodies and headers are never logged.
            const quiet = path === "/healthz" || path === "/metrics";
            logger.log(quiet ? "debug" : "info", "request", { method: req.method, path, status: res.statusCode, ms });
            if (inFlight === 0)
                idle?.();
        });
        handle(req, res, path).catch((e) => {
            logger.error("request failed", { method: req.method, path, error: e });
            if (!res.headersSent)
                send(res, { status: 500, body: { error: { code: "INTERNAL_ERROR", message: "the runtime failed to answer; see its log", path: "" } } });
            else
                res.destroy();
        });
    });
    async function handle(req, res, path) {
        if (stopping)
            res.setHeader("Connection", "close");
        const result = await answer(req, path).catch((e) => {
            const err = (0, apiError_1.asWebhookError)(e);
            if (err === undefined)
                throw e;
            return { status: (0, apiError_1.statusOf)(err.code), body: (0, apiError_1.errorBody)(err) };
        });
        // A body refused half-read is not drained: the connection closes after the answer.
        if (result.status === 413)
            res.setHeader("Connection", "close");
        if (result.status === 401)
            res.setHeader("WWW-Authenticate", 'Bearer realm="webhooks"');
        send(res, result);
    }
    async function answer(req, path) {
        const match = (0, routes_1.matchRoute)(exports.ROUTES, path);
        if (match === undefined)
            throw (0, apiError_1.apiError)("API_NOT_FOUND", `no such endpoint: ${path.slice(0, 100)}; see docs/runtime.md for the API`);
        const method = (req.method ?? "GET").toUpperCase();
        const endpoint = match.route.methods[(method === "HEAD" ? "GET" : method)];
        if (endpoint === undefined) {
            const allowed = Object.keys(match.route.methods).join(", ");
            throw (0, apiError_1.apiError)("API_METHOD_NOT_ALLOWED", `${method} is not allowed on ${match.route.path}; use ${allowed}`);
        }
        if (endpoint.access !== "public") {
            const token = (0, auth_1.bearerToken)(req.headers.authorization);
            if (!(0, auth_1.tokenMatches)(token, (0, auth_1.acceptedTokens)(endpoint.access, options.tokens))) {
                const which = endpoint.access === "admin" ? "the admin token" : "the ingest token (or the admin token)";
                throw (0, apiError_1.apiError)("API_UNAUTHORIZED", `${token === undefined ? "missing" : "wrong"} bearer token: send "Authorization: Bearer <token>" with ${which}`);
            }
        }
        if (stopping && endpoint.access !== "public") {
            throw (0, apiError_1.apiError)("STORE_UNAVAILABLE", "the runtime is shutting down; send the request again once it is back");
        }
        const query = new URL(req.url ?? "/", "http://runtime").searchParams;
        return endpoint.handle({ params: match.params, query, json: () => (0, body_1.readJson)(req, options.maxBodyBytes) }, ctx);
    }
    return {
        server,
        listen(listen) {
            const { host, port } = splitListen(listen);
            return new Promise((resolve, reject) => {
                server.once("error", reject);
                server.listen(port, host, () => {
                    server.off("error", reject);
                    const addr = server.address();
                    const shown = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
                    resolve({ host: addr.address, port: addr.port, url: `http://${shown}:${addr.port}` });
                });
            });
        },
        async close({ drainMs = 65_000 } = {}) {
            stopping = true;
            const closed = new Promise((resolve) => server.close(() => resolve()));
            server.closeIdleConnections();
            if (inFlight > 0) {
                await new Promise((resolve) => {
                    const timer = setTimeout(resolve, drainMs);
                    timer.unref();
                    idle = () => {
                        clearTimeout(timer);
                        resolve();
                    };
                });
            }
            server.closeAllConnections();
            await closed;
        },
    };
}
function pathnameOf(url) {
    const raw = url ?? "/";
    const q = raw.indexOf("?");
    return q < 0 ? raw : raw.slice(0, q);
}
function send(res, result) {
    if (result.status === 204) {
        res.writeHead(204).end();
        return;
    }
    const text = result.text ?? JSON.stringify(result.body ?? {});
    res.writeHead(result.status, {
        "Content-Type": result.contentType ?? "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
        "Cache-Control": "no-store",
    });
    res.end(res.req.method === "HEAD" ? undefined : text);
}
