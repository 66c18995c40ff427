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
  request: { method: string; url: string; headers: Record<string, string>; body: string };
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

/** Response bodies kept in a record. */
export const RECORD_BODY_BYTES = 64 * 1024;

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
