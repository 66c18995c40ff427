// The invocation data of one attempt (product §6, spec §6.4): what was sent,
// what came back, and how it was judged. Built from what the attempt saw, then
// scrubbed of every known secret before anyone else sees it.
import type { ErrorCode, WebhookError } from "../errors";
import type { HttpExchange } from "../http/httpClient";
import type { ValidatorResult } from "../response/checkResponse";
import type { Scrub } from "./redaction";

export interface InvocationRecord {
  deliveryId: string;
  webhookId?: string;
  eventId?: string;
  eventType: string;
  isTest: boolean;
  attempt: number;
  /** ISO time the attempt started. */
  startedAt: string;
  /** The whole attempt: render, token, send (and the resend after a 401). */
  durationMs: number;
  /** URL with query values masked; header values masked except the non-secret ones we set. */
  /** `body` is cut to RECORD_BODY_BYTES (`bodyTruncated`, `bodyBytes` the full size; absent in records made before the cap). */
  request: { method: string; url: string; headers: Record<string, string>; body: string; bodyBytes?: number; bodyTruncated?: boolean };
  /** Absent when nothing came back (the request was not sent, or the exchange failed). */
  response?: { status: number; headers: Record<string, string>; body: string; bodyBytes: number; bodyTruncated: boolean };
  validators: ValidatorResult[];
  result: "success" | "failure";
  error?: { code: ErrorCode; message: string; retryable: boolean; path?: string };
  /** From a Retry-After header on 429/503, for the runtime's schedule. */
  retryAfterMs?: number;
  /** OAuth webhooks: whether a 401 made the attempt fetch a new token and send again. */
  oauthTokenRefreshed?: boolean;
}

/** Request and response bodies kept in a record. */
export const RECORD_BODY_BYTES = 64 * 1024;

/** The JSON of one validator's matched values kept in a record (a path matching the whole body would copy it). */
export const RECORD_ACTUAL_BYTES = 4 * 1024;

/** The first `limit` bytes of `text` as UTF-8, never ending inside a character. */
export function firstBytes(text: string, limit: number): { text: string; cut: boolean } {
  // Each UTF-16 unit is at most 3 UTF-8 bytes, so shorter strings cannot exceed the limit.
  if (text.length * 3 <= limit) return { text, cut: false };
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= limit) return { text, cut: false };
  let end = limit;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString("utf8"), cut: true };
}

/** The response as a record keeps it; scrubbed before the cut, so a secret is never left half-masked at the edge. */
export function recordedResponse(exchange: HttpExchange, scrub: Scrub): NonNullable<InvocationRecord["response"]> {
  const { text, cut } = firstBytes(scrub(exchange.body), RECORD_BODY_BYTES);
  return {
    status: exchange.status,
    headers: exchange.headers,
    body: text,
    bodyBytes: exchange.bodyBytes,
    bodyTruncated: exchange.bodyTruncated || cut,
  };
}

export function recordedError(error: WebhookError): NonNullable<InvocationRecord["error"]> {
  return { code: error.code, message: error.message, retryable: error.retryable, ...(error.path === "" ? {} : { path: error.path }) };
}

/** The request body as a record keeps it: scrubbed, then cut to RECORD_BODY_BYTES. */
export function recordedRequestBody(body: string, scrub: Scrub): { body: string; bodyBytes: number; bodyTruncated: boolean } {
  const { text, cut } = firstBytes(scrub(body), RECORD_BODY_BYTES);
  return { body: text, bodyBytes: Buffer.byteLength(body), bodyTruncated: cut };
}

/**
 * A validator result as a record keeps it: the matched values whose JSON fits in RECORD_ACTUAL_BYTES, in order;
 * a first value too large on its own is kept as the start of its JSON text. Judging used every value.
 */
export function recordedValidator(result: ValidatorResult): ValidatorResult {
  const full = JSON.stringify(result.actual) ?? "[]";
  const bytes = Buffer.byteLength(full);
  if (bytes <= RECORD_ACTUAL_BYTES) return result;
  const kept: unknown[] = [];
  let used = 2;
  for (const value of result.actual) {
    const size = Buffer.byteLength(JSON.stringify(value) ?? "null") + 1;
    if (used + size > RECORD_ACTUAL_BYTES) break;
    kept.push(value);
    used += size;
  }
  if (kept.length === 0) kept.push(jsonPrefix(JSON.stringify(result.actual[0]) ?? "null", RECORD_ACTUAL_BYTES - 2));
  return { ...result, actual: kept, actualTruncated: true, actualBytes: bytes };
}

/** The longest start of `text` whose JSON string form (quotes, escapes) fits in `limit` bytes. */
function jsonPrefix(text: string, limit: number): string {
  let cut = firstBytes(text, limit).text;
  for (let over = Buffer.byteLength(JSON.stringify(cut)) - limit; over > 0; over = Buffer.byteLength(JSON.stringify(cut)) - limit) {
    cut = firstBytes(cut, Buffer.byteLength(cut) - over).text;
  }
  return cut;
}
