// OAuth 2.0 client-credentials tokens (RFC 6749 §4.4) for webhooks with
// `authentication.type: oauth`. One cache per process: a token is reused until
// shortly before it expires, and concurrent deliveries share one token request.
import { createHash } from "node:crypto";
import { isWebhookError, WebhookError } from "../errors";
import { classifyStatus } from "./classify";
import type { HttpClient, HttpExchange } from "./httpClient";
import { LruMap } from "../lruMap";

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  tokenEndpointUrl: string;
  scopes?: string[];
  audience?: string;
}

type ClientAuth = "basic" | "form";

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is fetched again. */
  refreshAt: number;
}

const ENDPOINT_PATH = "authentication.tokenEndpointUrl";
const SECRET_PATH = "authentication.clientSecret";
// Used when the endpoint omits expires_in (RFC 6749 makes it optional).
const DEFAULT_EXPIRES_IN_S = 3600;

// application/x-www-form-urlencoded, as RFC 6749 §2.3.1 asks for Basic credentials too.
const formEncode = (s: string): string => new URLSearchParams([["", s]]).toString().slice(1);

export class OAuthTokenCache {
  private readonly tokens: LruMap<string, CachedToken>;
  private readonly inFlight = new Map<string, Promise<string>>();
  /** Client authentication that worked, per token endpoint. */
  private readonly authMethod: LruMap<string, ClientAuth>;
  private readonly refreshSkewMs: number;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(
    private readonly client: HttpClient,
    options: { refreshSkewMs?: number; now?: () => number; maxEntries?: number } = {},
  ) {
    this.refreshSkewMs = options.refreshSkewMs ?? 30_000;
    this.now = options.now ?? Date.now;
    // One entry per client and endpoint ever used; webhooks come and go, so both are capped.
    this.tokens = new LruMap(options.maxEntries ?? 1000);
    this.authMethod = new LruMap(options.maxEntries ?? 1000);
  }

  /** Tokens held now (an expired one is dropped within a minute of its refresh time). */
  get size(): number {
    return this.tokens.size;
  }

