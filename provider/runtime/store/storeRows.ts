// What both stores share: the rows as the SQL schemas name them, their mapping to
// the Store interface's records, and the errors and limits that must read the
// same whichever store answers (no difference is visible through the API).
import { WebhookError } from "../../errors";
import type { EventKind } from "../../model/events";
import type { WebhookConfig } from "../../model/webhookConfig";
import type { Keyring } from "../secrets/keyring";
import { openConfig, resealConfigText, sealConfig } from "../secrets/sealConfig";
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
  };
}

export function nameTaken(name: string, holder: string): WebhookError {
  return new WebhookError({
    code: "API_NAME_TAKEN",
    path: "name",
    message: `name "${name}" is already used by webhook ${holder}; choose another name, or update or delete that webhook`,
  });
}
