// The store interface: everything the runtime keeps durably. Small on purpose,
// so a PostgreSQL store can implement the same contract (several nodes sharing
// one database). Every method is async even where SQLite is synchronous.
//
// Invariants every implementation keeps:
// - ingestEvents resolves only after the events AND their deliveries are durably
//   committed, in one transaction (an acknowledged event is never lost);
// - a delivery is bound to the webhook version current when its event committed;
// - claims are leases: a delivery whose lease expired is claimable again, so a
//   killed process loses nothing (at-least-once; the webhook-id stays the same);
// - every claim gets a fresh lease token: only its holder can renew the lease or
//   record the outcome, so a stale attempt (its lease expired, the delivery was
//   claimed again) never overwrites a newer one;
// - `attempts` counts attempts made (recorded), not claims; `claims` counts claims
//   since the last recorded outcome (claims a crash or a lost lease left unfinished).
import type { InvocationRecord } from "../../delivery/deliverOnce";
import type { EventKind, WebhookEvent } from "../../model/events";
import type { ManagedBy } from "../../model/managedBy";
import type { WebhookConfig } from "../../model/webhookConfig";

export type DeliveryStatus = "pending" | "retrying" | "delivered" | "dead";
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "retrying", "delivered", "dead"];

export interface WebhookRecord {
  id: string; // "wh_<uuid>"
  name: string;
  kind: EventKind;
  version: number; // 1 on create, +1 on every update
  config: WebhookConfig; // with secrets (the store is the runtime's own file/database)
  createdAt: string; // ISO
  updatedAt: string;
  /** The Pulumi resource that registered it; absent for one made by hand (or before issue 15). */
  managedBy?: ManagedBy;
}

export interface NewEvent {
  id: string; // caller's id or a UUID assigned by the runtime
  kind: EventKind;
  event: WebhookEvent; // validated payload
}

export interface StoredEvent {
  id: string;
  kind: EventKind;
  eventType: string;
  receivedAt: string;
  payload: WebhookEvent;
}

export interface DeliveryRow {
  id: string; // "dlv_<uuid>"; also the `webhook-id` header of every attempt
  eventId: string;
  webhookId: string;
  webhookVersion: number;
  status: DeliveryStatus;
  attempts: number; // attempts made so far
  nextAttemptAt: number; // ms since epoch; meaningful for pending/retrying
  origin: string; // scheme://host of the target URL, for per-origin concurrency
  lastError?: { code: string; message: string };
  createdAt: string;
  updatedAt: string;
}

export interface ClaimedDelivery extends DeliveryRow {
  leaseUntil: number;
  /** This claim's fencing token: renewLease and completeAttempt succeed only while it still holds the lease. */
  leaseToken: string;
  /** Claims since the last recorded outcome, this one included (1 unless earlier claims ended without one). */
  claims: number;
  event: StoredEvent;
  webhook: { id: string; version: number; config: WebhookConfig };
}

export interface IngestResult {
  /** One entry per input event, in order. */
  /** `conflict`: a duplicate id whose payload differs (file sources only; an API call is refused instead). */
  events: Array<{ id: string; duplicate: boolean; deliveries: number; conflict?: true }>;
}

export interface AttemptOutcome {
  record: InvocationRecord; // already masked
  status: "delivered" | "retrying" | "dead";
  nextAttemptAt?: number; // for "retrying"
  /** false when no request left the process (e.g. LOCAL_RESOURCE_EXHAUSTED): `attempts` is not incremented. */
  attemptMade: boolean;
}

export interface DeliveryFilter {
  webhookId?: string;
  status?: DeliveryStatus;
  /** 100 unless asked, at most 1,000. */
  limit?: number;
  /** created_at >= since (ms). */
  since?: number;
  /** created_at < until (ms). */
  until?: number;
  /** The event's type (`RequestCreated`, `AuditEvent`, …): probes the event of each delivery by primary key. */
  eventType?: string;
}

/** One stored version of a registration (webhook_versions), secrets opened: the API masks them. */
export interface WebhookVersionRecord {
  version: number;
  config: WebhookConfig;
  createdAt: string;
}

/** A live webhook's deliveries created since a time, by status, and its newest delivery. */
export interface WebhookActivity {
  webhookId: string;
  byStatus: Record<DeliveryStatus, number>;
  last?: { deliveryId: string; status: DeliveryStatus; updatedAt: string; errorCode?: string };
}

export interface DeliveryPage {
  deliveries: DeliveryRow[];
  nextCursor?: string;
}

export interface StoreStats {
  byStatus: Record<DeliveryStatus, number>;
  /** pending + retrying. */
  queueDepth: number;
  /** Age of the oldest delivery that is due now (0 when none is due). */
  oldestDueAgeMs: number;
}

export interface Store {
  /**
   * Applies the versioned migrations (safe when several processes start at once), then seals any
   * plaintext secret left by an older runtime; a secret sealed with a key the keyring lacks fails it
   * with ENCRYPTION_KEY_UNKNOWN.
   */
  migrate(): Promise<void>;
  /**
   * Seals plaintext secrets of every stored version; with `rekey`, also seals anew with the primary key what
   * another key sealed (rotation). Row by row and idempotent: an interrupted run is finished by running it again.
   */
  resealSecrets(options: { rekey: boolean }): Promise<{ versions: number; resealed: number }>;
  close(): Promise<void>;
  /**
   * The runtime's fingerprint key (secrets/fingerprints.ts): created sealed by the first migrate, the
   * same for every node of a database and across restarts; resealSecrets with `rekey` reseals it.
   */
  fingerprintKey(): Promise<Buffer>;

