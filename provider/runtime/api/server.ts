// The runtime's HTTP API on node:http: routing, auth, errors, request logs and
// a graceful close. Endpoints are in the *Routes modules.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiError, asWebhookError, errorBody, statusOf } from "./apiError";
import { acceptedTokens, bearerToken, needsToken, tokenMatches, type ApiTokens } from "./auth";
import { consoleRoutes } from "./consoleRoutes";
import { ConsoleSessions, csrfOk, sessionCookie, type ConsoleSession } from "./consoleSessions";
import { insightRoutes } from "./insightRoutes";
import { BUSY_RETRY_AFTER_SECONDS, readJson } from "./body";
import { BodyBudget, BodyReservation } from "./bodyBudget";
import { guardConnections } from "./connectionBudget";
import { deliveryRoutes } from "./deliveryRoutes";
import { eventRoutes } from "./eventRoutes";
import { matchRoute, type ApiContext, type Method, type Route, type RouteResult } from "./routes";
import { systemRoutes } from "./systemRoutes";
import { webhookRoutes } from "./webhookRoutes";

/** Every route; literal paths come before parameter ones (`/v1/webhooks/test` before `/v1/webhooks/{id}`). */
export const ROUTES: readonly Route[] = [...systemRoutes, ...consoleRoutes, ...eventRoutes, ...insightRoutes, ...webhookRoutes, ...deliveryRoutes];

export interface ApiServerOptions extends Omit<ApiContext, "stopping" | "sessions"> {
  tokens: ApiTokens;
  /** Open connections at most (see connectionBudget.ts); default 1024. */
  maxConnections?: number;
}

export interface ApiServer {
  readonly server: Server;
  /** Listens on `host:port` (port 0: any free port); resolves with the address actually bound. */
  listen(listen: string): Promise<{ host: string; port: number; url: string }>;
  /**
   * Stops accepting connections, lets requests in progress finish (up to `drainMs`), then closes
   * every connection. Requests arriving meanwhile on open keep-alive connections get 503.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** `host:port` → its parts; `[::1]:8787` → `::1`. */
export function splitListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(":");
  const host = listen.slice(0, i).replace(/^\[(.*)\]$/, "$1");
  return { host, port: Number(listen.slice(i + 1)) };
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  let stopping = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const ctx: ApiContext = { ...options, stopping: () => stopping, sessions: new ConsoleSessions(options.now) };
  const { logger } = options;
  const budget = new BodyBudget(options.maxBytesInFlight);

  // Headers not complete 10 s after they began → 408 and closed (checked every second); a socket
  // that sends nothing at all is closed by guardConnections. Neither piles up until the budget sheds it.
  const timeouts = { requestTimeout: 120_000, headersTimeout: 10_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 };
  const server = createServer(timeouts, (req, res) => {
    inFlight += 1;
    const started = process.hrtime.bigint();
    const path = pathnameOf(req.url);
    const reservation = new BodyReservation(budget);
    res.on("close", () => {
      inFlight -= 1;
      reservation.release();
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
      // Only the path: query strings, bodies and headers are never logged.
      const quiet = path === "/healthz" || path === "/metrics";
      logger.log(quiet ? "debug" : "info", "request", { method: req.method, path, status: res.statusCode, ms });
      if (inFlight === 0) idle?.();
    });
    handle(req, res, path, reservation).catch((e: unknown) => {
      logger.error("request failed", { method: req.method, path, error: e });
      if (!res.headersSent) send(res, { status: 500, body: { error: { code: "INTERNAL_ERROR", message: "the runtime failed to answer; see its log", path: "" } } });
      else res.destroy();
    });
  });

