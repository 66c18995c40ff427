// What both stores share: the rows as the SQL schemas name them, their mapping to
// the Store interface's records, and the errors and limits that must read the
// same whichever store answers (no difference is visible through the API).
import { WebhookError } from "../../errors";
import type { EventKind, WebhookEvent } from "../../model/events";
import type { WebhookConfig } from "../../model/webhookConfig";
import type { DeliveryRow, DeliveryStatus, WebhookRecord } from "./store";

/** lastError of deliveries still queued when their webhook is deleted; they are not retried. */
export const WEBHOOK_DELETED_ERROR = {
  code: "WEBHOOK_DELETED",
  message: "the webhook was deleted before this delivery was made; it is not retried",
} as const;

/** Rows a retention purge removes per transaction: a large purge never holds locks for long. */
export const PURGE_CHUNK = 1000;

export interface WebhookDbRow {
  id: string;
  name: string;
  kind: EventKind;
  current_version: number;
  created_at: number;
  updated_at: number;
  config: string;
}

export interface DeliveryDbRow {
  id: string;
  event_id: string;
  webhook_id: string;
  webhook_version: number;
  origin: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: number;
  updated_at: number;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** listDeliveries' limit: 100 unless asked, never more than 1,000. */
export function listLimit(limit: number | undefined): number {
  return Math.min(1000, Math.max(1, Math.floor(limit ?? 100)));
}

export function deliveryOf(r: DeliveryDbRow): DeliveryRow {
  return {
    id: r.id,
    eventId: r.event_id,
    webhookId: r.webhook_id,
    webhookVersion: r.webhook_version,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    origin: r.origin,
    ...(r.last_error_code === null ? {} : { lastError: { code: r.last_error_code, message: r.last_error_message ?? "" } }),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export function webhookOf(r: WebhookDbRow): WebhookRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    version: r.current_version,
    config: JSON.parse(r.config) as WebhookConfig,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** JSON with object keys sorted at every level: two payloads that differ only in key order read the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Whether an event with a stored id is the same event again (a client's retry) rather than another one. */
export function sameEvent(stored: { kind: EventKind; payload: string }, event: { kind: EventKind; event: WebhookEvent }): boolean {
  return stored.kind === event.kind && canonicalJson(JSON.parse(stored.payload)) === canonicalJson(event.event);
}

/**
 * A reused event id with another payload: refused (409), since dropping it silently loses an event and storing
 * it twice would send one id with two bodies. `index`: the event's position in the ingest call.
 */
export function eventIdConflict(id: string, index: number): WebhookError {
  return new WebhookError({
    code: "EVENT_ID_CONFLICT",
    path: `events[${index}].id`,
    message:
      `event id ${/^[A-Za-z0-9_.:-]{1,80}$/.test(id) ? id : "(the given id)"} was already used by an event with a different payload; ` +
      "send the same event again (it is accepted once), or give this one a new id or none",
  });
}

export function nameTaken(name: string, holder: string): WebhookError {
  return new WebhookError({
    code: "API_NAME_TAKEN",
    path: "name",
    message: `name "${name}" is already used by webhook ${holder}; choose another name, or update or delete that webhook`,
  });
}
