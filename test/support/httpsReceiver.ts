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
import { randomInt } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";

export interface ScriptedResponse {
  /** Default 200 (302 with redirectTo). */
  status?: number;
  headers?: Record<string, string | string[]>;
  /** Default `{"ok":true}` with Content-Type application/json when neither body nor bodyBytes is given (none for 204/304). */
  body?: string | Buffer;
  /** Wait this long before sending the status line (slow headers). */
  delayMs?: number;
  /** Send the body in `chunks` pieces of `chunk`, one every `intervalMs`, after the headers (slow body). */
  trickle?: { chunks: number; intervalMs: number; chunk?: string };
  /** Stream a body of this many bytes of "x" (huge body). */
  bodyBytes?: number;
  /** 302 with this Location (or `status` if given, e.g. 307). */
  redirectTo?: string;
  /**
   * Drop the connection: "before-headers" answers nothing, "mid-body" sends the headers and half
   * the body (Content-Length announces all of it) first. The TCP connection is reset (RST).
   */
  reset?: "before-headers" | "mid-body";
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Which connection (1, 2, …) carried it: equal ids prove keep-alive reuse. */
  connection: number;
}

export type Responder = (req: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface ReceiverOptions {
  /** Server certificate and key, e.g. a TestCa. */
  tls: { certPem: string; keyPem: string };
  /** Loopback address to bind; default a random 127.x.y.z. */
  host?: string;
  /** Default 443. */
  port?: number;
}

export interface Receiver {
  /** The bound address (pin names to it). */
  host: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** TLS connections accepted so far. */
  readonly connections: number;
  /** Connections open now (a client that closed its pool has none). */
  readonly openConnections: number;
  /** Queues responses, used one per request in order before the responder. */
  reply(...responses: ScriptedResponse[]): void;
  /** Answers requests when the reply queue is empty. */
  respondWith(responder: Responder): void;
  /** `{name: host}` for each name, to use as NetworkPolicy.resolve. */
  pin(...names: string[]): Record<string, string>;
  close(): Promise<void>;
}

/** A random 127.x.y.z, never 127.0.0.1 (which other local software may own). */
export function randomLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

const DEFAULT_RESPONSE: ScriptedResponse = { status: 200 };

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let responder: Responder = () => DEFAULT_RESPONSE;
  let connections = 0;
  let closing = false;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };

  const server: Server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: recordHeaders(req),
        body: Buffer.concat(chunks).toString("utf8"),
        connection: (req.socket as TLSSocket & { connectionId?: number }).connectionId ?? 0,
      };
      requests.push(recorded);
      Promise.resolve(queue.length > 0 ? queue.shift()! : responder(recorded)).then(
        (scripted) => answer(res, scripted),
        () => answer(res, { status: 500, body: "responder failed" }),
      );
    });
  });

  const answer = (res: ServerResponse, r: ScriptedResponse): void => {
    const go = () => {
      if (closing || res.destroyed) return;
      if (r.reset === "before-headers") return reset(res.socket);
      const headers: Record<string, string | string[]> = { ...(r.headers ?? {}) };
      let body: Buffer | undefined;
      // 204 and 304 carry no body by definition; a default body there would be invalid HTTP.
      const bodyless = r.status === 204 || r.status === 304;
      if (r.body !== undefined) body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, "utf8");
      else if (!bodyless && r.bodyBytes === undefined && r.trickle === undefined && r.redirectTo === undefined) {
        body = Buffer.from('{"ok":true}');
        headers["content-type"] ??= "application/json";
      }
      if (r.redirectTo !== undefined) headers.location = r.redirectTo;
      const status = r.status ?? (r.redirectTo !== undefined ? 302 : 200);

      if (r.trickle) {
        const { chunks, intervalMs, chunk = "." } = r.trickle;
        res.writeHead(status, headers);
        res.flushHeaders();
        let sent = 0;
        const next = () => {
          if (closing || res.destroyed) return;
          if (sent === chunks) return void res.end();
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
    if (r.delayMs) later(r.delayMs, go);
    else go();
  };

  server.on("secureConnection", (socket: TLSSocket & { connectionId?: number }) => {
    connections += 1;
    socket.connectionId = connections;
  });
  server.on("connection", (socket: Socket) => {
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
    get openConnections() {
      return sockets.size;
    },
    reply: (...responses) => void queue.push(...responses),
    respondWith: (fn) => {
      responder = fn;
    },
    pin: (...names) => Object.fromEntries(names.map((n) => [n, host])),
    close: async () => {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** Binds `port` on `host`, or on a random loopback address, retrying on a clash. */
async function listen(server: Server, port: number, host: string | undefined): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const address = host ?? randomLoopbackAddress();
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        server.once("error", onError);
        server.listen(port, address, () => {
          server.off("error", onError);
          resolve();
        });
      });
      return address;
    } catch (e) {
      if (host !== undefined || attempt >= 20 || (e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    }
  }
}

function recordHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function streamBytes(res: ServerResponse, total: number): void {
  const block = Buffer.alloc(64 * 1024, "x");
  let left = total;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const n = Math.min(left, block.length);
      left -= n;
      if (!res.write(block.subarray(0, n))) return void res.once("drain", pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** Sends a TCP RST (not a graceful close) so the client sees ECONNRESET. */
function reset(socket: Socket | null): void {
  if (!socket) return;
  // A TLS socket wraps the TCP one; only the TCP socket can reset.
  const tcp = ((socket as Socket & { _parent?: Socket })._parent ?? socket) as Socket & { resetAndDestroy?: () => void };
  try {
    if (typeof tcp.resetAndDestroy === "function") tcp.resetAndDestroy();
    else tcp.destroy();
  } catch {
    socket.destroy();
  }
  socket.destroy();
}