  guardConnections(server, options.maxConnections ?? 1024, logger);

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, reservation: BodyReservation): Promise<void> {
    if (stopping) res.setHeader("Connection", "close");
    let code: string | undefined;
    const result = await answer(req, path, reservation).catch((e: unknown): RouteResult => {
      const err = asWebhookError(e);
      if (err === undefined) throw e;
      code = err.code;
      return { status: statusOf(err.code), body: errorBody(err) };
    });
    // A body refused unread is only drained briefly (body.ts): the connection closes after the answer.
    if (code === "API_BODY_TOO_LARGE" || code === "API_BUSY" || code === "API_UNSUPPORTED_MEDIA_TYPE") res.setHeader("Connection", "close");
    if (code === "API_BUSY") res.setHeader("Retry-After", String(BUSY_RETRY_AFTER_SECONDS));
    if (result.status === 401 && !path.startsWith("/console")) res.setHeader("WWW-Authenticate", 'Bearer realm="webhooks"');
    send(res, result);
  }

  async function answer(req: IncomingMessage, path: string, reservation: BodyReservation): Promise<RouteResult> {
    const match = matchRoute(ROUTES, path);
    if (match === undefined) throw apiError("API_NOT_FOUND", `no such endpoint: ${path.slice(0, 100)}; see docs/runtime.md for the API`);
    const method = (req.method ?? "GET").toUpperCase();
    const endpoint = match.route.methods[(method === "HEAD" ? "GET" : method) as Method];
    if (endpoint === undefined) {
      const allowed = Object.keys(match.route.methods).join(", ");
      throw apiError("API_METHOD_NOT_ALLOWED", `${method} is not allowed on ${match.route.path}; use ${allowed}`);
    }
    let session: ConsoleSession | undefined;
    if (needsToken(endpoint.access, options.tokens)) {
      const token = bearerToken(req.headers.authorization);
      // No bearer token: the console's session cookie opens what the admin token opens, with the CSRF checks for writes.
      session = token === undefined ? ctx.sessions.get(sessionCookie(req)) : undefined;
      const read = method === "GET" || method === "HEAD";
      if (session !== undefined) {
        if (!read && session.role === "read") {
          throw apiError("API_FORBIDDEN", `a read-only console session cannot ${method}: sign in with the admin token to act`);
        }
        if (!read && !csrfOk(req, session)) {
          throw apiError("API_FORBIDDEN", `a console session's ${method} needs the X-CSRF-Token header of its session, from the console's own origin`);
        }
      } else if (!tokenMatches(token, acceptedTokens(endpoint.access, options.tokens, read))) {
        if (!read && tokenMatches(token, options.tokens.readToken === undefined ? [] : [options.tokens.readToken])) {
          throw apiError("API_FORBIDDEN", `the read token opens only GET requests; ${method} needs the admin token`);
        }
        const which = endpoint.access === "admin" ? "the admin token" : `the ${endpoint.access} token (or the admin token)`;
        throw apiError(
          "API_UNAUTHORIZED",
          `${token === undefined ? "missing" : "wrong"} bearer token: send "Authorization: Bearer <token>" with ${which}`,
        );
      }
    }
    if (stopping && (endpoint.access === "admin" || endpoint.access === "ingest")) {
      throw apiError("STORE_UNAVAILABLE", "the runtime is shutting down; send the request again once it is back");
    }
    const query = new URL(req.url ?? "/", "http://runtime").searchParams;
    const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
    return endpoint.handle({ params: match.params, query, method, headers: req.headers, tls, json: () => readJson(req, options.maxBodyBytes, reservation) }, ctx);
  }

  return {
    server,
    listen(listen) {
      const { host, port } = splitListen(listen);
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const addr = server.address() as AddressInfo;
          const shown = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
          resolve({ host: addr.address, port: addr.port, url: `http://${shown}:${addr.port}` });
        });
      });
    },
    async close({ drainMs = 65_000 } = {}) {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
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

function pathnameOf(url: string | undefined): string {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  return q < 0 ? raw : raw.slice(0, q);
}

function send(res: ServerResponse, result: RouteResult): void {
  if (result.status === 204) {
    res.writeHead(204, result.headers).end();
    return;
  }
  const text = result.text ?? JSON.stringify(result.body ?? {});
  res.writeHead(result.status, {
    "Content-Type": result.contentType ?? "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...result.headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : text);
}
