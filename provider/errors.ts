// One error type for the whole product. Callers branch on `code`, never on
// message text: codes survive serialization into Pulumi state, the store and
// the CLI's --json output. Messages name the field and say how to fix it, and
// never contain a secret value (header values, tokens, client secrets).

/** Configuration errors: found offline by `check` and `webhooks validate`. */
export const CONFIG_CODES = [
  "CONFIG_REQUIRED",
  "CONFIG_INVALID_TYPE",
  "CONFIG_UNKNOWN_FIELD",
  "CONFIG_INVALID_KIND",
  "CONFIG_INVALID_NAME",
  "CONFIG_INVALID_WEBHOOK_TYPE",
  "CONFIG_INVALID_METHOD",
  "CONFIG_INVALID_URL",
  "CONFIG_INVALID_HEADER",
  "CONFIG_FORBIDDEN_HEADER",
  "CONFIG_INVALID_AUTH",
  "CONFIG_AUTH_CONFLICT",
  "CONFIG_INVALID_TIMEOUT",
  "CONFIG_INVALID_VALIDATOR",
  "CONFIG_INVALID_SIGNING_SECRET",
  "CONFIG_INVALID_TRIGGER",
  "CONFIG_INVALID_TEST_EVENT",
  "CONFIG_INVALID_FILTER",
  "CONFIG_BODY_NOT_ALLOWED",
  "CONFIG_FILE_UNREADABLE",
  "CONFIG_IMPORT_UNSUPPORTED",
  "CONFIG_DUPLICATE_NAME",
  "CONFIG_INVALID_MANAGED_BY",
] as const;

/** Template errors: found by `check` (compile, reference check, render-and-parse) or at render time. */
export const TEMPLATE_CODES = [
  "TEMPLATE_SYNTAX",
  "TEMPLATE_UNKNOWN_HELPER",
  "TEMPLATE_UNKNOWN_FIELD",
  "TEMPLATE_JSON_CONTEXT",
  "TEMPLATE_INVALID_JSON",
  "TEMPLATE_NESTED_JSON_INVALID",
  "TEMPLATE_RENDER_ERROR",
  "TEMPLATE_TOO_LARGE",
  "TEMPLATE_RENDER_TOO_LARGE",
] as const;

/** Event errors: an event refused at ingest or by `webhooks render --event`. */
export const EVENT_CODES = ["EVENT_INVALID", "EVENT_KIND_MISMATCH", "EVENT_TOO_LARGE", "EVENT_BATCH_TOO_LARGE", "EVENT_ID_CONFLICT"] as const;

/** Runtime API and operations: the HTTP status each maps to is in provider/runtime/api. */
export const RUNTIME_CODES = [
  "API_UNAUTHORIZED",
  "API_FORBIDDEN",
  "API_NOT_FOUND",
  "API_METHOD_NOT_ALLOWED",
  "API_INVALID_JSON",
  "API_BODY_TOO_LARGE",
  "API_UNSUPPORTED_MEDIA_TYPE",
  "API_BUSY",
  "API_NAME_TAKEN",
  "API_DELIVERY_NOT_RETRYABLE",
  "API_INVALID_QUERY",
  "API_SECRET_REQUIRED",
  "INTERNAL_ERROR",
  "WEBHOOK_DELETED",
  "RUNTIME_CONFIG_INVALID",
  "RUNTIME_UNREACHABLE",
  "STORE_UNAVAILABLE",
  "ENCRYPTION_KEY_INVALID",
  "ENCRYPTION_KEY_UNKNOWN",
  "ENCRYPTION_DECRYPT_FAILED",
  "DELIVERY_LEASE_LOST",
  "DELIVERY_ABANDONED",
] as const;

/** Delivery outcomes: one attempt (Test invocation or runtime delivery) classified once, in provider/http. */
export const DELIVERY_CODES = [
  "DNS_ERROR",
  "CONNECTION_ERROR",
  "TLS_ERROR",
  "TIMEOUT",
  "ADDRESS_REFUSED",
  "HTTP_REDIRECT",
  "HTTP_STATUS",
  "RESPONSE_NOT_JSON",
  "RESPONSE_TOO_LARGE",
  "RESPONSE_TOO_DEEP",
  "VALIDATION_FAILED",
  "OAUTH_TOKEN_ERROR",
  // The runtime's own fault (out of file descriptors or memory): no request was made, so no attempt is counted.
  "LOCAL_RESOURCE_EXHAUSTED",
] as const;

export type ConfigCode = (typeof CONFIG_CODES)[number];
export type TemplateCode = (typeof TEMPLATE_CODES)[number];
export type EventCode = (typeof EVENT_CODES)[number];
export type DeliveryCode = (typeof DELIVERY_CODES)[number];
export type RuntimeCode = (typeof RUNTIME_CODES)[number];
export type ErrorCode = ConfigCode | TemplateCode | EventCode | DeliveryCode | RuntimeCode;

export const ERROR_CODES: readonly ErrorCode[] = [
  ...CONFIG_CODES,
  ...TEMPLATE_CODES,
  ...EVENT_CODES,
  ...DELIVERY_CODES,
  ...RUNTIME_CODES,
];

export interface WebhookErrorInit {
  code: ErrorCode;
  message: string;
  /** Property path in the config or event, e.g. `authentication.tokenEndpointUrl`, `responseValidators[1].jsonPath`. */
  path?: string;
  /** Whether trying the same thing again later may succeed (delivery outcomes only). */
  retryable?: boolean;
  cause?: unknown;
}

export class WebhookError extends Error {
  readonly code: ErrorCode;
  readonly path: string;
  readonly retryable: boolean;

  constructor(init: WebhookErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "WebhookError";
    this.code = init.code;
    this.path = init.path ?? "";
    this.retryable = init.retryable ?? false;
  }

  /** The shape the APIs and `--json` output use: `{code, message, path}`. */
  toJSON(): { code: ErrorCode; message: string; path: string } {
    return { code: this.code, message: this.message, path: this.path };
  }
}

/** Code-based check, so errors from another copy of the package are recognised too. */
export function isWebhookError(e: unknown): e is WebhookError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    (ERROR_CODES as readonly string[]).includes((e as { code: string }).code) &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/** Formats a property path from segments: `["headers", "X-A"]` → `headers.X-A`, `["a", 1]` → `a[1]`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out;
}
