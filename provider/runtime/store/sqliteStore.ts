// The embedded store: one SQLite file, `<dataDir>/webhooks.db`, in WAL mode.
// What must never be lost (events and their deliveries, registrations, source
// offsets) commits with synchronous=FULL, so an acknowledged event survives an
// OS crash or power loss too. Lease and attempt bookkeeping commits with
// synchronous=NORMAL: it survives a process crash, and losing its last commits
// to a power loss only means a delivery is sent again (at-least-once, same
// webhook-id), never that one is lost; a later FULL commit syncs it anyway.
// Hot-path writes go through group commit, one lane per durability.
// One process owns a file: the live-webhook cache assumes this connection makes
// every registration write (several runtime nodes use PostgreSQL instead).
import { randomUUID } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { join, resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { InvocationRecord } from "../../delivery/deliverOnce";
import { isWebhookError, WebhookError } from "../../errors";
import { matchesWebhook } from "../../matching/matchEvent";
import type { EventKind, WebhookEvent } from "../../model/events";
import type { ManagedBy } from "../../model/managedBy";
import type { WebhookConfig } from "../../model/webhookConfig";
import { GroupCommit } from "./groupCommit";
import { LiveWebhooks, originOf } from "./liveWebhooks";
import { applyMigrations } from "./sqliteMigrations";
import { timeOrderedUuid } from "./timeOrderedId";
import { FINGERPRINT_KEY_NAME, newSealedFingerprintKey, openFingerprintKey, resealFingerprintKey } from "../secrets/fingerprints";
import type { Keyring } from "../secrets/keyring";
import {
  configOf,
  configText,
  deliveryOf,
  eventIdConflict,
  iso,
  listConditions,
  listLimit,
  managedByOf,
  nameTaken,
  takesOver,
  type NameHolderRow,
  pageOf,
  PURGE_CHUNK,
  resealed,
  sameEvent,
  WEBHOOK_DELETED_ERROR,
  webhookOf,
  activityOf,
  type DeliveryDbRow,
  type VersionConfigRow,
  type WebhookDbRow,
} from "./storeRows";
import {
  DELIVERY_STATUSES,
  type AttemptOutcome,
  type ClaimedDelivery,
  type DeliveryRow,
  type DeliveryStatus,
  type IngestResult,
  type NewEvent,
  type Store,
  type StoredEvent,
  type StoreStats,
  type WebhookActivity,
  type WebhookRecord,
  type WebhookVersionRecord,
  DeliveryFilter,
  DeliveryPage,
} from "./store";

export const SQLITE_FILE = "webhooks.db";

/** The due, unleased deliveries in due order (`extra`: one more condition); INDEXED BY: see prepare(). */
const dueRowids = (extra: string): string =>
  `SELECT rowid FROM deliveries INDEXED BY deliveries_due
    WHERE status IN ('pending', 'retrying') AND next_attempt_at <= @now
      AND (lease_until IS NULL OR lease_until <= @now) ${extra}
    ORDER BY next_attempt_at LIMIT @limit`;

/** How long claims and attempt results gather before their shared commit (see the constructor). */
const WORK_LANE_DELAY_MS = 2;

interface EventDbRow {
  id: string;
  kind: EventKind;
  event_type: string;
  payload: string;
  received_at: number;
}

// The native module is optional: a Pulumi program that installs the package without it
// still works for everything but the runtime, so it is loaded only when a store opens.
function loadDriver(): typeof BetterSqlite3 {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("better-sqlite3") as typeof BetterSqlite3;
  } catch (e) {
    throw new WebhookError({
      code: "STORE_UNAVAILABLE",
      path: "store",
      message:
        "the SQLite store needs the optional dependency better-sqlite3, which is missing or not built for this Node version; " +
        "install pulumi-webhooks with its optional dependencies where the runtime runs",
      cause: e,
    });
  }
}

/** SQLite failures become STORE_UNAVAILABLE (retryable); our own WebhookErrors pass through. */
export function storeError(e: unknown): unknown {
  if (isWebhookError(e)) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("SQLITE_")) {
    return new WebhookError({
      code: "STORE_UNAVAILABLE",
      retryable: true,
      message: `the SQLite store failed (${code}); check that the data dir is writable, the disk is not full and no other process holds a long write lock`,
      cause: e,
    });
  }
  return e;
}

