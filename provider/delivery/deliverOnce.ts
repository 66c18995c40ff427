// One delivery attempt end to end: render, authenticate, send, judge, record.
// The Test invocation and every runtime attempt go through here, so it does no
// per-webhook work (compiling, key decoding, URL parsing) more than once and
// never opens its own connections: deps.http pools them.
import { performance } from "node:perf_hooks";
import { isWebhookError, WebhookError } from "../errors";
import { classifyError } from "../http/classify";
import type { HttpClient, HttpExchange } from "../http/httpClient";
import type { OAuthTokenCache } from "../http/oauthTokens";
import { renderBody } from "../templating";
import { classifyExchange, type ExchangeOutcome } from "./classifyExchange";
import { recordedError, recordedResponse, type InvocationRecord } from "./invocationRecord";
import type { PreparedWebhook } from "./prepareWebhook";
import { configSecrets, KEEP_ALL, maskUrl, scrubberFor, scrubDeep, type Scrub } from "./redaction";
import { maskedHeaders, requestHeaders, withBearer, type RequestHeaders } from "./requestHeaders";
import { signingKey } from "./standardWebhooks";

export type { InvocationRecord } from "./invocationRecord";

export interface AttemptContext {
  /** The `webhook-id` header: stable for all attempts of one (event, webhook) pair. */
  deliveryId: string;
  /** 1-based. */
  attempt: number;
  /** The Test invocation. */
  isTest: boolean;
  eventId?: string;
  /** Registration id, for the record. */
  webhookId?: string;
  /**
   * Stops the whole attempt (token fetch, send, refresh and resend) when aborted: the runtime's lease on the
   * delivery is lost. Its reason, a WebhookError, becomes the record's error.
   */
  signal?: AbortSignal;
}

export interface DeliveryDeps {
  http: HttpClient;
  oauth: OAuthTokenCache;
  /** Epoch ms: webhook-timestamp, startedAt and Retry-After dates. Default Date.now. */
  now?: () => number;
}

/** What an attempt derives from the webhook alone, computed on its first attempt. */
interface Derived {
  url: URL | undefined;
  maskedUrl: string;
  signingKey: Buffer | undefined;
  secrets: string[];
  scrub: Scrub;
  /** The scrubber that also knows the OAuth tokens last used (they change rarely). */
  withTokens?: { key: string; scrub: Scrub };
}

const derivedOf = new WeakMap<PreparedWebhook, Derived>();

function derive(webhook: PreparedWebhook): Derived {
  let d = derivedOf.get(webhook);
  if (d === undefined) {
    const { config } = webhook;
    const secrets = configSecrets(config);
    let url: URL | undefined;
    try {
      url = new URL(config.url);
    } catch {
      // The HTTP client reports an unparsable URL as CONFIG_INVALID_URL when the attempt sends.
    }
    d = {
      url,
      maskedUrl: maskUrl(config.url),
      signingKey: config.signingSecret === undefined ? undefined : signingKey(config.signingSecret),
      secrets,
      scrub: scrubberFor(secrets),
    };
    derivedOf.set(webhook, d);
  }
  return d;
}

function scrubberWith(d: Derived, tokens: string[]): Scrub {
  if (tokens.length === 0) return d.scrub;
  const key = tokens.join("\n");
  if (d.withTokens?.key !== key) d.withTokens = { key, scrub: scrubberFor([...d.secrets, ...tokens]) };
  return d.withTokens.scrub;
}

function eventTypeOf(event: unknown): string {
  const type = (event as { event_type?: unknown } | null)?.event_type;
  return typeof type === "string" ? type : "";
}

/** `promise`, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e as Error);
      },
    );
  });
}

/**
 * Makes one attempt and records it. Never throws for an outcome: a template, token, network,
 * status or validator failure is a record with result "failure" and a classified error.
 */
