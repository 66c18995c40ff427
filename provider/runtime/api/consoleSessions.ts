// The operator console's sessions (docs/console.md): an opaque random id in an
// HttpOnly, SameSite=Strict cookie, kept in this process's memory only (a
// restart signs everyone out), each with its own CSRF token. A session ends when
// idle too long, at its absolute expiry, or on sign-out.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { tokenMatches } from "./auth";

export const SESSION_COOKIE = "webhooks_console";
export const CSRF_HEADER = "x-csrf-token";
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
/** Sessions kept at most; the oldest goes first (sign-ins cannot grow memory without bound). */
export const MAX_SESSIONS = 1000;

export interface ConsoleSession {
  id: string;
  csrfToken: string;
  role: ConsoleRole;
  createdAt: number;
  lastSeen: number;
}

/** `admin`: what the admin token opens; `read`: the GETs only (the read token). */
export type ConsoleRole = "admin" | "read";

const randomId = (): string => randomBytes(32).toString("base64url");

export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly now: () => number,
    private readonly idleMs = IDLE_MS,
    private readonly absoluteMs = ABSOLUTE_MS,
  ) {}

  create(role: ConsoleRole): ConsoleSession {
    const at = this.now();
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const session: ConsoleSession = { id: randomId(), csrfToken: randomId(), role, createdAt: at, lastSeen: at };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session of a cookie value (its idle clock restarted), or undefined. */
  get(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    const at = this.now();
    if (at - session.lastSeen > this.idleMs || at - session.createdAt > this.absoluteMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = at;
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  expiresAt(session: ConsoleSession): number {
    return session.createdAt + this.absoluteMs;
  }

  get idleMinutes(): number {
    return Math.round(this.idleMs / 60_000);
  }
}

/** The session cookie's value in a request, or undefined. */
export function sessionCookie(req: { headers: IncomingHttpHeaders }): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header of a session; `maxAgeSeconds` 0 clears it. Secure when the request came over TLS. */
export function cookieHeader(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/**
 * Whether a request is from the console's own origin: `Origin` (browsers send it on every POST, PUT and
 * DELETE, and on cross-origin fetches) must name this host, and `Sec-Fetch-Site`, when sent, must be
 * same-origin. A state-changing request without Origin is refused: a browser always sends one.
 */
export function sameOrigin(req: { headers: IncomingHttpHeaders }): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin === undefined || host === undefined) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

/** Whether a state-changing call carries the session's CSRF token (and comes from the console's origin). */
export function csrfOk(req: { headers: IncomingHttpHeaders }, session: ConsoleSession): boolean {
  const header = req.headers[CSRF_HEADER];
  const given = Array.isArray(header) ? undefined : header;
  return sameOrigin(req) && tokenMatches(given, [session.csrfToken]);
}
