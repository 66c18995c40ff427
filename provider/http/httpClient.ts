// One HTTP exchange with a webhook target or token endpoint, over a keep-alive
// pool per origin. The network policy is enforced in the connector, on the
// address actually dialled, so DNS answers and --resolve pins cannot route a
// delivery to a refused address. Redirects are never followed.
import type { LookupAddress, LookupOptions } from "node:dns";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { StringDecoder } from "node:string_decoder";
import { createSecureContext, rootCertificates } from "node:tls";
import { buildConnector, Pool } from "undici";
import { WebhookError } from "../errors";
import { VERSION } from "../version";
import { classifyError } from "./classify";
import { DnsCache } from "./dnsCache";
import { LruMap } from "../lruMap";
import { descriptorsExhausted } from "./openFiles";
import { isRefusedAddress, validateNetworkPolicy, type NetworkPolicy } from "./networkPolicy";

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpExchange {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Decoded UTF-8, at most maxBodyBytes kept (a character cut at the limit is dropped). */
  body: string;
  /** Total size received. */
  bodyBytes: number;
  bodyTruncated: boolean;
  durationMs: number;
}

export interface HttpClientOptions {
  policy: NetworkPolicy;
  /** Response body bytes kept in the exchange; the rest is read and counted, not kept. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Sent when the request has no User-Agent header; default `pulumi-webhooks/<version>`. */
  userAgent?: string;
  /** Concurrent connections per origin; default unlimited. */
  connectionsPerOrigin?: number;
  /** A pool unused this long is closed (its origin gets a new one when needed). Default 5 min. */
  poolIdleMs?: number;
  /** Pools kept at most; the least recently used is closed first. Default 512. */
  maxPools?: number;
  /** DNS answers are cached (default: a 30 s, 1000-name cache); pass one to share or tune it. */
  dns?: DnsCache;
}

interface PoolEntry {
  pool: Pool;
  /** Sends in progress on it. */
  active: number;
  lastUsed: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_USER_AGENT = `pulumi-webhooks/${VERSION}`;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Set by the client from the request itself; a caller's value would desynchronise framing or routing.
const FORBIDDEN_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "expect"]);

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function refused(host: string, ip: string): WebhookError {
  return new WebhookError({
    code: "ADDRESS_REFUSED",
    retryable: false,
    path: "url",
    message:
      `${host === ip ? `the address ${ip} is` : `${host} resolves to ${ip},`} a loopback, private, link-local or metadata address, which deliveries may not reach; ` +
      `use a public address, or let the runtime operator open it with network.allowCidrs or network.allowPrivateAddresses`,
  });
}

