"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.randomLoopbackAddress = randomLoopbackAddress;
exports.startReceiver = startReceiver;
// A real HTTPS webhook target on a loopback address, port 443, for tests.
//
// Webhook URLs may not carry a port, so each receiver binds its own random
// 127.x.y.z:443 (parallel jest workers never collide) and tests reach it by
// name through a pin:
//
//   const ca = createTestCa();
//   const rx = await startReceiver({ tls: ca });
//   const client = new HttpClient({ policy: { allowPrivateAddresses: false, allowCidrs: ["127.0.0.0/8"],
//                                             resolve: rx.pin("hooks.test"), caFile: ca.caFile } });
//   rx.reply({ status: 500 }, { status: 200, body: '{"ok":true}' });   // scripted, in order
//   await client.send({ method: "POST", url: "https://hooks.test/in", headers: {}, body: "{}" }, { timeoutMs: 2000 });
//   rx.requests[0].body; rx.connections;
//   await rx.close();
//
// Responses come from the reply() queue, then from respondWith()'s responder, then the default
// (200 {"ok":true}). The server, its sockets and timers are unref'd: a forgotten receiver never keeps
// a test process alive.
const node_crypto_1 = require("node:crypto");
const node_https_1 = require("node:https");
/** A random 127.x.y.z, never 127.0.0.1 (which other local software may own). */
function randomLoopbackAddress() {
    return `127.${(0, node_crypto_1.randomInt)(1, 255)}.${(0, node_crypto_1.randomInt)(0, 256)}.${(0, node_crypto_1.randomInt)(1, 255)}`;
}
const DEFAULT_RESPONSE = { status: 200 };
async function startReceiver(options) {
    const requests = [];
    const queue = [];
    const sockets = new Set();
    const timers = new Set();
    let responder = () => DEFAULT_RESPONSE;
    let connections = 0;
    let closing = false;
    const later = (ms, fn) => {
        const t = setTimeout(() => {
            timers.delete(t);
            fn();
        }, ms);
        t.unref();
        timers.add(t);
    };
    const server = (0, node_https_1.createServer)({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
            const recorded = {
                method: req.method ?? "",
                url: req.url ?? "",
                headers: recordHeaders(req),
                body: Buffer.concat(chunks).toString("utf8"),
                connection: req.socket.connectionId ?? 0,
            };
            requests.push(recorded);
            Promise.resolve(queue.length > 0 ? queue.shift() : responder(recorded)).then((scripted) => answer(res, scripted), () => answer(res, { status: 500, body: "responder failed" }));
        });
    });
    const answer = (res, r) => {
        const go = () => {
            if (closing || res.destroyed)
                return;
            if (r.reset === "before-headers")
                return reset(res.socket);
            const headers = { ...(r.headers ?? {}) };
            let body;
            // 204 and 304 carry no body by definition; a default body there would be invalid HTTP.
            const bodyless = r.status === 204 || r.status === 304;
            if (r.body !== undefined)
                body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, "utf8");
            else if (!bodyless && r.bodyBytes === undefined && r.trickle === undefined && r.redirectTo === undefined) {
                body = Buffer.from('{"ok":true}');
                headers["content-type"] ??= "application/json";
            }
            if (r.redirectTo !== undefined)
                headers.location = r.redirectTo;
            const status = r.status ?? (r.redirectTo !== undefined ? 302 : 200);
            if (r.trickle) {
                const { chunks, intervalMs, chunk = "." } = r.trickle;
                res.writeHead(status, headers);
                res.flushHeaders();
                let sent = 0;
                const next = () => {
                    if (closing || res.destroyed)
                        return;
                    if (sent === chunks)
                        return void res.end();
                    sent += 1;
                    res.write(chunk);
                    later(intervalMs, next);
                };
                next();
                return;
            }
            if (r.bodyBytes !== undefined) {
                res.writeHead(status, { ...headers, "content-length": String(r.bodyBytes) });
                streamBytes(res, r.bodyBytes);
                return;
            }
            const payload = body ?? Buffer.alloc(0);
            res.writeHead(status, { ...headers, "content-length": String(payload.length) });
            if (r.reset === "mid-body") {
                res.write(payload.subarray(0, Math.floor(payload.length / 2)));
                later(20, () => reset(res.socket));
                return;
            }
            res.end(payload);
        };
        if (r.delayMs)
            later(r.delayMs, go);
        else
            go();
    };
    server.on("secureConnection", (socket) => {
        connections += 1;
        socket.connectionId = connections;
    });
    server.on("connection", (socket) => {
        socket.unref();
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    server.on("tlsClientError", () => {
        // Clients that reject our certificate abort the handshake; that is the point of those tests.
    });
    const port = options.port ?? 443;
    const host = await listen(server, port, options.host);
    server.unref();
    return {
        host,
        port,
        requests,
        get connections() {
            return connections;
        },
        reply: (...responses) => void queue.push(...responses),
        respondWith: (fn) => {
            responder = fn;
        },
        pin: (...names) => Object.fromEntries(names.map((n) => [n, host])),
        close: async () => {
            closing = true;
            for (const t of timers)
                clearTimeout(t);
            timers.clear();
            const closed = new Promise((resolve) => server.close(() => resolve()));
            for (const s of sockets)
                s.destroy();
            await closed;
        },
    };
}
/** Binds `port` on `host`, or on a random loopback address, retrying on a clash. */
async function listen(server, port, host) {
    for (let attempt = 0;; attempt++) {
        const address = host ?? randomLoopbackAddress();
        try {
            await new Promise((resolve, reject) => {
                const onError = (e) => reject(e);
                server.once("error", onError);
                server.listen(port, address, () => {
                    server.off("error", onError);
                    resolve();
                });
            });
            return address;
        }
        catch (e) {
            if (host !== undefined || attempt >= 20 || e.code !== "EADDRINUSE")
                throw e;
        }
    }
}
function recordHeaders(req) {
    const out = {};
    for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined)
            out[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return out;
}
function streamBytes(res, total) {
    const block = Buffer.alloc(64 * 1024, "x");
    let left = total;
    const pump = () => {
        while (left > 0 && !res.destroyed) {
            const n = Math.min(left, block.length);
            left -= n;
            if (!res.write(block.subarray(0, n)))
                return void res.once("drain", pump);
        }
        if (!res.destroyed)
            res.end();
    };
    pump();
}
/** Sends a TCP RST (not a graceful close) so the client sees ECONNRESET. */
function reset(socket) {
    if (!socket)
        return;
    // A TLS socket wraps the TCP one; only the TCP socket can reset.
    const tcp = (socket._parent ?? socket);
    try {
        if (typeof tcp.resetAndDestroy === "function")
            tcp.resetAndDestroy();
        else
            tcp.destroy();
    }
    catch {
        socket.destroy();
    }
    socket.destroy();
}