  // A token past its refresh time is never served again, so it goes (at most once a minute, O(entries)).
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    this.tokens.sweep((t) => now >= t.refreshAt);
  }

  /** Cached until shortly before expires_in; `force` fetches a new one (used once after a 401 from the target). */
  getToken(settings: OAuthSettings, options: { timeoutMs: number; force?: boolean }): Promise<string> {
    this.sweep();
    const key = cacheKey(settings);
    // A request already on its way is as fresh as a forced one.
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const cached = this.tokens.get(key);
    if (cached && !options.force && this.now() < cached.refreshAt) return Promise.resolve(cached.token);

    const request = this.fetchToken(settings, options.timeoutMs).then(
      ({ token, expiresInS }) => {
        const lifetimeMs = expiresInS * 1000;
        // Short-lived tokens still get half their life, not zero, when the skew exceeds it.
        const refreshAt = this.now() + Math.max(lifetimeMs - this.refreshSkewMs, lifetimeMs / 2);
        this.tokens.set(key, { token, refreshAt });
        this.inFlight.delete(key);
        return token;
      },
      (err: unknown) => {
        this.inFlight.delete(key);
        throw err;
      },
    );
    this.inFlight.set(key, request);
    return request;
  }

  private async fetchToken(settings: OAuthSettings, timeoutMs: number): Promise<{ token: string; expiresInS: number }> {
    const endpoint = settings.tokenEndpointUrl;
    const known = this.authMethod.get(endpoint);
    const first = known ?? "basic";
    let res = await this.post(settings, first, timeoutMs);
    if (known === undefined && rejectsClient(res)) {
      // Some endpoints take only client_secret_post; try that once and remember it.
      const retry = await this.post(settings, "form", timeoutMs);
      if (!rejectsClient(retry)) this.authMethod.set(endpoint, "form");
      res = retry;
    } else if (known === undefined && res.status >= 200 && res.status < 300) {
      this.authMethod.set(endpoint, first);
    }
    return readToken(res, hostOf(endpoint));
  }

  private async post(settings: OAuthSettings, auth: ClientAuth, timeoutMs: number): Promise<HttpExchange> {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (settings.scopes && settings.scopes.length > 0) form.set("scope", settings.scopes.join(" "));
    if (settings.audience !== undefined) form.set("audience", settings.audience);
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    if (auth === "basic") {
      const credentials = `${formEncode(settings.clientId)}:${formEncode(settings.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;
    } else {
      form.set("client_id", settings.clientId);
      form.set("client_secret", settings.clientSecret);
    }
    try {
      return await this.client.send(
        { method: "POST", url: settings.tokenEndpointUrl, headers, body: form.toString() },
        { timeoutMs },
      );
    } catch (e) {
      const host = hostOf(settings.tokenEndpointUrl);
      const cause = isWebhookError(e) ? e : undefined;
      // The runtime's own fault, not the endpoint's: kept as is, so the attempt is not counted.
      if (cause?.code === "LOCAL_RESOURCE_EXHAUSTED") throw cause;
      throw new WebhookError({
        code: "OAUTH_TOKEN_ERROR",
        path: ENDPOINT_PATH,
        retryable: cause?.retryable ?? false,
        message: `could not get an OAuth token from ${host}: ${cause ? `${cause.code}: ${cause.message}` : "the request failed"}`,
        cause: e,
      });
    }
  }
}

function cacheKey(s: OAuthSettings): string {
  const secretHash = createHash("sha256").update(s.clientSecret).digest("hex");
  return JSON.stringify([s.tokenEndpointUrl, s.clientId, [...(s.scopes ?? [])].sort(), s.audience ?? null, secretHash]);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the token endpoint";
  }
}

function errorField(res: HttpExchange): string | undefined {
  try {
    const error = (JSON.parse(res.body) as { error?: unknown }).error;
    // RFC 6749 §5.2 error codes are snake_case words; anything else (an echoed credential) is not shown.
    return typeof error === "string" && /^[a-z][a-z0-9_]{0,63}$/.test(error) ? error : undefined;
  } catch {
    return undefined;
  }
}

/** 401, or 400 invalid_client: the endpoint did not accept how (or with what) the client authenticated. */
function rejectsClient(res: HttpExchange): boolean {
  return res.status === 401 || (res.status === 400 && errorField(res) === "invalid_client");
}

function readToken(res: HttpExchange, host: string): { token: string; expiresInS: number } {
  const fail = (message: string, path = ENDPOINT_PATH, retryable = false) =>
    new WebhookError({ code: "OAUTH_TOKEN_ERROR", path, retryable, message });
  const status = classifyStatus(res.status);
  if (status) {
    const error = errorField(res);
    const detail = `token endpoint ${host} answered ${res.status}${error ? ` (error: ${error})` : ""}`;
    if (rejectsClient(res)) {
      throw fail(`${detail}; it rejected the client credentials, check authentication.clientId and authentication.clientSecret`, SECRET_PATH);
    }
    if (status.code === "HTTP_REDIRECT") {
      throw fail(`${detail}, a redirect, which is not followed; set authentication.tokenEndpointUrl to the final URL`);
    }
    const hint = status.retryable
      ? "the endpoint may recover, so the attempt is retryable"
      : "check authentication.scopes, authentication.audience and the client's grants";
    throw fail(`${detail}; ${hint}`, ENDPOINT_PATH, status.retryable);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    throw fail(`token endpoint ${host} answered ${res.status} with a body that is not JSON; check authentication.tokenEndpointUrl`);
  }
  const body = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw fail(`token endpoint ${host} answered ${res.status} without an access_token; check authentication.tokenEndpointUrl`);
  }
  const expiresIn = Number(body.expires_in);
  const expiresInS = body.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S;
  return { token: body.access_token, expiresInS };
}