function localExhaustion(hostname: string, cause: NodeJS.ErrnoException): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo EMFILE ${hostname}`), { code: "EMFILE", syscall: "getaddrinfo", cause });
}

function invalid(code: WebhookError["code"], path: string, message: string): WebhookError {
  return new WebhookError({ code, path, message, retryable: false });
}

export class HttpClient {
  private readonly policy: NetworkPolicy;
  private readonly pins: Map<string, string>;
  private readonly maxBodyBytes: number;
  private readonly userAgent: string;
  private readonly connections: number | undefined;
  private readonly connect: buildConnector.connector;
  private readonly pools: LruMap<string, PoolEntry>;
  private readonly poolIdleMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly dns: DnsCache;
  private closed = false;

  constructor(options: HttpClientOptions) {
    validateNetworkPolicy(options.policy);
    this.policy = options.policy;
    this.pins = new Map(Object.entries(options.policy.resolve).map(([host, ip]) => [host.toLowerCase(), ip]));
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.connections = options.connectionsPerOrigin;
    this.dns = options.dns ?? new DnsCache();
    this.poolIdleMs = options.poolIdleMs ?? 5 * 60_000;
    // close() lets requests already queued on an evicted pool finish, so evicting a busy one is safe.
    this.pools = new LruMap(options.maxPools ?? 512, (entry) => void entry.pool.close().catch(() => undefined));
    this.sweeper = setInterval(() => this.sweepPools(), Math.max(50, Math.min(this.poolIdleMs / 2, 60_000)));
    this.sweeper.unref();

    let ca: string[] | undefined;
    if (options.policy.caFile !== undefined) {
      try {
        ca = [...rootCertificates, readFileSync(options.policy.caFile, "utf8")];
      } catch (e) {
        throw new WebhookError({
          code: "CONFIG_FILE_UNREADABLE",
          path: "tls.caFile",
          message: `tls.caFile ${options.policy.caFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"}); point it at a PEM file of CA certificates`,
          cause: e,
        });
      }
    }
    // One context for every connection: given only `ca`, tls.connect builds a new context per
    // connection, parsing every root certificate again (~50 ms of CPU and ~1 MB each).
    const secureContext = ca === undefined ? undefined : createSecureContext({ ca });
    // rejectUnauthorized is spelled out: no option of this client turns verification off.
    const base = buildConnector({
      ...(secureContext === undefined ? {} : { secureContext }),
      rejectUnauthorized: true,
      lookup: this.lookup,
      timeout: 60_000,
    });
    this.connect = (opts, callback) => {
      // Node skips `lookup` for IP literals, so those are checked here.
      if (isIP(opts.hostname) && isRefusedAddress(opts.hostname, this.policy)) {
        callback(refused(opts.hostname, opts.hostname), null);
        return;
      }
      base(opts, callback);
    };
  }

  /** Pools open now (one per origin recently sent to). */
  get openPools(): number {
    return this.pools.size;
  }

  private sweepPools(): void {
    const now = performance.now();
    this.pools.sweep((e) => e.active === 0 && now - e.lastUsed >= this.poolIdleMs);
  }

  // Pins first, then DNS (cached); refused addresses are dropped and the rest dialled (happy eyeballs).
  // Always calls back asynchronously: net.connect reports a failed connect from inside a synchronous
  // lookup callback before undici has attached its 'error' listener, an unhandled error that exits the process.
  private readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const decide = (addresses: LookupAddress[]) => {
      const allowed = addresses.filter((a) => !isRefusedAddress(a.address, this.policy));
      if (allowed.length === 0) {
        callback(refused(hostname, addresses[0]?.address ?? "no address") as unknown as NodeJS.ErrnoException, []);
      } else if (options.all) {
        callback(null, allowed);
      } else {
        callback(null, allowed[0].address, allowed[0].family);
      }
    };
    const pinned = this.pins.get(hostname.toLowerCase());
    if (pinned !== undefined) {
      process.nextTick(decide, [{ address: pinned, family: isIP(pinned) }]);
      return;
    }
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
    this.dns.lookup(hostname, family, (err, addresses) => {
      // Out of descriptors, getaddrinfo cannot read resolv.conf or open a socket and answers like a DNS failure.
      if (err) callback(descriptorsExhausted() ? localExhaustion(hostname, err) : err, []);
      else decide(addresses);
    });
  };

  private poolFor(origin: string): PoolEntry {
    let entry = this.pools.get(origin);
    if (!entry) {
      const pool = new Pool(origin, { connect: this.connect, connections: this.connections ?? null, pipelining: 1 });
      entry = { pool, active: 0, lastUsed: performance.now() };
      this.pools.set(origin, entry);
    }
    return entry;
  }

  /**
   * One exchange; timeoutMs is a hard deadline for the whole exchange (connect + TLS + headers + body).
   * `signal` stops it sooner (the runtime's attempt lost its lease); the caller reports why.
   */
  async send(req: OutgoingRequest, options: { timeoutMs: number; signal?: AbortSignal }): Promise<HttpExchange> {
    if (this.closed) throw new Error("HttpClient.send called after close()");
    const url = parseTarget(req.url);
    const headers = checkRequest(req);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "user-agent")) headers["user-agent"] = this.userAgent;

    // One controller per exchange, aborted by the deadline or the caller's signal. A listener, not
    // AbortSignal.any: that builds a third signal with weak references every send (bench/profileDelivery).
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, options.timeoutMs);
    const callerSignal = options.signal;
    const onCallerAbort = () => abort.abort(callerSignal?.reason);
    if (callerSignal?.aborted === true) onCallerAbort();
    else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    const started = performance.now();
    const entry = this.poolFor(url.origin);
    entry.active += 1;
    try {
      const res = await entry.pool.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers,
        body: req.body,
        signal: abort.signal,
        // Our deadline governs; undici's idle timers only back it up.
        headersTimeout: options.timeoutMs + 1000,
        bodyTimeout: options.timeoutMs + 1000,
      });
      const chunks: Buffer[] = [];
      let kept = 0;
      let total = 0;
      // Read to the end (within the deadline) so the connection can be reused.
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (kept < this.maxBodyBytes) {
          const part = chunk.subarray(0, this.maxBodyBytes - kept);
          chunks.push(part);
          kept += part.length;
        }
      }
      // undici frees the connection one event-loop turn after the body ends (client-h1.js); waiting
      // that turn lets the next sequential send reuse it instead of opening a second connection.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const truncated = total > kept;
      const decoder = new StringDecoder("utf8");
      const body = decoder.write(Buffer.concat(chunks)) + (truncated ? "" : decoder.end());
      return {
        status: res.statusCode,
        headers: flattenHeaders(res.headers),
        body,
        bodyBytes: total,
        bodyTruncated: truncated,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (e) {
      throw classifyError(e, { host: url.host, timedOut });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      entry.active -= 1;
      entry.lastUsed = performance.now();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const pools = this.pools.values();
    this.pools.clear();
    await Promise.all(pools.map((e) => e.pool.close()));
  }
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
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

function checkRequest(req: OutgoingRequest): Record<string, string> {
  if (!TOKEN.test(req.method)) {
    throw invalid("CONFIG_INVALID_METHOD", "method", "method is not an HTTP method token; use POST, PUT, PATCH, DELETE or GET");
  }
  const out: Record<string, string> = {};
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

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