export async function deliverOnce(
  webhook: PreparedWebhook,
  event: unknown,
  ctx: AttemptContext,
  deps: DeliveryDeps,
): Promise<InvocationRecord> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const clock = performance.now();
  const { config } = webhook;
  const d = derive(webhook);
  const timeoutMs = config.timeoutSeconds * 1000;
  const host = d.url?.host ?? "the target";
  const auth = config.authentication;

  let body = "";
  let headers: RequestHeaders | undefined;
  let exchange: HttpExchange | undefined;
  let outcome: ExchangeOutcome = { validators: [] };
  let error: WebhookError | undefined;
  const tokens: string[] = [];
  let refreshed: boolean | undefined;

  const { signal } = ctx;
  const send = async (h: RequestHeaders): Promise<HttpExchange> => {
    signal?.throwIfAborted();
    try {
      return await deps.http.send(
        { method: config.method, url: config.url, headers: h.sent, ...(body === "" ? {} : { body }) },
        { timeoutMs, ...(signal === undefined ? {} : { signal }) },
      );
    } catch (e) {
      if (signal?.aborted === true) throw signal.reason as WebhookError;
      throw isWebhookError(e) ? e : classifyError(e, { host });
    }
  };
  const token = async (force: boolean): Promise<string> => {
    if (auth.type !== "oauth") throw new Error("token() needs an oauth webhook");
    try {
      // Other attempts may share this token request: it is not cancelled, this attempt stops waiting.
      const t = await untilAborted(deps.oauth.getToken(auth, { timeoutMs, force }), signal);
      tokens.push(t);
      return t;
    } catch (e) {
      if (isWebhookError(e)) throw e;
      throw new WebhookError({
        code: "OAUTH_TOKEN_ERROR",
        path: "authentication.tokenEndpointUrl",
        retryable: true,
        message: "getting an OAuth token failed unexpectedly; the attempt is retryable",
        cause: e,
      });
    }
  };

  try {
    body = renderBody(webhook.template, event);
    const base = requestHeaders(config, body, {
      id: ctx.deliveryId,
      timestampSeconds: Math.floor(startedAt / 1000),
      signingKey: d.signingKey,
    });
    headers = base;
    if (auth.type === "bearer") headers = withBearer(base, auth.token);
    if (auth.type === "oauth") {
      refreshed = false;
      headers = withBearer(base, await token(false));
    }
    exchange = await send(headers);
    if (exchange.status === 401 && auth.type === "oauth") {
      // The token may have been revoked or rotated before its expiry: one new token, one resend.
      const again = withBearer(base, await token(true));
      refreshed = true;
      headers = again;
      exchange = undefined;
      exchange = await send(again);
    }
    outcome = classifyExchange(exchange, { url: d.url as URL, validators: config.responseValidators, now: now() });
    error = outcome.error;
  } catch (e) {
    if (!isWebhookError(e)) throw e;
    error = e;
  }

  const scrub = scrubberWith(d, tokens);
  const record: InvocationRecord = {
    deliveryId: ctx.deliveryId,
    ...(ctx.webhookId === undefined ? {} : { webhookId: ctx.webhookId }),
    ...(ctx.eventId === undefined ? {} : { eventId: ctx.eventId }),
    eventType: eventTypeOf(event),
    isTest: ctx.isTest,
    attempt: ctx.attempt,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(performance.now() - clock),
    request: { method: config.method, url: d.maskedUrl, headers: headers === undefined ? {} : maskedHeaders(headers), body },
    ...(exchange === undefined ? {} : { response: recordedResponse(exchange, scrub) }),
    validators: outcome.validators,
    result: error === undefined ? "success" : "failure",
    ...(error === undefined ? {} : { error: recordedError(error) }),
    ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
    ...(refreshed === undefined ? {} : { oauthTokenRefreshed: refreshed }),
  };
  // The record is built fresh here, so without secrets there is nothing to copy it for.
  return scrub === KEEP_ALL ? record : scrubDeep(record, scrub);
}
