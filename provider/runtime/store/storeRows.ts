// What both stores share: the rows as the SQL schemas name them, their mapping to
// the Store interface's records, and the errors and limits that must read the
// same whichever store answers (no difference is visible through the API).
import { WebhookError } from "../../errors";
import type { EventKind, WebhookEvent } from "../../model/events";
import { managerLabel, sameManager, type ManagedBy } from "../../model/managedBy";
import type { WebhookConfig } from "../../model/webhookConfig";
import type { Keyring } from "../secrets/keyring";
import { openConfig, resealConfigText, sealConfig } from "../secrets/sealConfig";
import { DELIVERY_STATUSES, type DeliveryFilter, type DeliveryPage, type DeliveryRow, type DeliveryStatus, type WebhookActivity, type WebhookRecord } from "./store";

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
  managed_by: string | null;
}

/** The live registration that holds a name. */
export interface NameHolderRow {
  id: string;
  kind: EventKind;
  managed_by: string | null;
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
  lease_token: string | null;
  claims: number;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: number;
  updated_at: number;
  /** Insertion order (PostgreSQL's seq, SQLite's rowid): the tie-break of the list order and its cursor. */
  seq?: number;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** listDeliveries' limit: 100 unless asked, never more than 1,000. */
export function listLimit(limit: number | undefined): number {
  return Math.min(1000, Math.max(1, Math.floor(limit ?? 100)));
}

/** The page cursor after `row`: opaque to clients (base64url of created_at and seq). */
export function cursorAfter(row: DeliveryDbRow): string {
  return Buffer.from(`${row.created_at}.${row.seq ?? 0}`, "utf8").toString("base64url");
}

/** A cursor from cursorAfter, or API_INVALID_QUERY on `cursor`. */
export function parseCursor(cursor: string): { createdAt: number; seq: number } {
  const m = /^(\d{1,16})\.(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (m === null) {
    throw new WebhookError({
      code: "API_INVALID_QUERY",
      path: "cursor",
      message: "cursor is not one this runtime gave; pass back the nextCursor of the previous page unchanged",
    });
  }
  return { createdAt: Number(m[1]), seq: Number(m[2]) };
}

/** A page from rows fetched with LIMIT limit + 1: the extra row only says that more follow. */
export function pageOf(rows: DeliveryDbRow[], limit: number): DeliveryPage {
  const page = rows.slice(0, limit);
  return {
    deliveries: page.map(deliveryOf),
    ...(rows.length > limit ? { nextCursor: cursorAfter(page[page.length - 1]) } : {}),
  };
}

/** The WHERE conditions of a list, in SQL with `?` placeholders (PostgreSQL numbers them), and their values. */
export function listConditions(filter: DeliveryFilter & { cursor?: string }, seq: string): { where: string[]; params: Array<string | number> } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const add = (condition: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(condition);
    params.push(value);
  };
  add("webhook_id = ?", filter.webhookId);
  add("status = ?", filter.status);
  add("created_at >= ?", filter.since);
  add("created_at < ?", filter.until);
  // Deliveries carry their event's type (indexed with created_at): no probe of the events table per row.
  add("event_type = ?", filter.eventType);
  if (filter.cursor !== undefined) {
    const c = parseCursor(filter.cursor);
    where.push(`(created_at, ${seq}) < (?, ?)`);
    params.push(c.createdAt, c.seq);
  }
  return { where, params };
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

/** The stored label as the record's optional field. */
export function managedByOf(text: string | null | undefined): { managedBy?: ManagedBy } {
  return text === null || text === undefined ? {} : { managedBy: JSON.parse(text) as ManagedBy };
}

/** A config as a webhook_versions row stores it: secret fields sealed, bound to the webhook id. */
export const configText = (config: WebhookConfig, webhookId: string, keyring: Keyring): string =>
  JSON.stringify(sealConfig(config, webhookId, keyring));

/** A stored config text as the runtime uses it: secrets opened. */
export const configOf = (text: string, webhookId: string, keyring: Keyring): WebhookConfig =>
  openConfig(JSON.parse(text) as WebhookConfig, webhookId, keyring);

export interface VersionConfigRow {
  webhook_id: string;
  version: number;
  config: string;
}

/** The rows whose config must be written again (plaintext secrets; with rekey, another key than the primary). */
export function resealed(rows: readonly VersionConfigRow[], keyring: Keyring, rekey: boolean): Array<VersionConfigRow & { old: string }> {
  const out: Array<VersionConfigRow & { old: string }> = [];
  for (const r of rows) {
    const text = resealConfigText(r.config, r.webhook_id, keyring, rekey);
    if (text !== undefined) out.push({ webhook_id: r.webhook_id, version: r.version, config: text, old: r.config });
  }
  return out;
}

export function webhookOf(r: WebhookDbRow, keyring: Keyring): WebhookRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    version: r.current_version,
    config: configOf(r.config, r.id, keyring),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    ...managedByOf(r.managed_by),
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

export function nameTaken(name: string, holder: string, managedBy?: ManagedBy): WebhookError {
  const who = managedBy === undefined ? "not managed by Pulumi" : `managed by ${managerLabel(managedBy)}`;
  return new WebhookError({
    code: "API_NAME_TAKEN",
    path: "name",
    message:
      `name "${name}" is already used by webhook ${holder} (${who}); names are unique per runtime, also across stacks: ` +
      "choose another name (e.g. put the stack name in it), or update or delete that webhook",
  });
}

/** Whether a register of `name` by `managedBy` takes it over from its holder: the same Pulumi resource (a replace), same kind. */
export function takesOver(holder: NameHolderRow, kind: EventKind, managedBy: ManagedBy | undefined): boolean {
  return holder.kind === kind && sameManager(managedByOf(holder.managed_by).managedBy, managedBy);
}

/** The activity rows of webhookActivity from its two queries: counts by (webhook, status) and each newest delivery. */
export function activityOf(
  webhookIds: readonly string[],
  counts: ReadonlyArray<{ webhook_id: string; status: DeliveryStatus; n: number | string }>,
  newest: ReadonlyArray<{ webhook_id: string; id: string; status: DeliveryStatus; updated_at: number | string; last_error_code: string | null }>,
): WebhookActivity[] {
  const zero = () => Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  const byId = new Map<string, WebhookActivity>(webhookIds.map((id) => [id, { webhookId: id, byStatus: zero() }]));
  for (const c of counts) {
    const a = byId.get(c.webhook_id);
    if (a !== undefined) a.byStatus[c.status] = Number(c.n);
  }
  for (const d of newest) {
    const a = byId.get(d.webhook_id);
    if (a === undefined) continue;
    a.last = { deliveryId: d.id, status: d.status, updatedAt: iso(Number(d.updated_at)), ...(d.last_error_code === null ? {} : { errorCode: d.last_error_code }) };
  }
  return [...byId.values()];
}
