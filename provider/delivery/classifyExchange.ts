// Whether one exchange succeeded: status first (a 2xx is needed before the
// validators mean anything), then the response validators.
import { WebhookError } from "../errors";
import { classifyStatus, parseRetryAfter } from "../http/classify";
import type { HttpExchange } from "../http/httpClient";
import type { ResponseValidator } from "../model/webhookConfig";
import { evaluateValidators, type ValidatorResult } from "../response/checkResponse";

export interface ExchangeOutcome {
  validators: ValidatorResult[];
  error?: WebhookError;
  retryAfterMs?: number;
}

// RFC 9110 §10.2.3: the statuses a Retry-After means "come back later" on.
const RETRY_AFTER_STATUSES = new Set([429, 503]);

export function classifyExchange(
  exchange: HttpExchange,
  ctx: { url: URL; validators: ResponseValidator[]; now: number },
): ExchangeOutcome {
  const status = classifyStatus(exchange.status);
  if (status !== undefined) {
    const retryAfterMs = RETRY_AFTER_STATUSES.has(exchange.status) ? parseRetryAfter(exchange.headers["retry-after"], ctx.now) : undefined;
    const error =
      status.code === "HTTP_REDIRECT"
        ? redirectError(exchange, ctx.url)
        : new WebhookError({ code: "HTTP_STATUS", retryable: status.retryable, ...statusAdvice(exchange.status, ctx.url.host, status.retryable) });
    return { validators: [], error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  const checked = evaluateValidators(ctx.validators, {
    body: exchange.body,
    status: exchange.status,
    headers: exchange.headers,
    bodyTruncated: exchange.bodyTruncated,
  });
  return { validators: checked.results, ...(checked.error === undefined ? {} : { error: checked.error }) };
}

function statusAdvice(status: number, host: string, retryable: boolean): { path: string; message: string } {
  const answered = `${host} answered ${status}`;
  if (retryable) {
    return { path: "url", message: `${answered}; the target may recover, so the attempt is retryable (check the target's health if it persists)` };
  }
  if (status === 401 || status === 403) {
    return { path: "authentication", message: `${answered}: it did not accept the credentials; check authentication and the headers that carry its API key` };
  }
  if (status === 404 || status === 405 || status === 410) {
    return { path: "url", message: `${answered}: nothing takes this request there; check url and method` };
  }
  if (status === 413) {
    return { path: "bodyTemplate", message: `${answered}: the body is too large for it; send fewer fields in bodyTemplate` };
  }
  return {
    path: "bodyTemplate",
    message: `${answered}: it rejected the request; check the body (run \`webhooks render\` to see it), the headers and the target's documentation`,
  };
}

function redirectError(exchange: HttpExchange, url: URL): WebhookError {
  // Only where it points: a Location's query may carry a signed token.
  let target = "";
  try {
    const location = new URL(exchange.headers.location ?? "", url);
    if (exchange.headers.location !== undefined) target = ` to ${location.origin}${location.pathname}`;
  } catch {
    // An unparsable Location: say only that it redirected.
  }
  return new WebhookError({
    code: "HTTP_REDIRECT",
    path: "url",
    retryable: false,
    message: `${url.host} answered ${exchange.status}, a redirect${target}, which deliveries do not follow; set url to the final address`,
  });
}
