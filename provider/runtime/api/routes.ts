// The route table's shapes and its matcher. Handlers get parsed input and
// return a status and a JSON body; reading, auth, errors and logging are the
// server's, so each handler is only what its endpoint does.
import type { Engine } from "../engine";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { IncomingHttpHeaders } from "node:http";
import type { Access, ApiTokens } from "./auth";
import type { ConsoleSessions } from "./consoleSessions";

export interface ApiContext {
  engine: Engine;
  metrics: Metrics;
  logger: Logger;
  /** ingest.maxBodyBytes: the limit of every request body. */
  maxBodyBytes: number;
  /** ingest.maxBytesInFlight: the request body bytes held at once, across all requests. */
  maxBytesInFlight: number;
  now: () => number;
  /** True once shutdown began: health reports it so load balancers move away. */
  stopping: () => boolean;
  tokens: ApiTokens;
  /** The console's sign-in sessions (consoleSessions.ts). */
  sessions: ConsoleSessions;
}

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The body as JSON (API_INVALID_JSON, API_BODY_TOO_LARGE, API_BUSY, API_UNSUPPORTED_MEDIA_TYPE). */
  json(): Promise<unknown>;
  method: string;
  headers: IncomingHttpHeaders;
  /** Whether the request came over TLS (the console's cookie is Secure then). */
  tls: boolean;
}

export interface RouteResult {
  status: number;
  /** Serialized as JSON, unless `text` is given. */
  body?: unknown;
  text?: string;
  contentType?: string;
  /** Extra response headers (the console's Set-Cookie and Content-Security-Policy). */
  headers?: Record<string, string>;
}

export type Handler = (req: RouteRequest, ctx: ApiContext) => Promise<RouteResult>;

export interface Endpoint {
  access: Access;
  handle: Handler;
}

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface Route {
  /** Segments in braces are parameters: `/v1/webhooks/{id}`. */
  path: string;
  methods: Partial<Record<Method, Endpoint>>;
}

/** The first route whose path matches (list literal paths before parameter ones), with its parameters. */
export function matchRoute(routes: readonly Route[], pathname: string): { route: Route; params: Record<string, string> } | undefined {
  const parts = pathname.split("/");
  for (const route of routes) {
    const pattern = route.path.split("/");
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i] === "") return false;
        params[p.slice(1, -1)] = safeDecode(parts[i]);
        return true;
      }
      return p === parts[i];
    });
    if (ok) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** An id as an error message may quote it: short, and only when it looks like an id. */
export function shownId(id: string): string {
  return /^[A-Za-z0-9_.:-]{1,80}$/.test(id) ? id : "(the given id)";
}
