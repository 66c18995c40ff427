// Shared by the runtime's integration tests: a small API client that keeps every
// answer (so a test can check that no secret ever left the runtime), a poller,
// and a raw HTTP request for the cases fetch cannot make (a body refused mid-send).
import { request as httpRequest } from "node:http";

export const ADMIN = "it-admin-token-4f9d2c7b1e8a3056";
export const INGEST = "it-ingest-token-8b3e1f6a9c2d4705";

/** Secret values of the test webhooks: none may appear in an API answer or a log line. */
export const SECRETS = {
  header: "hdr-secret-7c1e9a42",
  bearer: "bearer-secret-5d2f8b61",
  query: "qry-secret-3a9c4e07",
  signing: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
};

/** A request webhook with every kind of secret, in the registration body's shape. */
export function requestWebhook(name: string, path: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: "request",
    name,
    url: `https://hooks.test${path}?key=${SECRETS.query}`,
    headers: { "X-Api-Key": SECRETS.header },
    authentication: { type: "bearer", token: SECRETS.bearer },
    signingSecret: SECRETS.signing,
    bodyTemplate: '{"id": "{{data.id}}", "type": "{{event_type}}"}',
    triggers: ["RequestCreated", "Manual"],
    timeoutSeconds: 5,
    ...extra,
  };
}

/** The runtime config every test uses, around a receiver reached as hooks.test. */
export function runtimeConfig(pin: Record<string, string>, caFile: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    network: { resolve: pin, allowCidrs: ["127.0.0.0/8"] },
    tls: { caFile },
    delivery: { maxAttempts: 2, backoff: { initialSeconds: 0.05, maxSeconds: 0.2, multiplier: 2 } },
    ingest: { maxBodyBytes: 16384, maxBatch: 1000 },
    ...extra,
  };
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class Api {
  /** Every answer's text, in order. */
  readonly texts: string[] = [];
  constructor(readonly url: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<Answer<T>> {
    const token = options.token === undefined ? ADMIN : options.token;
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(options.body === undefined ? {} : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
    });
    const text = await res.text();
    this.texts.push(text);
    let body: unknown = undefined;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body: body as T, text, headers: res.headers };
  }
}

/** Polls until `check` returns a value (not undefined); throws with `what` after the deadline. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A POST with node:http that resolves on the answer even if the server stops reading the body
 * (fetch reports that as a network error). `chunked` sends no Content-Length.
 */
export function rawPost(url: string, path: string, body: Buffer, options: { token: string; chunked?: boolean }): Promise<{ status: number; text: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${options.token}`,
        "Content-Type": "application/json",
        ...(options.chunked === true ? {} : { "Content-Length": String(body.length) }),
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, ...(res.headers.connection === undefined ? {} : { connection: res.headers.connection }) }));
      res.on("error", reject);
    });
    // The server may close while the body is still being written: the answer has already come.
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE" && e.code !== "ECONNRESET" && e.code !== "ERR_STREAM_DESTROYED") reject(e);
    });
    if (options.chunked === true) {
      const chunk = 4096;
      let i = 0;
      const next = () => {
        if (req.destroyed) return;
        if (i >= body.length) return void req.end();
        const part = body.subarray(i, i + chunk);
        i += chunk;
        if (req.write(part)) setImmediate(next);
        else req.once("drain", next);
      };
      next();
    } else {
      req.end(body);
    }
  });
}
