// How errors leave the API: one HTTP status per code, and the body
// `{error: {code, message, path}}` (plus `errors: [...]` when validation found
// several). Messages are the WebhookError's own, which never hold a secret.
import { WebhookError, isWebhookError, type ErrorCode } from "../../errors";

const STATUS: Partial<Record<ErrorCode, number>> = {
  API_UNAUTHORIZED: 401,
  API_FORBIDDEN: 403,
  API_NOT_FOUND: 404,
  API_METHOD_NOT_ALLOWED: 405,
  API_INVALID_JSON: 400,
  API_BODY_TOO_LARGE: 413,
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  API_BUSY: 503,
  API_NAME_TAKEN: 409,
  API_DELIVERY_NOT_RETRYABLE: 409,
  EVENT_ID_CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  RUNTIME_CONFIG_INVALID: 500,
};

/** Config, template and event errors are the caller's to fix: 400. */
export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

export interface ErrorJson {
  code: ErrorCode;
  message: string;
  path: string;
}

export interface ErrorBody {
  error: ErrorJson;
  errors?: ErrorJson[];
}

function errorJson(e: WebhookError): ErrorJson {
  return { code: e.code, message: e.message, path: e.path };
}

/** The body for one error, or for all the errors a validation found (the first is `error`). */
export function errorBody(errors: WebhookError | readonly WebhookError[]): ErrorBody {
  const all = Array.isArray(errors) ? (errors as readonly WebhookError[]) : [errors as WebhookError];
  return all.length > 1 || Array.isArray(errors)
    ? { error: errorJson(all[0]), errors: all.map(errorJson) }
    : { error: errorJson(all[0]) };
}

/** An error the API raises itself: the code decides the status. */
export function apiError(code: ErrorCode, message: string, path = ""): WebhookError {
  return new WebhookError({ code, message, path });
}

/** A thrown value as a WebhookError the API can answer with, or undefined when it is a bug or an outage. */
export function asWebhookError(e: unknown): WebhookError | undefined {
  if (e instanceof WebhookError) return e;
  if (isWebhookError(e)) return new WebhookError({ code: e.code, message: e.message, path: e.path });
  return undefined;
}