export interface SqliteStoreOptions {
  /** Directory of the database file; created with mode 0700 when missing. */
  dataDir: string;
  /** SQLite busy_timeout in ms: how long a write waits for another process's lock. Default 5000. */
  busyTimeoutMs?: number;
  /** Seals the secret fields of registrations (secrets/loadKeyring). */
  keyring: Keyring;
}

/** Opens (creating when needed) `<dataDir>/webhooks.db`; call migrate() before anything else. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const Driver = loadDriver();
  const dir = resolve(options.dataDir);
  const file = join(dir, SQLITE_FILE);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Created by us first, 0600: the file holds webhook secrets. SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(file, "a", 0o600));
    chmodSync(file, 0o600);
  } catch (e) {
    throw new WebhookError({
      code: "STORE_UNAVAILABLE",
      path: "dataDir",
      message: `cannot create the SQLite store in ${dir} (${(e as NodeJS.ErrnoException).code ?? "error"}); point dataDir at a writable directory`,
      cause: e,
    });
  }
  let db: BetterSqlite3.Database;
  try {
    db = new Driver(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma("foreign_keys = ON");
  } catch (e) {
    throw storeError(e);
  }
  return new SqliteStore(db, file, options.keyring);
}

export class SqliteStore implements Store {
  private readonly live = new LiveWebhooks();
  /** Parsed configs by `id@version`: claims read them for every attempt. */
  private readonly versions = new Map<string, WebhookConfig>();
  /** Ingest and invoke: synchronous=FULL. */
  private readonly durable: GroupCommit;
  /** Claims and attempt results: synchronous=NORMAL. */
  private readonly work: GroupCommit;
  private synchronous: "FULL" | "NORMAL" = "FULL";
  private prepared: ReturnType<SqliteStore["prepare"]> | undefined;
  /** listDeliveries statements by filter shape (32 at most). */
  private readonly listStatements = new Map<string, BetterSqlite3.Statement<Array<string | number>, DeliveryDbRow>>();
  private closed = false;
  private fpKey: Buffer | undefined;

  constructor(
    private readonly db: BetterSqlite3.Database,
    /** The database file. */
    readonly file: string,
    private readonly keyring: Keyring,
  ) {
    const lane = (mode: "FULL" | "NORMAL", delayMs: number) =>
      new GroupCommit({
        delayMs,
        transaction: (body) => {
          this.setSynchronous(mode);
          db.transaction(body).immediate();
        },
        savepoint: (fn) => db.transaction(fn)(),
        wrapError: storeError,
      });
    // Ingest answers a client once committed: at once. Claims and results gather for WORK_LANE_DELAY_MS:
    // draining a backlog, that halved the commits (~22 jobs each instead of ~11) for 2 ms more per claim.
    this.durable = lane("FULL", 0);
    this.work = lane("NORMAL", WORK_LANE_DELAY_MS);
  }

  // A per-connection setting, switched between transactions (SQLite ignores it inside one).
  private setSynchronous(mode: "FULL" | "NORMAL"): void {
    if (this.synchronous === mode) return;
    this.db.pragma(`synchronous = ${mode}`);
    this.synchronous = mode;
  }

  /** Group transactions committed so far (both lanes). */
  get groupCommits(): number {
    return this.durable.transactions + this.work.transactions;
  }

  private get q(): ReturnType<SqliteStore["prepare"]> {
    if (this.closed) throw this.closedError();
    if (this.prepared === undefined) throw new Error("SqliteStore: call migrate() before using the store");
    return this.prepared;
  }

  private ready(): void {
    void this.q;
  }

  private closedError(): WebhookError {
    return new WebhookError({ code: "STORE_UNAVAILABLE", message: "the store is closed (the runtime is stopping)" });
  }

  // Statements are prepared after the migrations created the tables they name. INDEXED BY pins the
  // partial indexes: without ANALYZE statistics the planner prefers the status index and sorts every due row.
  private prepare() {
    const db = this.db;
    return {
      liveWebhooks: db.prepare<[], WebhookDbRow>(
        `SELECT w.id, w.name, w.kind, w.current_version, w.created_at, w.updated_at, w.managed_by, v.config
           FROM webhooks w JOIN webhook_versions v ON v.webhook_id = w.id AND v.version = w.current_version
          WHERE w.deleted_at IS NULL ORDER BY w.created_at, w.id`,
      ),
      liveWebhook: db.prepare<[string], WebhookDbRow>(
        `SELECT w.id, w.name, w.kind, w.current_version, w.created_at, w.updated_at, w.managed_by, v.config
           FROM webhooks w JOIN webhook_versions v ON v.webhook_id = w.id AND v.version = w.current_version
          WHERE w.id = ? AND w.deleted_at IS NULL`,
      ),
      nameHolder: db.prepare<[string], NameHolderRow>(`SELECT id, kind, managed_by FROM webhooks WHERE name = ? AND deleted_at IS NULL`),
      insertWebhook: db.prepare(
        `INSERT INTO webhooks (id, name, kind, current_version, created_at, updated_at, managed_by) VALUES (?, ?, ?, 1, ?, ?, ?)`,
      ),
      updateWebhook: db.prepare(
        `UPDATE webhooks SET name = ?, current_version = ?, updated_at = ?, managed_by = COALESCE(?, managed_by) WHERE id = ?`,
      ),
      // A takeover: the holder's queued deliveries continue with the registration that took its name (same ids).
      moveQueued: db.prepare(
        `UPDATE deliveries SET webhook_id = ?, webhook_version = 1, origin = ?, updated_at = ?
          WHERE webhook_id = ? AND status IN ('pending', 'retrying')`,
      ),
      deleteWebhook: db.prepare(`UPDATE webhooks SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`),
      insertVersion: db.prepare(`INSERT INTO webhook_versions (webhook_id, version, config, created_at) VALUES (?, ?, ?, ?)`),
      versionConfig: db.prepare<[string, number], { config: string }>(
        `SELECT config FROM webhook_versions WHERE webhook_id = ? AND version = ?`,
      ),
      versionsOf: db.prepare<[string], { version: number; config: string; created_at: number }>(
        `SELECT version, config, created_at FROM webhook_versions WHERE webhook_id = ? ORDER BY version DESC`,
      ),
      liveWebhookIds: db.prepare<[], { id: string }>(`SELECT id FROM webhooks WHERE deleted_at IS NULL`),
      // A range of deliveries_created: the deliveries of the window, not the table.
      activityCounts: db.prepare<[number], { webhook_id: string; status: DeliveryStatus; n: number }>(
        `SELECT webhook_id, status, count(*) AS n FROM deliveries INDEXED BY deliveries_created WHERE created_at >= ? GROUP BY webhook_id, status`,
      ),
      // One probe of deliveries_webhook_created per live webhook.
      newestDeliveries: db.prepare<[], { webhook_id: string; id: string; status: DeliveryStatus; updated_at: number; last_error_code: string | null }>(
        `SELECT d.webhook_id, d.id, d.status, d.updated_at, d.last_error_code FROM webhooks w
           JOIN deliveries d ON d.rowid = (SELECT rowid FROM deliveries INDEXED BY deliveries_webhook_created
                                            WHERE webhook_id = w.id ORDER BY created_at DESC, rowid DESC LIMIT 1)
          WHERE w.deleted_at IS NULL`,
      ),
      allVersionConfigs: db.prepare<[], VersionConfigRow>(`SELECT webhook_id, version, config FROM webhook_versions`),
      // Compare-and-set: a version is immutable, so only a reseal changes the text.
      resealVersion: db.prepare(`UPDATE webhook_versions SET config = ? WHERE webhook_id = ? AND version = ? AND config = ?`),
      runtimeSecret: db.prepare<[string], { value: string }>(`SELECT value FROM runtime_secrets WHERE name = ?`),
      // The first writer wins: a key once created is never replaced.
      addRuntimeSecret: db.prepare(`INSERT OR IGNORE INTO runtime_secrets (name, value) VALUES (?, ?)`),
      resealRuntimeSecret: db.prepare(`UPDATE runtime_secrets SET value = ? WHERE name = ? AND value = ?`),
      killQueued: db.prepare(
        `UPDATE deliveries SET status = 'dead', lease_owner = NULL, lease_until = NULL, lease_token = NULL,
                last_error_code = ?, last_error_message = ?, updated_at = ?
          WHERE webhook_id = ? AND status IN ('pending', 'retrying')`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO events (id, kind, event_type, payload, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      event: db.prepare<[string], EventDbRow>(`SELECT * FROM events WHERE id = ?`),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (id, event_id, webhook_id, webhook_version, origin, status, attempts, next_attempt_at, created_at, updated_at, event_type)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`,
      ),
      deliveryOfPair: db.prepare<[string, string], { id: string }>(
        `SELECT id FROM deliveries WHERE event_id = ? AND webhook_id = ? ORDER BY created_at LIMIT 1`,
      ),
      saveOffset: db.prepare(
        `INSERT INTO source_offsets (name, byte_offset, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET byte_offset = excluded.byte_offset, updated_at = excluded.updated_at`,
      ),
      ping: db.prepare(`SELECT 1`),
      offset: db.prepare<[string], { byte_offset: number }>(`SELECT byte_offset FROM source_offsets WHERE name = ?`),
      // The due rows are selected first, then leased by one statement (lease, below).
      claimable: db.prepare<{ now: number; limit: number; exclude: string }, number>(dueRowids("AND origin NOT IN (SELECT value FROM json_each(@exclude))")).pluck(),
      // No origin full (the usual case): the same without the exclusion, which costs ~10 µs a claim even when empty.
      claimableAny: db.prepare<{ now: number; limit: number }, number>(dueRowids("")).pluck(),
      // One statement for the whole claim (not one per row): the fencing token only has to be unique, so
      // SQLite draws it (16 random bytes) rather than the caller passing one per row.
      lease: db.prepare<{ rowids: string; now: number; until: number; owner: string }, DeliveryDbRow & { claim_rowid: number }>(
        `UPDATE deliveries SET lease_owner = @owner, lease_until = @until, lease_token = lower(hex(randomblob(16))), claims = claims + 1, updated_at = @now
          WHERE rowid IN (SELECT value FROM json_each(@rowids)) RETURNING rowid AS claim_rowid, *`,
      ),
      eventsIn: db.prepare<[string], EventDbRow>(`SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?))`),
      renewLease: db.prepare(
        `UPDATE deliveries SET lease_until = @until WHERE id = @id AND lease_token = @token AND status IN ('pending', 'retrying')`,
      ),
      insertAttempt: db.prepare(
        `INSERT INTO attempts (delivery_id, attempt, record, created_at) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?)`,
      ),
      finishAttempt: db.prepare(
        `UPDATE deliveries SET status = @status, next_attempt_at = @next, lease_owner = NULL, lease_until = NULL, lease_token = NULL,
                attempts = attempts + @made, claims = 0, last_error_code = @code, last_error_message = @message, updated_at = @now
          WHERE id = @id AND lease_token = @token`,
      ),
      retry: db.prepare(
        `UPDATE deliveries SET status = 'retrying', next_attempt_at = @now, updated_at = @now
          WHERE id = @id AND status IN ('dead', 'retrying')
            AND webhook_id IN (SELECT id FROM webhooks WHERE deleted_at IS NULL)`,
      ),
      retryablePending: db.prepare<[string], { one: number }>(
        `SELECT 1 AS one FROM deliveries WHERE id = ? AND status = 'pending'
            AND webhook_id IN (SELECT id FROM webhooks WHERE deleted_at IS NULL)`,
      ),
      nextDue: db.prepare<[], { next_attempt_at: number }>(
        `SELECT next_attempt_at FROM deliveries INDEXED BY deliveries_due
          WHERE status IN ('pending', 'retrying') AND lease_until IS NULL ORDER BY next_attempt_at LIMIT 1`,
      ),
      delivery: db.prepare<[string], DeliveryDbRow>(`SELECT * FROM deliveries WHERE id = ?`),
      attempts: db.prepare<[string], { record: string }>(`SELECT record FROM attempts WHERE delivery_id = ? ORDER BY attempt, id`),
      countByStatus: db.prepare<[], { status: DeliveryStatus; n: number }>(`SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status`),
      oldestDue: db.prepare<[number], { next_attempt_at: number }>(
        `SELECT next_attempt_at FROM deliveries INDEXED BY deliveries_due
          WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 1`,
      ),
      finishedBefore: db.prepare<[number], { id: string }>(
        `SELECT id FROM deliveries INDEXED BY deliveries_finished
          WHERE status IN ('delivered', 'dead') AND updated_at < ? LIMIT ${PURGE_CHUNK}`,
      ),
      deleteAttemptsOf: db.prepare(`DELETE FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?))`),
      deleteDeliveriesIn: db.prepare(`DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?))`),
      purgeEvents: db.prepare(
        `DELETE FROM events WHERE rowid IN (
           SELECT e.rowid FROM events e WHERE e.received_at < ?
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id) LIMIT ${PURGE_CHUNK})`,
      ),
    };
  }

  /** Runs a synchronous write transaction (BEGIN IMMEDIATE) outside the group, mapping SQLite errors. */
  private write<T>(fn: () => T): T {
    this.ready();
    try {
      this.setSynchronous("FULL");
      return this.db.transaction(fn).immediate();
    } catch (e) {
      throw storeError(e);
    }
  }

  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw storeError(e);
    }
  }

  async migrate(): Promise<void> {
    if (this.closed) throw this.closedError();
    try {
      this.setSynchronous("FULL");
      applyMigrations(this.db);
      this.prepared ??= this.prepare();
    } catch (e) {
      throw storeError(e);
    }
    await this.resealSecrets({ rekey: false });
    this.write(() => this.q.addRuntimeSecret.run(FINGERPRINT_KEY_NAME, newSealedFingerprintKey(this.keyring)));
    this.fpKey = openFingerprintKey(this.read(() => this.q.runtimeSecret.get(FINGERPRINT_KEY_NAME))!.value, this.keyring);
    this.live.clear();
    for (const row of this.read(() => this.q.liveWebhooks.all())) {
      this.live.set(row.id, row.current_version, webhookOf(row, this.keyring).config);
    }
  }

  async fingerprintKey(): Promise<Buffer> {
    if (this.fpKey === undefined) throw new Error("SqliteStore: call migrate() before using the store");
    return this.fpKey;
  }

  async resealSecrets(options: { rekey: boolean }): Promise<{ versions: number; resealed: number }> {
    const fp = this.read(() => this.q.runtimeSecret.get(FINGERPRINT_KEY_NAME));
    const fpSealed = fp === undefined || !options.rekey ? undefined : resealFingerprintKey(fp.value, this.keyring);
    if (fp !== undefined && fpSealed !== undefined) this.write(() => this.q.resealRuntimeSecret.run(fpSealed, FINGERPRINT_KEY_NAME, fp.value));
    const rows = this.read(() => this.q.allVersionConfigs.all());
    const changes = resealed(rows, this.keyring, options.rekey);
    if (changes.length === 0) return { versions: rows.length, resealed: 0 };
    // secure_delete zeroes the replaced text in its page; the checkpoint truncates the WAL that held the old page.
    this.read(() => this.db.pragma("secure_delete = ON"));
    try {
      this.write(() => {
        for (const c of changes) this.q.resealVersion.run(c.config, c.webhook_id, c.version, c.old);
      });
      this.read(() => this.db.pragma("wal_checkpoint(TRUNCATE)"));
    } finally {
      this.read(() => this.db.pragma("secure_delete = OFF"));
    }
    return { versions: rows.length, resealed: changes.length };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // What is queued was promised a commit: flush it before refusing more.
    this.durable.close(this.closedError());
    this.work.close(this.closedError());
    this.closed = true;
    this.db.close();
  }

  // ---- registrations ----

  async createWebhook(config: WebhookConfig, now: number, managedBy?: ManagedBy): Promise<WebhookRecord> {
    const id = `wh_${randomUUID()}`;
    const { record, replaced } = this.write(() => {
      const holder = this.q.nameHolder.get(config.name);
      if (holder && !takesOver(holder, config.kind, managedBy)) throw nameTaken(config.name, holder.id, managedByOf(holder.managed_by).managedBy);
      // A takeover: the holder leaves the live-name index before the new row enters it; its queued deliveries follow.
      if (holder) this.q.deleteWebhook.run(now, now, holder.id);
      this.q.insertWebhook.run(id, config.name, config.kind, now, now, managedBy === undefined ? null : JSON.stringify(managedBy));
      this.q.insertVersion.run(id, 1, configText(config, id, this.keyring), now);
      if (holder) this.q.moveQueued.run(id, originOf(config.url), now, holder.id);
      return { record: webhookOf(this.q.liveWebhook.get(id)!, this.keyring), replaced: holder?.id };
    });
    if (replaced !== undefined) this.live.delete(replaced);
    this.live.set(id, 1, config);
    return record;
  }

  async updateWebhook(id: string, config: WebhookConfig, now: number, managedBy?: ManagedBy): Promise<WebhookRecord | undefined> {
    const record = this.write(() => {
      const current = this.q.liveWebhook.get(id);
      if (!current) return undefined;
      if (current.kind !== config.kind) {
        throw new WebhookError({
          code: "CONFIG_INVALID_KIND",
          path: "kind",
          message: `webhook ${id} is a ${current.kind} webhook and its kind cannot change; delete it and register a new ${config.kind} webhook`,
        });
      }
      const holder = this.q.nameHolder.get(config.name);
      if (holder && holder.id !== id) throw nameTaken(config.name, holder.id, managedByOf(holder.managed_by).managedBy);
      const version = current.current_version + 1;
      this.q.insertVersion.run(id, version, configText(config, id, this.keyring), now);
      this.q.updateWebhook.run(config.name, version, now, managedBy === undefined ? null : JSON.stringify(managedBy), id);
      return webhookOf(this.q.liveWebhook.get(id)!, this.keyring);
    });
    if (record) this.live.set(id, record.version, config);
    return record;
  }

  async deleteWebhook(id: string, now: number): Promise<boolean> {
    const deleted = this.write(() => {
      if (this.q.deleteWebhook.run(now, now, id).changes === 0) return false;
      this.q.killQueued.run(WEBHOOK_DELETED_ERROR.code, WEBHOOK_DELETED_ERROR.message, now, id);
      return true;
    });
    if (deleted) this.live.delete(id);
    return deleted;
  }

  async getWebhook(id: string): Promise<WebhookRecord | undefined> {
    const row = this.read(() => this.q.liveWebhook.get(id));
    return row && webhookOf(row, this.keyring);
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    return this.read(() => this.q.liveWebhooks.all()).map((r) => webhookOf(r, this.keyring));
  }

  async listVersions(id: string): Promise<WebhookVersionRecord[] | undefined> {
    const rows = this.read(() => (this.q.liveWebhook.get(id) === undefined ? undefined : this.q.versionsOf.all(id)));
    return rows?.map((r) => ({ version: r.version, config: configOf(r.config, id, this.keyring), createdAt: iso(r.created_at) }));
  }

  async webhookActivity(since: number): Promise<WebhookActivity[]> {
    return this.read(() => {
      const ids = this.q.liveWebhookIds.all().map((r) => r.id);
      return activityOf(ids, this.q.activityCounts.all(since), this.q.newestDeliveries.all());
    });
  }

  // ---- events ----

  ingestEvents(events: NewEvent[], now: number, source?: { name: string; offset: number }): Promise<IngestResult> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.durable.submit(() => {
      const q = this.q;
      const out: IngestResult["events"] = [];
      for (const [i, e] of events.entries()) {
        const inserted = q.insertEvent.run(e.id, e.kind, e.event.event_type, JSON.stringify(e.event), now);
        if (inserted.changes === 0) {
          const conflict = !sameEvent(q.event.get(e.id) as EventDbRow, e);
          // Throwing rolls back this call's savepoint: an API batch stays all-or-nothing.
          if (conflict && source === undefined) throw eventIdConflict(e.id, i);
          out.push({ id: e.id, duplicate: true, deliveries: 0, ...(conflict ? { conflict } : {}) });
          continue;
        }
        let deliveries = 0;
        for (const w of this.live.ofKind(e.kind)) {
          if (!matchesWebhook(w.config, { kind: e.kind, event: e.event })) continue;
          q.insertDelivery.run(`dlv_${timeOrderedUuid(now)}`, e.id, w.id, w.version, w.origin, now, now, now, e.event.event_type);
          deliveries += 1;
        }
        out.push({ id: e.id, duplicate: false, deliveries });
      }
      if (source) q.saveOffset.run(source.name, source.offset, now);
      return { events: out };
    }, Math.max(1, events.length));
  }

  invokeWebhook(webhookId: string, event: NewEvent, now: number): Promise<{ deliveryId: string } | undefined> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.durable.submit(() => {
      const q = this.q;
      const w = this.live.get(webhookId);
      if (!w) return undefined;
      const existing = q.event.get(event.id);
      if (existing) {
        if (existing.kind !== event.kind) {
          throw new WebhookError({
            code: "EVENT_INVALID",
            path: "id",
            message: `event id ${event.id} is already used by an ${existing.kind} event; give this event another id or none`,
          });
        }
        // Invoking again with the same event id (a client retrying its request) does not send twice.
        const pair = q.deliveryOfPair.get(event.id, webhookId);
        if (pair) return { deliveryId: pair.id };
      } else {
        q.insertEvent.run(event.id, event.kind, event.event.event_type, JSON.stringify(event.event), now);
      }
      const deliveryId = `dlv_${timeOrderedUuid(now)}`;
      // The stored event's type (an event invoked again keeps its first payload).
      q.insertDelivery.run(deliveryId, event.id, w.id, w.version, w.origin, now, now, now, existing?.event_type ?? event.event.event_type);
      return { deliveryId };
    });
  }

  async sourceOffset(name: string): Promise<number> {
    return this.read(() => this.q.offset.get(name))?.byte_offset ?? 0;
  }

  // ---- deliveries ----

  claimDue(options: {
    now: number;
    limit: number;
    leaseMs: number;
    owner: string;
    excludeOrigins?: readonly string[];
  }): Promise<ClaimedDelivery[]> {
    if (this.closed) return Promise.reject(this.closedError());
    if (options.limit <= 0) return Promise.resolve([]);
    return this.work.submit(() => {
      const q = this.q;
      const until = options.now + options.leaseMs;
      const limit = Math.floor(options.limit);
      const exclude = options.excludeOrigins ?? [];
      const rowids =
        exclude.length === 0
          ? q.claimableAny.all({ now: options.now, limit })
          : q.claimable.all({ now: options.now, limit, exclude: JSON.stringify(exclude) });
      if (rowids.length === 0) return [];
      const leased = q.lease.all({ rowids: JSON.stringify(rowids), now: options.now, until, owner: options.owner });
      // In due order, as selected (RETURNING has no order).
      const order = new Map(rowids.map((rowid, i) => [rowid, i]));
      const rows = leased.sort((a, b) => order.get(a.claim_rowid)! - order.get(b.claim_rowid)!);
      // One parse per event: the deliveries of one event (fan-out) share its payload, which nothing downstream mutates.
      const events = new Map<string, StoredEvent>();
      for (const e of q.eventsIn.all(JSON.stringify([...new Set(rows.map((r) => r.event_id))]))) {
        events.set(e.id, { id: e.id, kind: e.kind, eventType: e.event_type, receivedAt: iso(e.received_at), payload: JSON.parse(e.payload) as WebhookEvent });
      }
      return rows.map(
        (r): ClaimedDelivery => ({
          ...deliveryOf(r),
          leaseUntil: until,
          leaseToken: r.lease_token!,
          claims: r.claims,
          event: events.get(r.event_id)!,
          webhook: { id: r.webhook_id, version: r.webhook_version, config: this.versionConfig(r.webhook_id, r.webhook_version) },
        }),
      );
    }, Math.max(1, options.limit));
  }

  private versionConfig(id: string, version: number): WebhookConfig {
    const key = `${id}@${version}`;
    let config = this.versions.get(key);
    if (config === undefined) {
      config = configOf(this.q.versionConfig.get(id, version)!.config, id, this.keyring);
      // Old versions stop being claimed; a full reset keeps the map small without LRU bookkeeping.
      if (this.versions.size >= 1000) this.versions.clear();
      this.versions.set(key, config);
    }
    return config;
  }

  completeAttempt(deliveryId: string, leaseToken: string, outcome: AttemptOutcome, now: number): Promise<boolean> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.work.submit(() => {
      const q = this.q;
      const { record } = outcome;
      // Recorded even when the lease was lost: the request was sent, so it is part of the history.
      q.insertAttempt.run(deliveryId, record.attempt, JSON.stringify(record), now, deliveryId);
      const failed = outcome.status !== "delivered" && record.error !== undefined;
      return q.finishAttempt.run({
        id: deliveryId,
        token: leaseToken,
        made: outcome.attemptMade ? 1 : 0,
        status: outcome.status,
        next: outcome.status === "retrying" ? (outcome.nextAttemptAt ?? now) : now,
        code: failed ? record.error!.code : null,
        message: failed ? record.error!.message : null,
        now,
      }).changes > 0;
    });
  }

  renewLease(deliveryId: string, leaseToken: string, until: number): Promise<boolean> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.work.submit(() => this.q.renewLease.run({ id: deliveryId, token: leaseToken, until }).changes > 0);
  }

  async retryDelivery(id: string, now: number): Promise<boolean> {
    return this.write(() => this.q.retry.run({ id, now }).changes > 0 || this.q.retryablePending.get(id) !== undefined);
  }

  async nextDueAt(): Promise<number | undefined> {
    return this.read(() => this.q.nextDue.get())?.next_attempt_at;
  }

  async listDeliveries(filter: DeliveryFilter): Promise<DeliveryRow[]> {
    return (await this.pageDeliveries(filter)).deliveries;
  }

  async pageDeliveries(filter: DeliveryFilter & { cursor?: string }): Promise<DeliveryPage> {
    const limit = listLimit(filter.limit);
    const { sql, params } = deliveryPageQuery(filter, limit);
    const rows = this.read(() => {
      this.ready();
      let stmt = this.listStatements.get(sql);
      if (stmt === undefined) {
        stmt = this.db.prepare<Array<string | number>, DeliveryDbRow>(sql);
        this.listStatements.set(sql, stmt);
      }
      return stmt.all(...params);
    });
    return pageOf(rows, limit);
  }

  async getDelivery(id: string): Promise<{ delivery: DeliveryRow; attempts: InvocationRecord[] } | undefined> {
    return this.read(() => {
      const row = this.q.delivery.get(id);
      if (!row) return undefined;
      const attempts = this.q.attempts.all(id).map((a) => JSON.parse(a.record) as InvocationRecord);
      return { delivery: deliveryOf(row), attempts };
    });
  }

  async stats(now: number): Promise<StoreStats> {
    return this.read(() => {
      const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const { status, n } of this.q.countByStatus.all()) byStatus[status] = n;
      const oldest = this.q.oldestDue.get(now);
      return {
        byStatus,
        queueDepth: byStatus.pending + byStatus.retrying,
        oldestDueAgeMs: oldest === undefined ? 0 : Math.max(0, now - oldest.next_attempt_at),
      };
    });
  }

  async ping(): Promise<void> {
    this.read(() => this.q.ping.get());
  }

  async purge(before: number): Promise<{ attempts: number; deliveries: number; events: number }> {
    const removed = { attempts: 0, deliveries: 0, events: 0 };
    // In chunks, one transaction each: a large purge never holds the write lock (or the event loop) for long.
    const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      const ids = this.write(() => {
        const chunk = JSON.stringify(this.q.finishedBefore.all(before).map((r) => r.id));
        removed.attempts += this.q.deleteAttemptsOf.run(chunk).changes;
        return this.q.deleteDeliveriesIn.run(chunk).changes;
      });
      removed.deliveries += ids;
      if (ids < PURGE_CHUNK) break;
      await yieldToLoop();
    }
    for (;;) {
      const n = this.write(() => this.q.purgeEvents.run(before).changes);
      removed.events += n;
      if (n < PURGE_CHUNK) break;
      await yieldToLoop();
    }
    return removed;
  }
}

/** A page of deliveries, newest first, keyset-paged on (created_at, rowid): one more row than `limit` tells there is a next page. */
export function deliveryPageQuery(filter: DeliveryFilter & { cursor?: string }, limit: number): { sql: string; params: Array<string | number> } {
  const { where, params } = listConditions(filter, "rowid");
  params.push(limit + 1);
  const sql = `SELECT *, rowid AS seq FROM deliveries ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
  return { sql, params };
}
