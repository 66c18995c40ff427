// The operator console (docs/console.md): its page and assets, served from the
// package's dist/ under a strict Content-Security-Policy, and its sign-in. The
// console reads and acts through the admin API (/v1/...) with the session cookie.
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { SessionRequestSchema, SessionSchema } from "../../model/consoleApi";
import { tokenMatches } from "./auth";
import { apiError } from "./apiError";
import { cookieHeader, csrfOk, sameOrigin, sessionCookie, type ConsoleSession } from "./consoleSessions";
import type { ApiContext, Route, RouteRequest, RouteResult } from "./routes";

/** No inline script or style, nothing from another origin, no framing, forms post only here. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  "Content-Security-Policy": CONSOLE_CSP,
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Where `make build` puts the page (tsconfig.console.json + provider/console/static): dist/provider/console/assets. */
export const ASSET_DIR = join(__dirname, "../../console/assets");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
};

let assets: Map<string, Buffer> | undefined;

/** The built assets by file name, read once (a fixed set: no path from a request ever reaches the file system). */
function assetMap(): Map<string, Buffer> {
  if (assets === undefined) {
    assets = new Map();
    try {
      for (const name of readdirSync(ASSET_DIR)) if (TYPES[extname(name)] !== undefined) assets.set(name, readFileSync(join(ASSET_DIR, name)));
    } catch {
      // Not built (a run from source): /console answers 404 with the fix.
    }
  }
  return assets;
}

function asset(name: string): RouteResult {
  const body = assetMap().get(name);
  if (body === undefined) {
    throw apiError("API_NOT_FOUND", name === "index.html" ? "the console is not built: run `make build`" : "no such console asset");
  }
  return { status: 200, text: body.toString("utf8"), contentType: TYPES[extname(name)], headers: SECURITY_HEADERS };
}

function sessionJson(session: ConsoleSession, ctx: ApiContext) {
  return SessionSchema.parse({
    role: session.role,
    csrfToken: session.csrfToken,
    expiresAt: new Date(ctx.sessions.expiresAt(session)).toISOString(),
    idleMinutes: ctx.sessions.idleMinutes,
  });
}

function signedOut(): never {
  throw apiError("API_UNAUTHORIZED", "not signed in (or the session expired): sign in with the admin token");
}

async function signIn(req: RouteRequest, ctx: ApiContext): Promise<RouteResult> {
  // A sign-in posted by another site's page (login CSRF) is refused like any cross-origin write.
  if (!sameOrigin(req)) {
    throw apiError("API_FORBIDDEN", "sign in from the console's own page (/console)");
  }
  const parsed = SessionRequestSchema.safeParse(await req.json());
  if (!parsed.success) throw apiError("API_INVALID_JSON", 'send {"token": "<the admin token>"}', "token");
  const { token } = parsed.data;
  const role = tokenMatches(token, [ctx.tokens.adminToken]) ? "admin" : ctx.tokens.readToken !== undefined && tokenMatches(token, [ctx.tokens.readToken]) ? "read" : undefined;
  if (role === undefined) throw apiError("API_UNAUTHORIZED", "wrong token: sign in with the runtime's admin token (or its read token, to look only)");
  const session = ctx.sessions.create(role);
  const maxAge = Math.round((ctx.sessions.expiresAt(session) - ctx.now()) / 1000);
  return { status: 201, body: sessionJson(session, ctx), headers: { "Set-Cookie": cookieHeader(session.id, maxAge, req.tls) } };
}

export const consoleRoutes: readonly Route[] = [
  { path: "/console", methods: { GET: { access: "public", handle: async () => asset("index.html") } } },
  { path: "/console/", methods: { GET: { access: "public", handle: async () => asset("index.html") } } },
  { path: "/console/assets/{name}", methods: { GET: { access: "public", handle: async ({ params }) => asset(params.name) } } },
  {
    path: "/console/session",
    methods: {
      POST: { access: "public", handle: signIn },
      GET: {
        access: "public",
        async handle(req, ctx) {
          const session = ctx.sessions.get(sessionCookie(req));
          if (session === undefined) signedOut();
          return { status: 200, body: sessionJson(session, ctx) };
        },
      },
      DELETE: {
        access: "public",
        async handle(req, ctx) {
          const session = ctx.sessions.get(sessionCookie(req));
          if (session === undefined) signedOut();
          if (!csrfOk(req, session)) throw apiError("API_FORBIDDEN", "sign-out needs the session's X-CSRF-Token header, from the console's own origin");
          ctx.sessions.delete(session.id);
          return { status: 204, headers: { "Set-Cookie": cookieHeader("", 0, req.tls) } };
        },
      },
    },
  },
];
