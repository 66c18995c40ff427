"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HttpClient = exports.DEFAULT_MAX_BODY_BYTES = void 0;
// One HTTP exchange with a webhook target or token endpoint, over a keep-alive
// pool per origin. The network policy is enforced in the connector, on the
// address actually dialled, so DNS answers and --resolve pins cannot route a
// delivery to a refused address. Redirects are never followed.
const node_dns_1 = require("node:dns");
const node_fs_1 = require("node:fs");
const node_net_1 = require("node:net");
const node_perf_hooks_1 = require("node:perf_hooks");
const node_string_decoder_1 = require("node:string_decoder");
const node_tls_1 = require("node:tls");
const undici_1 = require("undici");
const errors_1 = require("../errors");
const version_1 = require("../version");
const classify_1 = require("./classify");
const networkPolicy_1 = require("./networkPolicy");
exports.DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_USER_AGENT = `pulumi-webhooks/${version_1.VERSION}`;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Set by the client from the request itself; a caller's value would desynchronise framing or routing.
const FORBIDDEN_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "expect"]);
function refused(host, ip) {
    return new errors_1.WebhookError({
        code: "ADDRESS_REFUSED",
        retryable: false,
        path: "url",
        message: `${host === ip ? `the address ${ip} is` : `${host} resolves to ${ip},`} a loopback, private, link-local or metadata address, which deliveries may not reach; ` +
            `use a public address, or let the runtime operator open it with network.allowCidrs or network.allowPrivateAddresses`,
    });
}
function invalid(code, path, message) {
    return new errors_1.WebhookError({ code, path, message, retryable: false });
}
class HttpClient {
    policy;
    pins;
    maxBodyBytes;
    userAgent;
    connections;
    connect;
    pools = new Map();
    closed = false;
    constructor(options) {
        (0, networkPolicy_1.validateNetworkPolicy)(options.policy);
        this.policy = options.policy;
        this.pins = new Map(Object.entries(options.policy.resolve).map(([host, ip]) => [host.toLowerCase(), ip]));
        this.maxBodyBytes = options.maxBodyBytes ?? exports.DEFAULT_MAX_BODY_BYTES;
        this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
        this.connections = options.connectionsPerOrigin;
        let ca;
        if (options.policy.caFile !== undefined) {
            try {
                ca = [...node_tls_1.rootCertificates, (0, node_fs_1.readFileSync)(options.policy.caFile, "utf8")];
            }
            catch (e) {
                throw new errors_1.WebhookError({
                    code: "CONFIG_FILE_UNREADABLE",
                    path: "tls.caFile",
                    message: `tls.caFile ${options.policy.caFile} cannot be read (${e.code ?? "error"}); point it at a PEM file of CA certificates`,
                    cause: e,
                });
            }
        }
        // rejectUnauthorized is spelled out: no option of this client turns verification off.
        const base = (0, undici_1.buildConnector)({ ca, rejectUnauthorized: true, lookup: this.lookup, timeout: 60_000 });
        this.connect = (opts, callback) => {
            // Node skips `lookup` for IP literals, so those are checked here.
            if ((0, node_net_1.isIP)(opts.hostname) && (0, networkPolicy_1.isRefusedAddress)(opts.hostname, this.policy)) {
                callback(refused(opts.hostname, opts.hostname), null);
                return;
            }
            base(opts, callback);
        };
    }
    // Pins first, then DNS; refused addresses are dropped and the rest dialled (happy eyeballs).
    lookup = (hostname, options, callback) => {
        const decide = (addresses) => {
            const allowed = addresses.filter((a) => !(0, networkPolicy_1.isRefusedAddress)(a.address, this.policy));
            if (allowed.length === 0) {
                callback(refused(hostname, addresses[0]?.address ?? "no address"), []);
            }
            else if (options.all) {
                callback(null, allowed);
            }
            else {
                callback(null, allowed[0].address, allowed[0].family);
            }
        };
        const pinned = this.pins.get(hostname.toLowerCase());
        if (pinned !== undefined) {
            decide([{ address: pinned, family: (0, node_net_1.isIP)(pinned) }]);
            return;
        }
        (0, node_dns_1.lookup)(hostname, { family: options.family ?? 0, hints: options.hints, all: true }, (err, addresses) => {
            if (err)
                callback(err, []);
            else
                decide(addresses);
        });
    };
    poolFor(origin) {
        let pool = this.pools.get(origin);
        if (!pool) {
            pool = new undici_1.Pool(origin, { connect: this.connect, connections: this.connections ?? null, pipelining: 1 });
            this.pools.set(origin, pool);
        }
        return pool;
    }
    /** One exchange; timeoutMs is a hard deadline for the whole exchange (connect + TLS + headers + body). */
    async send(req, options) {
        if (this.closed)
            throw new Error("HttpClient.send called after close()");
        const url = parseTarget(req.url);
        const headers = checkRequest(req);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === "user-agent"))
            headers["user-agent"] = this.userAgent;
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
        const started = node_perf_hooks_1.performance.now();
        try {
            const res = await this.poolFor(url.origin).request({
                origin: url.origin,
                path: `${url.pathname}${url.search}`,
                method: req.method,
                headers,
                body: req.body,
                signal: deadline.signal,
                // Our deadline governs; undici's idle timers only back it up.
                headersTimeout: options.timeoutMs + 1000,
                bodyTimeout: options.timeoutMs + 1000,
            });
            const chunks = [];
            let kept = 0;
            let total = 0;
            // Read to the end (within the deadline) so the connection can be reused.
            for await (const chunk of res.body) {
                total += chunk.length;
                if (kept < this.maxBodyBytes) {
                    const part = chunk.subarray(0, this.maxBodyBytes - kept);
                    chunks.push(part);
                    kept += part.length;
                }
            }
            // undici frees the connection one event-loop turn after the body ends (client-h1.js); waiting
            // that turn lets the next sequential send reuse it instead of opening a second connection.
            await new Promise((resolve) => setImmediate(resolve));
            const truncated = total > kept;
            const decoder = new node_string_decoder_1.StringDecoder("utf8");
            const body = decoder.write(Buffer.concat(chunks)) + (truncated ? "" : decoder.end());
            return {
                status: res.statusCode,
                headers: flattenHeaders(res.headers),
                body,
                bodyBytes: total,
                bodyTruncated: truncated,
                durationMs: Math.round(node_perf_hooks_1.performance.now() - started),
            };
        }
        catch (e) {
            throw (0, classify_1.classifyError)(e, { host: url.host, timedOut: deadline.signal.aborted });
        }
        finally {
            clearTimeout(timer);
        }
    }
    async close() {
        this.closed = true;
        const pools = [...this.pools.values()];
        this.pools.clear();
        await Promise.all(pools.map((p) => p.close()));
    }
}
exports.HttpClient = HttpClient;
function parseTarget(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw invalid("CONFIG_INVALID_URL", "url", "url is not a valid absolute URL; write it as https://host/path");
    }
    if (url.protocol !== "https:") {
        throw invalid("CONFIG_INVALID_URL", "url", `url must use https: (got ${url.protocol}); deliveries are always sent over TLS`);
    }
    if (url.username !== "" || url.password !== "") {
        throw invalid("CONFIG_INVALID_URL", "url", `url for ${url.host} carries user info; remove it and use authentication or headers instead`);
    }
    return url;
}
function checkRequest(req) {
    if (!TOKEN.test(req.method)) {
        throw invalid("CONFIG_INVALID_METHOD", "method", "method is not an HTTP method token; use POST, PUT, PATCH, DELETE or GET");
    }
    const out = {};
    for (const [name, value] of Object.entries(req.headers)) {
        if (!TOKEN.test(name)) {
            throw invalid("CONFIG_INVALID_HEADER", `headers.${name}`, `header name "${name}" is not an HTTP token; use letters, digits and -`);
        }
        if (FORBIDDEN_HEADERS.has(name.toLowerCase())) {
            throw invalid("CONFIG_FORBIDDEN_HEADER", `headers.${name}`, `header ${name} is set by the HTTP client; remove it from headers`);
        }
        if (/[\r\n\0]/.test(value)) {
            throw invalid("CONFIG_INVALID_HEADER", `headers.${name}`, `the value of header ${name} contains CR, LF or NUL; remove line breaks from it`);
        }
        out[name] = value;
    }
    return out;
}
function flattenHeaders(raw) {
    const out = {};
    for (const [name, value] of Object.entries(raw)) {
        if (value === undefined)
            continue;
        out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    return out;
}