  /**
   * Registrations. Names are unique among live webhooks: a clash throws WebhookError API_NAME_TAKEN, naming the
   * holder's managedBy. A holder of the same kind managed by the same Pulumi resource (`managedBy`) is taken over
   * instead (a replace that keeps the name): in the same transaction its queued (pending, retrying) deliveries move
   * to the new registration (same delivery ids, attempts kept, its current version) and it is deleted.
   */
  createWebhook(config: WebhookConfig, now: number, managedBy?: ManagedBy): Promise<WebhookRecord>;
  /** A new version; events committed after it use it. undefined when the id is unknown. `managedBy` replaces the label when given. */
  updateWebhook(id: string, config: WebhookConfig, now: number, managedBy?: ManagedBy): Promise<WebhookRecord | undefined>;
  /** false when already gone. Pending deliveries of a deleted webhook are marked dead (WEBHOOK_DELETED is not retried). */
  deleteWebhook(id: string, now: number): Promise<boolean>;
  getWebhook(id: string): Promise<WebhookRecord | undefined>;
  listWebhooks(): Promise<WebhookRecord[]>;
  /** Every version of a live webhook, newest first; undefined when the id is unknown or deleted. */
  listVersions(id: string): Promise<WebhookVersionRecord[] | undefined>;
  /**
   * Per live webhook: its deliveries created at or after `since` by status (a range of the created index,
   * not the whole table) and its newest delivery (one index probe each). Callers cache it briefly.
   */
  webhookActivity(since: number): Promise<WebhookActivity[]>;

  /**
   * Commits events and their deliveries (one per active matching webhook, current version) atomically.
   * An id seen before is a duplicate: not stored again, no new deliveries. The same id with a different payload
   * (key order aside) or kind throws EVENT_ID_CONFLICT (path `events[i].id`) and stores nothing of the call;
   * with `source` it is reported as `conflict` instead (a file cannot be answered). With `source`, the source's
   * offset is saved in the same transaction (a restart neither re-reads nor skips a line).
   * Implementations group concurrent calls into one transaction (group commit).
   */
  ingestEvents(events: NewEvent[], now: number, source?: { name: string; offset: number }): Promise<IngestResult>;
  /** The Manual trigger: one delivery of this event to this webhook alone. undefined when the webhook is unknown. */
  invokeWebhook(webhookId: string, event: NewEvent, now: number): Promise<{ deliveryId: string } | undefined>;
  sourceOffset(name: string): Promise<number>;

  /** Leases up to `limit` due deliveries (pending/retrying, nextAttemptAt <= now, lease free or expired), claims +1. */
  claimDue(options: { now: number; limit: number; leaseMs: number; owner: string; excludeOrigins?: readonly string[] }): Promise<ClaimedDelivery[]>;
  /**
   * Stores the attempt's record, updates the delivery (attempts +1 when `attemptMade`, claims back to 0) and
   * releases the lease — only while `leaseToken` still holds it. false when it no longer does (the lease
   * expired and the delivery was claimed again, or it finished): the record is kept in the history, the
   * delivery is not changed.
   */
  completeAttempt(deliveryId: string, leaseToken: string, outcome: AttemptOutcome, now: number): Promise<boolean>;
  /** Extends the lease to `until` while `leaseToken` still holds it; false when it no longer does. */
  renewLease(deliveryId: string, leaseToken: string, until: number): Promise<boolean>;
  /** Re-queues a dead (or retrying) delivery, due now. false when unknown or already delivered. */
  retryDelivery(id: string, now: number): Promise<boolean>;
  /** Earliest nextAttemptAt among pending/retrying deliveries, for the worker's sleep. */
  nextDueAt(): Promise<number | undefined>;

  listDeliveries(filter: DeliveryFilter): Promise<DeliveryRow[]>;
  /**
   * One page, newest first (created_at, then insertion order, both descending: stable under inserts, on an
   * index). `nextCursor` is set when more rows follow; pass it back as `cursor` with the same filter.
   */
  pageDeliveries(filter: DeliveryFilter & { cursor?: string }): Promise<DeliveryPage>;
  getDelivery(id: string): Promise<{ delivery: DeliveryRow; attempts: InvocationRecord[] } | undefined>;
  /** A full count by status: callers cache it (it scans the deliveries); never once per request. */
  stats(now: number): Promise<StoreStats>;
  /** One round trip that touches no table: health checks. Rejects when the store cannot answer. */
  ping(): Promise<void>;
  /** Retention: removes attempts, finished deliveries and their events older than `before` (ms). */
  purge(before: number): Promise<{ attempts: number; deliveries: number; events: number }>;

  /**
   * Optional: `listener` is called when another node (or this one) committed work that may be due now;
   * the worker still polls as a fallback (a wake can be missed while the store reconnects, and one
   * may come when nothing is left to claim). Returns the function that unsubscribes. Stores that one
   * process owns (SQLite) do not need it: the worker already knows what its own process wrote.
   */
  onWake?(listener: () => void): () => void;
}
