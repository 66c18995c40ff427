// The shared store: several runtime nodes, possibly on several machines, use one
// PostgreSQL database. Same contract and semantics as the SQLite store; what
// differs is how nodes stay consistent with each other:
// - Registrations: every registration write takes an exclusive advisory lock and
//   bumps registry.version; every ingest/invoke transaction takes the same lock
//   shared, reads the version and reloads its cache of live webhooks when it
//   changed. An event is bound to the webhook versions current when it commits,
//   on every node, with no stale window.
// - Claims: one statement with FOR UPDATE SKIP LOCKED, so two nodes never lease
//   the same delivery.
// - Wake-ups: transactions that create due work NOTIFY webhooks_work; each node
//   LISTENs on a dedicated connection (the worker still polls as a fallback).
// - Failures: a lost connection fails the calls it was serving with
//   STORE_UNAVAILABLE (nothing is acknowledged that was not committed); the pool
//   opens new connections, so later calls succeed without a restart.
import { randomUUID } from "node:crypto";
import type { Client, ClientConfig, Pool, PoolClient, QueryResult } from "pg";
import type { InvocationRecord } from "../../delivery/deliverOnce";
import { WebhookError } from "../../errors";
import { matchesWebhook } from "../../matching/matchEvent";
import type { EventKind, WebhookEvent } from "../../model/events";
import type { ManagedBy } from "../../model/managedBy";
import type { WebhookConfig } from "../../model/webhookConfig";
import { AsyncGroupCommit } from "./asyncGroupCommit";
import { StatementBatch } from "./statementBatch";
import { LiveWebhooks, originOf } from "./liveWebhooks";
import { isConnectionError, isTransactionConflict, isUnsent, storeErrorOf } from "./postgresErrors";
import { PostgresListener } from "./postgresListener";
import { applyMigrations } from "./postgresMigrations";
import { timeOrderedUuid } from "./timeOrderedId";
import {
  DELIVERY_STATUSES,
  type AttemptOutcome,
  type ClaimedDelivery,
  type DeliveryRow,
  type DeliveryStatus,
  type IngestResult,
  type NewEvent,
  type Store,
  type StoreStats,
  type WebhookActivity,
  type WebhookRecord,
  type WebhookVersionRecord,
  DeliveryFilter,
  DeliveryPage,
} from "./store";
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

/** pg_advisory_xact_lock key of the registry ("pwh-regs"): exclusive for registration writes, shared for ingest. */
const REGISTRY_LOCK_KEY = "8104060598878562163";
const WORK_CHANNEL = "webhooks_work";
const REGISTRY_CHANNEL = "webhooks_registry";
/** A transaction runs at most this often: the first try and up to 3 retries (deadlock, lost connection before COMMIT). */
const MAX_TRIES = 4;
const CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_POOL_SIZE = 10;

// Columns listed, not `*`: a prepared statement's result shape must not change when another node migrates.
const DELIVERY_COLUMNS = `id, event_id, webhook_id, webhook_version, origin, status, attempts, next_attempt_at,
  lease_owner, lease_until, lease_token, claims, last_error_code, last_error_message, created_at, updated_at, seq`;

// Durability, as in the SQLite store: connections commit with synchronous_commit=off (claims, attempt
// results, purges: a database crash can only lose their last ~0.6 s, which means a delivery is sent again
// with the same webhook-id, never lost), and every transaction that must never be lost — events and their
// deliveries, registrations, retries, migrations — switches it back on for itself.
const SESSION_OPTIONS = "-c synchronous_commit=off";
const DURABLE_BEGIN = "BEGIN; SET LOCAL synchronous_commit = on";
const REGISTRY_WRITE_BEGIN = `${DURABLE_BEGIN}; SELECT pg_advisory_xact_lock(${REGISTRY_LOCK_KEY})`;
// Two statements, not one: a statement's snapshot is taken before it waits for the lock.
const INGEST_BEGIN = `${DURABLE_BEGIN}; SELECT pg_advisory_xact_lock_shared(${REGISTRY_LOCK_KEY}); SELECT version FROM registry`;
/** Index of `SELECT version FROM registry` among INGEST_BEGIN's results (BEGIN, SET, lock, select). */
const INGEST_BEGIN_VERSION = 3;

const LIVE_WEBHOOKS_SQL = `
  SELECT w.id, w.name, w.kind, w.current_version, w.created_at, w.updated_at, w.managed_by, v.config
    FROM webhooks w JOIN webhook_versions v ON v.webhook_id = w.id AND v.version = w.current_version
   WHERE w.deleted_at IS NULL`;

const INGEST_SQL = `
  WITH ev AS (
    INSERT INTO events (id, kind, event_type, payload, received_at)
    SELECT x.id, x.kind, x.event_type, x.payload, $5::bigint
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(id, kind, event_type, payload, n)
     ORDER BY x.n
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  ), dl AS (
    INSERT INTO deliveries (id, event_id, webhook_id, webhook_version, origin, status, attempts, next_attempt_at, created_at, updated_at, event_type)
    SELECT x.id, x.event_id, x.webhook_id, x.webhook_version, x.origin, 'pending', 0, $5::bigint, $5::bigint, $5::bigint, x.event_type
      FROM unnest($6::text[], $7::text[], $8::text[], $9::int[], $10::text[], $13::text[])
           WITH ORDINALITY AS x(id, event_id, webhook_id, webhook_version, origin, event_type, n)
     WHERE x.event_id IN (SELECT id FROM ev)
     ORDER BY x.n
  ), so AS (
    INSERT INTO source_offsets (name, byte_offset, updated_at)
    SELECT $11::text, $12::bigint, $5::bigint WHERE $11::text IS NOT NULL
    ON CONFLICT (name) DO UPDATE SET byte_offset = excluded.byte_offset, updated_at = excluded.updated_at
  )
  SELECT id FROM ev`;

const CLAIM_SQL = `
  WITH c AS (
    SELECT id FROM deliveries
     WHERE status IN ('pending', 'retrying') AND next_attempt_at <= $1::bigint
       AND (lease_until IS NULL OR lease_until <= $1::bigint)
       AND origin <> ALL($5::text[])
     ORDER BY next_attempt_at
     LIMIT $2::int
       FOR UPDATE SKIP LOCKED
  ), u AS (
    UPDATE deliveries d SET lease_owner = $3::text, lease_until = $4::bigint, lease_token = gen_random_uuid()::text,
           claims = d.claims + 1, updated_at = $1::bigint
      FROM c WHERE d.id = c.id
    RETURNING ${DELIVERY_COLUMNS.replace(/(\w+)/g, "d.$1")}
  )
  SELECT u.*, e.kind, e.payload, e.received_at FROM u JOIN events e ON e.id = u.event_id
   ORDER BY u.next_attempt_at, u.seq`;

// Attempt results, many in one statement (StatementBatch). Each row is fenced by its claim's lease token,
// and idempotent: an applied completion keeps the token in its attempt row, so a statement retried after a
// lost connection records nothing twice and reports its first run's outcome. A stale one (fenced out) is
// recorded without the token: the request was sent, so it is history. All CTEs read one snapshot, so
// \`before\` is each delivery's lease owner ahead of the update.
const COMPLETE_SQL = `
  WITH x AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::int[])
      WITH ORDINALITY AS x(id, attempt, token, record, now, status, next_at, error_code, error_message, made, n)
  ), prior AS (
    SELECT DISTINCT x.n FROM x JOIN attempts a ON a.delivery_id = x.id AND a.lease_token = x.token
  ), before AS (
    SELECT x.n, d.lease_owner AS owner FROM x JOIN deliveries d ON d.id = x.id
  ), u AS (
    UPDATE deliveries d SET status = x.status, next_attempt_at = x.next_at, lease_owner = NULL, lease_until = NULL, lease_token = NULL,
           attempts = d.attempts + x.made, claims = 0, last_error_code = x.error_code, last_error_message = x.error_message, updated_at = x.now
      FROM x WHERE d.id = x.id AND d.lease_token = x.token
    RETURNING x.n
  ), a AS (
    INSERT INTO attempts (delivery_id, attempt, owner, lease_token, record, created_at)
    SELECT x.id, x.attempt, CASE WHEN u.n IS NULL THEN NULL ELSE b.owner END, CASE WHEN u.n IS NULL THEN NULL ELSE x.token END, x.record, x.now
      FROM x JOIN before b ON b.n = x.n LEFT JOIN u ON u.n = x.n
     WHERE x.n NOT IN (SELECT n FROM prior)
     ORDER BY x.n
  )
  SELECT x.n, (x.n IN (SELECT n FROM u) OR x.n IN (SELECT n FROM prior)) AS applied FROM x ORDER BY x.n`;

/** One attempt result waiting for its batch statement. */
interface Completion {
  deliveryId: string;
  leaseToken: string;
  outcome: AttemptOutcome;
  now: number;
}

const RENEW_SQL = `
  UPDATE deliveries SET lease_until = $3::bigint
   WHERE id = $1::text AND lease_token = $2::text AND status IN ('pending', 'retrying')
  RETURNING 1`;

interface ClaimDbRow extends DeliveryDbRow {
  kind: EventKind;
  payload: string;
  received_at: number;
}

/** One open transaction: its connection, and what it learned or must do before COMMIT. */
interface Tx {
  client: PoolClient;
  /** It created work that is due now: NOTIFY the workers at commit. */
  wakeWorkers: boolean;
  /** Live webhooks as of this transaction (ingest/invoke only). */
  live: LiveWebhooks;
  /** Savepoints taken so far (the group commit's jobs). */
  savepoints: number;
}

/** Thrown when a job's savepoint cannot be rolled back: the whole transaction is lost. */
class TransactionLost extends Error {
  constructor(readonly reason: unknown) {
    super("the transaction could not be rolled back to a savepoint");
  }
}

// PostgreSQL text cannot hold NUL. JSON columns never contain one (JSON.stringify escapes it);
// plain text columns (error messages, names) get U+FFFD instead of failing the whole write.
const pgText = (s: string): string => (s.includes("\u0000") ? s.replaceAll("\u0000", "\uFFFD") : s);

/** The results of a query string: one per statement (pg returns a bare result for a single statement). */
const resultsOf = (r: unknown): QueryResult[] => (Array.isArray(r) ? r : [r]) as QueryResult[];

/** The URL with its password and query values masked: postgres://user:****@host:port/db (for logs). */
export function redactStoreUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "postgres://****";
  }
  if (u.password !== "") u.password = "****";
  for (const key of new Set(u.searchParams.keys())) u.searchParams.set(key, "****");
  return u.toString();
}

/** The password as written and decoded: texts no message may repeat. */
function secretsOf(url: string): string[] {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    // Node's invalid-URL error carries the input (with its password): it is not passed on.
  }
  if (u === undefined || !/^(postgres|postgresql|socket):$/.test(u.protocol)) {
    throw new WebhookError({
      code: "STORE_UNAVAILABLE",
      path: "store",
      message: "the store is not a valid PostgreSQL URL; write it as postgres://user:password@host:port/database (or set it to sqlite)",
    });
  }
  const secrets = [u.password];
  try {
    secrets.push(decodeURIComponent(u.password));
  } catch {
    // A malformed escape is used as written.
  }
  return secrets.filter((s) => s !== "");
}

type PgModule = typeof import("pg");

// Loaded when a store opens: a Pulumi program that imports the package does not pay for the driver.
function loadDriver(): PgModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("pg") as PgModule;
  } catch (e) {
    throw new WebhookError({
      code: "STORE_UNAVAILABLE",
      path: "store",
      message: "the PostgreSQL store needs the dependency pg, which is missing; install pulumi-webhooks with its dependencies where the runtime runs",
      cause: e,
    });
  }
}

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (query parameters such as sslmode as pg reads them). */
  url: string;
  /** Pooled connections of this node (default 10); LISTEN uses one more of its own. */
  poolSize?: number;
  /** LISTEN for work and registrations committed by other nodes (default true). */
  listen?: boolean;
  /** Seals the secret fields of registrations; every node needs the same keys (docs/scale-out.md). */
  keyring: Keyring;
}

/** Opens a pool on `url` (no connection is made yet); call migrate() before anything else. */
export function openPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const secrets = secretsOf(options.url);
  const pg = loadDriver();
  // Per pool, not pg's global parsers: BIGINT columns (times in ms, counts) come back as numbers.
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
  const config: ClientConfig = {
    connectionString: options.url,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    application_name: "pulumi-webhooks",
    options: SESSION_OPTIONS,
  };
  const pool = new pg.Pool({ ...config, max: Math.max(1, Math.floor(options.poolSize ?? DEFAULT_POOL_SIZE)) });
  // An idle client's error (the server restarted, an operator ended the session): the pool has
  // already dropped that client and the next checkout opens a new one. Unhandled, it would crash the process.
  pool.on("error", () => undefined);
  const newListenerClient =
    options.listen === false ? undefined : () => new pg.Client({ ...config, application_name: "pulumi-webhooks-listener" });
  return new PostgresStore(pool, secrets, options.poolSize ?? DEFAULT_POOL_SIZE, newListenerClient, options.keyring);
}

export class PostgresStore implements Store {
  /** Live webhooks as of registry version `registryVersion` (-1: not loaded, or known stale). */
  private live = new LiveWebhooks();
  private registryVersion = -1;
  /** Parsed configs by `id@version` (versions are immutable): claims read them for every attempt. */
  private readonly versions = new Map<string, WebhookConfig>();
  /** Ingest and invoke: concurrent calls share a transaction. */
  private readonly lane: AsyncGroupCommit<Tx>;
  private readonly completions = new StatementBatch<Completion, boolean>((batch) => this.completeBatch(batch));
  private readonly wakeListeners = new Set<() => void>();
  private listener: PostgresListener | undefined;
  private migrated = false;
  private closed = false;
  private fpKey: Buffer | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    /** Texts no error may repeat (the password). */
    private readonly secrets: readonly string[],
    poolSize: number,
    private readonly newListenerClient: (() => Client) | undefined,
    private readonly keyring: Keyring,
  ) {
    this.lane = new AsyncGroupCommit<Tx>({
      transaction: (body) => this.transaction(INGEST_BEGIN, async (tx, begun) => {
        tx.live = await this.liveAt(tx.client, Number(begun[INGEST_BEGIN_VERSION].rows[0].version));
        await body(tx);
      }),
      savepoint: (tx, job) => this.savepoint(tx, job),
      dooms: (e) => e instanceof TransactionLost || isConnectionError(e) || isTransactionConflict(e),
      // Leave connections for claims, results and the API while ingest is busy.
      maxInFlight: Math.max(1, Math.min(4, poolSize - 2)),
    });
  }

  /** Group transactions committed so far (ingest and invoke). */
  get groupCommits(): number {
    return this.lane.transactions;
  }

  private closedError(): WebhookError {
    return new WebhookError({ code: "STORE_UNAVAILABLE", message: "the store is closed (the runtime is stopping)" });
  }

  private ready(): void {
    if (this.closed) throw this.closedError();
    if (!this.migrated) throw new Error("PostgresStore: call migrate() before using the store");
  }

  private storeError(e: unknown): unknown {
    return storeErrorOf(e instanceof TransactionLost ? e.reason : e, this.secrets);
  }

  // ---- connections and transactions ----

  /** Runs `fn` on one pooled connection; a connection that failed is dropped, not returned to the pool. */
  private async withClient<T>(fn: (client: PoolClient, markBroken: () => void) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out client's connection error is emitted on it; unhandled, it would crash the process.
    const onError = () => {
      broken = true;
    };
    client.on("error", onError);
    try {
      return await fn(client, () => {
        broken = true;
      });
    } catch (e) {
      if (isConnectionError(e)) broken = true;
      throw e;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  /**
   * BEGIN (`begin` may add statements, e.g. a lock) … COMMIT on one connection. Retried from the start
   * on a deadlock or a lost connection before COMMIT (nothing was committed then); never after COMMIT
   * was sent, whose outcome is unknown: the caller gets STORE_UNAVAILABLE and nothing is acknowledged.
   */
  private async transaction<T>(begin: string, body: (tx: Tx, begun: QueryResult[]) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let committing = false;
      try {
        return await this.withClient(async (client, markBroken) => {
          const tx: Tx = { client, wakeWorkers: false, live: this.live, savepoints: 0 };
          try {
            const begun = resultsOf(await client.query(begin));
            const result = await body(tx, begun);
            committing = true;
            const done = resultsOf(await client.query(tx.wakeWorkers ? `SELECT pg_notify('${WORK_CHANNEL}', ''); COMMIT` : "COMMIT"));
            // COMMIT of a transaction that an error aborted rolls back, without an error of its own.
            if (done[done.length - 1].command !== "COMMIT") {
              throw new WebhookError({
                code: "STORE_UNAVAILABLE",
                retryable: true,
                message: "the PostgreSQL transaction was rolled back instead of committed; send the call again",
              });
            }
            if (tx.wakeWorkers && this.newListenerClient === undefined) this.wake();
            return result;
          } catch (e) {
            if (!committing) await client.query("ROLLBACK").catch(markBroken);
            throw e;
          }
        });
      } catch (e) {
        const reason = e instanceof TransactionLost ? e.reason : e;
        // A COMMIT refused before it was sent (the client already knew its connection was gone) committed nothing.
        const uncommitted = !committing || isUnsent(reason);
        if (uncommitted && attempt < MAX_TRIES && (isTransactionConflict(reason) || isConnectionError(reason))) continue;
        throw this.storeError(reason);
      }
    }
  }

  /** One group-commit job in its own savepoint (one savepoint name, released as the next is taken). */
  private async savepoint<T>(tx: Tx, job: (tx: Tx) => Promise<T>): Promise<T> {
    await tx.client.query(tx.savepoints === 0 ? "SAVEPOINT job" : "RELEASE SAVEPOINT job; SAVEPOINT job");
    tx.savepoints += 1;
    try {
      return await job(tx);
    } catch (e) {
      // These doom the transaction (retried or failed as a whole), not just this job.
      if (isConnectionError(e) || isTransactionConflict(e)) throw e;
      try {
        await tx.client.query("ROLLBACK TO SAVEPOINT job");
      } catch (rollbackError) {
        throw new TransactionLost(rollbackError);
      }
      throw this.storeError(e);
    }
  }

  /** One statement on any pooled connection, retried on a connection that turned out dead (statements here are idempotent). */
  private async query<R>(text: string, values: unknown[] = [], name?: string): Promise<R[]> {
    this.ready();
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.pool.query(name === undefined ? { text, values } : { name, text, values });
        return result.rows as R[];
      } catch (e) {
        if (attempt < MAX_TRIES && isConnectionError(e) && !this.closed) continue;
        throw this.storeError(e);
      }
    }
  }

  // ---- live webhooks and wake-ups ----

  /** Live webhooks at registry `version`, loaded in `client`'s transaction when the cache is of another version. */
  private async liveAt(client: PoolClient, version: number): Promise<LiveWebhooks> {
    if (version === this.registryVersion) return this.live;
    const { rows } = await client.query<WebhookDbRow>(`${LIVE_WEBHOOKS_SQL} ORDER BY w.created_at, w.id`);
    const live = new LiveWebhooks();
    for (const r of rows) live.set(r.id, r.current_version, configOf(r.config, r.id, this.keyring));
    // Versions only grow while this transaction holds the shared lock; an older load never replaces a newer one.
    if (version > this.registryVersion) {
      this.live = live;
      this.registryVersion = version;
    }
    return live;
  }

  /** After this node's registration write committed as registry `version`: update the cache if it was current. */
  private registryChanged(version: number, apply: (live: LiveWebhooks) => void): void {
    if (this.registryVersion !== version - 1) return;
    apply(this.live);
    this.registryVersion = version;
  }

  /** Bumps registry.version and tells the other nodes; returns the new version. */
  private async bumpRegistry(client: PoolClient): Promise<number> {
    const { rows } = await client.query<{ version: number }>(
      `WITH r AS (UPDATE registry SET version = version + 1 RETURNING version)
       SELECT version, pg_notify('${REGISTRY_CHANNEL}', version::text) FROM r`,
    );
    return rows[0].version;
  }

  onWake(listener: () => void): () => void {
    if (this.closed) return () => undefined;
    // A wrapper per subscription: the same function subscribed twice is called twice, like an event emitter.
    const call = () => listener();
    this.wakeListeners.add(call);
    return () => {
      this.wakeListeners.delete(call);
    };
  }

  private wake(): void {
    for (const listener of [...this.wakeListeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the others (and the LISTEN connection) carry on.
      }
    }
  }

  // ---- lifecycle ----

  async migrate(): Promise<void> {
    if (this.closed) throw this.closedError();
    try {
      await this.withClient((client) => applyMigrations(client, Date.now()));
    } catch (e) {
      throw this.storeError(e);
    }
    this.migrated = true;
    await this.resealSecrets({ rekey: false });
    // The first node to start creates the key; every node (and every restart) reads that one.
    await this.query(`INSERT INTO runtime_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      FINGERPRINT_KEY_NAME,
      newSealedFingerprintKey(this.keyring),
    ]);
    const [row] = await this.query<{ value: string }>(`SELECT value FROM runtime_secrets WHERE name = $1`, [FINGERPRINT_KEY_NAME]);
    this.fpKey = openFingerprintKey(row.value, this.keyring);
    // Another node may have registered webhooks: the next ingest reloads them.
    this.registryVersion = -1;
    if (this.newListenerClient !== undefined && this.listener === undefined) {
      this.listener = new PostgresListener({
        newClient: this.newListenerClient,
        channels: [WORK_CHANNEL, REGISTRY_CHANNEL],
        onNotification: (channel, payload) => {
          if (channel === WORK_CHANNEL) this.wake();
          // Correctness comes from the version check in each ingest; this only drops a cache known to be stale.
          else if (Number(payload) > this.registryVersion) this.registryVersion = -1;
        },
        onReconnect: () => {
          this.registryVersion = -1;
          this.wake();
        },
      });
      await this.listener.start();
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Attempt results already handed over are recorded: a lost one would send its delivery again.
      await this.completions.close(this.closedError());
      this.closed = true;
      // What is queued was promised a commit: it commits before the pool ends.
      await this.lane.close(this.closedError());
      await this.listener?.stop();
      this.wakeListeners.clear();
      await this.pool.end().catch(() => undefined);
    })();
    return this.closing;
  }

  // ---- registrations ----

  async createWebhook(config: WebhookConfig, now: number, managedBy?: ManagedBy): Promise<WebhookRecord> {
    this.ready();
    const id = `wh_${randomUUID()}`;
    const text = JSON.stringify(config);
    const sealed = configText(config, id, this.keyring);
    const label = managedBy === undefined ? null : JSON.stringify(managedBy);
    const done = await this.transaction(REGISTRY_WRITE_BEGIN, async ({ client }) => {
      const { rows } = await client.query<NameHolderRow>(`SELECT id, kind, managed_by FROM webhooks WHERE name = $1 AND deleted_at IS NULL`, [config.name]);
      const holder = rows[0];
      if (holder !== undefined && !takesOver(holder, config.kind, managedBy)) throw nameTaken(config.name, holder.id, managedByOf(holder.managed_by).managedBy);
      if (holder !== undefined) {
        // A takeover: the holder leaves the live-name index before the new row enters it; its queued deliveries follow.
        await client.query(`UPDATE webhooks SET deleted_at = $1, updated_at = $1 WHERE id = $2`, [now, holder.id]);
      }
      await client.query(
        `WITH w AS (INSERT INTO webhooks (id, name, kind, current_version, created_at, updated_at, managed_by) VALUES ($1, $2, $3, 1, $4, $4, $6))
         INSERT INTO webhook_versions (webhook_id, version, config, created_at) VALUES ($1, 1, $5, $4)`,
        [id, config.name, config.kind, now, sealed, label],
      );
      if (holder !== undefined) {
        await client.query(
          `UPDATE deliveries SET webhook_id = $1, webhook_version = 1, origin = $2, updated_at = $3
            WHERE webhook_id = $4 AND status IN ('pending', 'retrying')`,
          [id, originOf(config.url), now, holder.id],
        );
      }
      return { registry: await this.bumpRegistry(client), replaced: holder?.id };
    });
    // The cache and the caller each get their own copy of what was stored: neither can change the other's.
    this.registryChanged(done.registry, (live) => {
      if (done.replaced !== undefined) live.delete(done.replaced);
      live.set(id, 1, JSON.parse(text) as WebhookConfig);
    });
    const stored = JSON.parse(text) as WebhookConfig;
    return { id, name: config.name, kind: config.kind, version: 1, config: stored, createdAt: iso(now), updatedAt: iso(now), ...managedByOf(label) };
  }

  async updateWebhook(id: string, config: WebhookConfig, now: number, managedBy?: ManagedBy): Promise<WebhookRecord | undefined> {
    this.ready();
    const text = JSON.stringify(config);
    const label = managedBy === undefined ? null : JSON.stringify(managedBy);
    const sealed = configText(config, id, this.keyring);
    const done = await this.transaction(REGISTRY_WRITE_BEGIN, async ({ client }) => {
      const { rows } = await client.query<{ kind: EventKind; current_version: number; created_at: number; managed_by: string | null }>(
        `SELECT kind, current_version, created_at, managed_by FROM webhooks WHERE id = $1 AND deleted_at IS NULL`,
        [id],
      );
      const current = rows[0];
      if (current === undefined) return undefined;
      if (current.kind !== config.kind) {
        throw new WebhookError({
          code: "CONFIG_INVALID_KIND",
          path: "kind",
          message: `webhook ${id} is a ${current.kind} webhook and its kind cannot change; delete it and register a new ${config.kind} webhook`,
        });
      }
      const holder = await client.query<NameHolderRow>(`SELECT id, kind, managed_by FROM webhooks WHERE name = $1 AND deleted_at IS NULL`, [config.name]);
      if (holder.rows.length > 0 && holder.rows[0].id !== id) throw nameTaken(config.name, holder.rows[0].id, managedByOf(holder.rows[0].managed_by).managedBy);
      const version = current.current_version + 1;
      await client.query(
        `WITH v AS (INSERT INTO webhook_versions (webhook_id, version, config, created_at) VALUES ($1, $2, $3, $4))
         UPDATE webhooks SET name = $5, current_version = $2, updated_at = $4, managed_by = COALESCE($6, managed_by) WHERE id = $1`,
        [id, version, sealed, now, config.name, label],
      );
      return { version, createdAt: current.created_at, managedBy: label ?? current.managed_by, registry: await this.bumpRegistry(client) };
    });
    if (done === undefined) return undefined;
    this.registryChanged(done.registry, (live) => live.set(id, done.version, JSON.parse(text) as WebhookConfig));
    const stored = JSON.parse(text) as WebhookConfig;
    return {
      id,
      name: config.name,
      kind: config.kind,
      version: done.version,
      config: stored,
      createdAt: iso(done.createdAt),
      updatedAt: iso(now),
      ...managedByOf(done.managedBy),
    };
  }

  async deleteWebhook(id: string, now: number): Promise<boolean> {
    this.ready();
    const registry = await this.transaction(REGISTRY_WRITE_BEGIN, async ({ client }) => {
      const deleted = await client.query(`UPDATE webhooks SET deleted_at = $1, updated_at = $1 WHERE id = $2 AND deleted_at IS NULL`, [now, id]);
      if (deleted.rowCount === 0) return undefined;
      await client.query(
        `UPDATE deliveries SET status = 'dead', lease_owner = NULL, lease_until = NULL, lease_token = NULL,
                last_error_code = $1, last_error_message = $2, updated_at = $3
          WHERE webhook_id = $4 AND status IN ('pending', 'retrying')`,
        [WEBHOOK_DELETED_ERROR.code, WEBHOOK_DELETED_ERROR.message, now, id],
      );
      return this.bumpRegistry(client);
    });
    if (registry === undefined) return false;
    this.registryChanged(registry, (live) => live.delete(id));
    return true;
  }

  async fingerprintKey(): Promise<Buffer> {
    this.ready();
    if (this.fpKey === undefined) throw new Error("PostgresStore: call migrate() before using the store");
    return this.fpKey;
  }

  async resealSecrets(options: { rekey: boolean }): Promise<{ versions: number; resealed: number }> {
    this.ready();
    if (options.rekey) {
      const [fp] = await this.query<{ value: string }>(`SELECT value FROM runtime_secrets WHERE name = $1`, [FINGERPRINT_KEY_NAME]);
      const sealed = fp === undefined ? undefined : resealFingerprintKey(fp.value, this.keyring);
      if (sealed !== undefined) {
        await this.query(`UPDATE runtime_secrets SET value = $1 WHERE name = $2 AND value = $3`, [sealed, FINGERPRINT_KEY_NAME, fp.value]);
      }
    }
    const rows = await this.query<VersionConfigRow>(`SELECT webhook_id, version, config FROM webhook_versions`);
    const changes = resealed(rows, this.keyring, options.rekey);
    // Compare-and-set per row: nodes resealing at once each write a row at most once, and nothing else changes a version.
    for (const c of changes) {
      await this.query(`UPDATE webhook_versions SET config = $1 WHERE webhook_id = $2 AND version = $3 AND config = $4`, [
        c.config,
        c.webhook_id,
        c.version,
        c.old,
      ]);
    }
    // Cached configs stay valid (the same secrets); other nodes read the new texts when they load them.
    return { versions: rows.length, resealed: changes.length };
  }

  async getWebhook(id: string): Promise<WebhookRecord | undefined> {
    const rows = await this.query<WebhookDbRow>(`${LIVE_WEBHOOKS_SQL} AND w.id = $1`, [id]);
    return rows.length === 0 ? undefined : webhookOf(rows[0], this.keyring);
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    return (await this.query<WebhookDbRow>(`${LIVE_WEBHOOKS_SQL} ORDER BY w.created_at, w.id`)).map((r) => webhookOf(r, this.keyring));
  }

  async listVersions(id: string): Promise<WebhookVersionRecord[] | undefined> {
    const rows = await this.query<{ version: number; config: string; created_at: string; live: boolean }>(
      `SELECT v.version, v.config, v.created_at, w.deleted_at IS NULL AS live FROM webhooks w
         JOIN webhook_versions v ON v.webhook_id = w.id WHERE w.id = $1 ORDER BY v.version DESC`,
      [id],
    );
    if (rows.length === 0 || !rows[0].live) return undefined;
    return rows.map((r) => ({ version: r.version, config: configOf(r.config, id, this.keyring), createdAt: iso(Number(r.created_at)) }));
  }

  async webhookActivity(since: number): Promise<WebhookActivity[]> {
    const ids = (await this.query<{ id: string }>(`SELECT id FROM webhooks WHERE deleted_at IS NULL`)).map((r) => r.id);
    // A range of deliveries_created (the window), then one probe of deliveries_webhook_created per live webhook.
    const counts = await this.query<{ webhook_id: string; status: DeliveryStatus; n: string }>(
      `SELECT webhook_id, status, count(*) AS n FROM deliveries WHERE created_at >= $1 GROUP BY webhook_id, status`,
      [since],
    );
    const newest = await this.query<{ webhook_id: string; id: string; status: DeliveryStatus; updated_at: string; last_error_code: string | null }>(
      `SELECT w.id AS webhook_id, d.id, d.status, d.updated_at, d.last_error_code FROM webhooks w
         CROSS JOIN LATERAL (SELECT id, status, updated_at, last_error_code FROM deliveries
                              WHERE webhook_id = w.id ORDER BY created_at DESC, seq DESC LIMIT 1) d
        WHERE w.deleted_at IS NULL`,
    );
    return activityOf(ids, counts, newest);
  }

  // ---- events ----

  async ingestEvents(events: NewEvent[], now: number, source?: { name: string; offset: number }): Promise<IngestResult> {
    this.ready();
    return this.lane.submit((tx) => this.ingestInTx(tx, events, now, source), Math.max(1, events.length));
  }

  private async ingestInTx(tx: Tx, events: NewEvent[], now: number, source?: { name: string; offset: number }): Promise<IngestResult> {
    const ev = { ids: [] as string[], kinds: [] as string[], types: [] as string[], payloads: [] as string[] };
    const dl = { ids: [] as string[], events: [] as string[], webhooks: [] as string[], versions: [] as number[], origins: [] as string[], types: [] as string[] };
    // A repeated id inside one call: the first wins, later ones are duplicates.
    const first = new Map<string, number>();
    const planned = events.map((e, i) => {
      if (first.has(e.id)) return 0;
      first.set(e.id, i);
      ev.ids.push(e.id);
      ev.kinds.push(e.kind);
      ev.types.push(pgText(e.event.event_type));
      ev.payloads.push(JSON.stringify(e.event));
      let deliveries = 0;
      for (const w of tx.live.ofKind(e.kind)) {
        if (!matchesWebhook(w.config, { kind: e.kind, event: e.event })) continue;
        dl.ids.push(`dlv_${timeOrderedUuid(now)}`);
        dl.events.push(e.id);
        dl.webhooks.push(w.id);
        dl.versions.push(w.version);
        dl.origins.push(w.origin);
        dl.types.push(pgText(e.event.event_type));
        deliveries += 1;
      }
      return deliveries;
    });
    if (events.length === 0 && source === undefined) return { events: [] };
    const { rows } = await tx.client.query<{ id: string }>({
      name: "pwh_ingest",
      text: INGEST_SQL,
      values: [
        ev.ids,
        ev.kinds,
        ev.types,
        ev.payloads,
        now,
        dl.ids,
        dl.events,
        dl.webhooks,
        dl.versions,
        dl.origins,
        source === undefined ? null : pgText(source.name),
        source?.offset ?? 0,
        dl.types,
      ],
    });
    // Ids not returned were stored before (by an earlier call, or another job of this transaction).
    const inserted = new Set(rows.map((r) => r.id));
    const conflicts = await this.idConflicts(tx, events, first, inserted);
    const firstConflict = conflicts.findIndex((c) => c);
    // Throwing rolls back this call's savepoint: an API batch stays all-or-nothing.
    if (firstConflict >= 0 && source === undefined) throw eventIdConflict(events[firstConflict].id, firstConflict);
    const out = events.map((e, i) =>
      first.get(e.id) === i && inserted.has(e.id)
        ? { id: e.id, duplicate: false, deliveries: planned[i] }
        : { id: e.id, duplicate: true, deliveries: 0, ...(conflicts[i] ? { conflict: true as const } : {}) },
    );
    if (out.some((o) => o.deliveries > 0)) tx.wakeWorkers = true;
    return { events: out };
  }

  /** Per event: whether it is a duplicate whose payload differs from the stored one (or the first of this call). */
  private async idConflicts(tx: Tx, events: NewEvent[], first: Map<string, number>, inserted: Set<string>): Promise<boolean[]> {
    const earlier = events.filter((e, i) => first.get(e.id) === i && !inserted.has(e.id)).map((e) => e.id);
    const stored = new Map<string, { kind: EventKind; payload: string }>();
    if (earlier.length > 0) {
      const found = await tx.client.query<{ id: string; kind: EventKind; payload: string }>(
        `SELECT id, kind, payload FROM events WHERE id = ANY($1::text[])`,
        [earlier],
      );
      for (const r of found.rows) stored.set(r.id, r);
    }
    return events.map((e, i) => {
      const firstIndex = first.get(e.id) as number;
      const against =
        firstIndex !== i
          ? { kind: events[firstIndex].kind, payload: JSON.stringify(events[firstIndex].event) }
          : stored.get(e.id);
      return against !== undefined && !sameEvent(against, e);
    });
  }

  async invokeWebhook(webhookId: string, event: NewEvent, now: number): Promise<{ deliveryId: string } | undefined> {
    this.ready();
    return this.lane.submit(async (tx) => {
      const w = tx.live.get(webhookId);
      if (!w) return undefined;
      const { rows } = await tx.client.query<{ kind: EventKind; delivery_id: string | null }>(
        `SELECT e.kind, (SELECT d.id FROM deliveries d WHERE d.event_id = e.id AND d.webhook_id = $2 ORDER BY d.created_at, d.seq LIMIT 1) AS delivery_id
           FROM events e WHERE e.id = $1`,
        [event.id, webhookId],
      );
      const existing = rows[0];
      if (existing !== undefined) {
        if (existing.kind !== event.kind) {
          throw new WebhookError({
            code: "EVENT_INVALID",
            path: "id",
            message: `event id ${event.id} is already used by an ${existing.kind} event; give this event another id or none`,
          });
        }
        // Invoking again with the same event id (a client retrying its request) does not send twice.
        if (existing.delivery_id !== null) return { deliveryId: existing.delivery_id };
      }
      const deliveryId = `dlv_${timeOrderedUuid(now)}`;
      await tx.client.query(
        `WITH ev AS (
           INSERT INTO events (id, kind, event_type, payload, received_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO NOTHING)
         INSERT INTO deliveries (id, event_id, webhook_id, webhook_version, origin, status, attempts, next_attempt_at, created_at, updated_at, event_type)
         VALUES ($6, $1, $7, $8, $9, 'pending', 0, $5, $5, $5, COALESCE((SELECT event_type FROM events WHERE id = $1), $3))`,
        [event.id, event.kind, pgText(event.event.event_type), JSON.stringify(event.event), now, deliveryId, w.id, w.version, w.origin],
      );
      tx.wakeWorkers = true;
      return { deliveryId };
    });
  }

  async sourceOffset(name: string): Promise<number> {
    const rows = await this.query<{ byte_offset: number }>(`SELECT byte_offset FROM source_offsets WHERE name = $1`, [pgText(name)]);
    return rows[0]?.byte_offset ?? 0;
  }

  // ---- deliveries ----

  async claimDue(options: {
    now: number;
    limit: number;
    leaseMs: number;
    owner: string;
    excludeOrigins?: readonly string[];
  }): Promise<ClaimedDelivery[]> {
    this.ready();
    if (options.limit <= 0) return [];
    const until = options.now + options.leaseMs;
    const rows = await this.query<ClaimDbRow>(
      CLAIM_SQL,
      [options.now, Math.floor(options.limit), pgText(options.owner), until, [...(options.excludeOrigins ?? [])]],
      "pwh_claim",
    );
    if (rows.length === 0) return [];
    const configs = await this.versionConfigs(rows);
    return rows.map((r): ClaimedDelivery => {
      const payload = JSON.parse(r.payload) as WebhookEvent;
      return {
        ...deliveryOf(r),
        leaseUntil: until,
        leaseToken: r.lease_token!,
        claims: r.claims,
        event: {
          id: r.event_id,
          kind: r.kind,
          // From the payload, not the column: the column may have had a NUL replaced.
          eventType: payload.event_type,
          receivedAt: iso(r.received_at),
          payload,
        },
        webhook: { id: r.webhook_id, version: r.webhook_version, config: configs.get(`${r.webhook_id}@${r.webhook_version}`)! },
      };
    });
  }

  /** Configs of the claimed deliveries' webhook versions: from memory, the missing ones in one query. */
  private async versionConfigs(rows: readonly DeliveryDbRow[]): Promise<Map<string, WebhookConfig>> {
    const out = new Map<string, WebhookConfig>();
    const missing = new Map<string, { id: string; version: number }>();
    for (const r of rows) {
      const key = `${r.webhook_id}@${r.webhook_version}`;
      const known = this.versions.get(key);
      if (known !== undefined) out.set(key, known);
      else missing.set(key, { id: r.webhook_id, version: r.webhook_version });
    }
    if (missing.size === 0) return out;
    const loaded = await this.query<{ webhook_id: string; version: number; config: string }>(
      `SELECT webhook_id, version, config FROM webhook_versions
        WHERE (webhook_id, version) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [[...missing.values()].map((m) => m.id), [...missing.values()].map((m) => m.version)],
    );
    // Old versions stop being claimed; a full reset keeps the map small without LRU bookkeeping.
    if (this.versions.size + loaded.length > 1000) this.versions.clear();
    for (const l of loaded) {
      const config = configOf(l.config, l.webhook_id, this.keyring);
      this.versions.set(`${l.webhook_id}@${l.version}`, config);
      out.set(`${l.webhook_id}@${l.version}`, config);
    }
    return out;
  }

  async completeAttempt(deliveryId: string, leaseToken: string, outcome: AttemptOutcome, now: number): Promise<boolean> {
    this.ready();
    return this.completions.submit({ deliveryId, leaseToken, outcome, now });
  }

  /** One statement for a batch of attempt results; recorded even when a lease was lost (the request was sent). */
  private async completeBatch(batch: Completion[]): Promise<boolean[]> {
    const columns = { ids: [] as string[], attempts: [] as number[], tokens: [] as string[], records: [] as string[], nows: [] as number[] };
    const rest = { statuses: [] as string[], nextAt: [] as number[], codes: [] as (string | null)[], messages: [] as (string | null)[], made: [] as number[] };
    for (const { deliveryId, leaseToken, outcome, now } of batch) {
      const { record } = outcome;
      const failed = outcome.status !== "delivered" && record.error !== undefined;
      columns.ids.push(deliveryId);
      columns.attempts.push(record.attempt);
      columns.tokens.push(leaseToken);
      columns.records.push(JSON.stringify(record));
      columns.nows.push(now);
      rest.statuses.push(outcome.status);
      rest.nextAt.push(outcome.status === "retrying" ? (outcome.nextAttemptAt ?? now) : now);
      rest.codes.push(failed ? pgText(record.error!.code) : null);
      rest.messages.push(failed ? pgText(record.error!.message) : null);
      rest.made.push(outcome.attemptMade ? 1 : 0);
    }
    const rows = await this.query<{ n: string; applied: boolean }>(
      COMPLETE_SQL,
      [columns.ids, columns.attempts, columns.tokens, columns.records, columns.nows, rest.statuses, rest.nextAt, rest.codes, rest.messages, rest.made],
      "pwh_complete",
    );
    return rows.map((r) => r.applied);
  }

  async renewLease(deliveryId: string, leaseToken: string, until: number): Promise<boolean> {
    this.ready();
    return (await this.query(RENEW_SQL, [deliveryId, leaseToken, until], "pwh_renew")).length > 0;
  }

  async retryDelivery(id: string, now: number): Promise<boolean> {
    this.ready();
    return this.transaction(DURABLE_BEGIN, async (tx) => {
      const retried = await tx.client.query(
        `UPDATE deliveries SET status = 'retrying', next_attempt_at = $2, updated_at = $2
          WHERE id = $1 AND status IN ('dead', 'retrying')
            AND webhook_id IN (SELECT id FROM webhooks WHERE deleted_at IS NULL)`,
        [id, now],
      );
      if ((retried.rowCount ?? 0) > 0) {
        tx.wakeWorkers = true;
        return true;
      }
      const pending = await tx.client.query(
        `SELECT 1 FROM deliveries WHERE id = $1 AND status = 'pending'
            AND webhook_id IN (SELECT id FROM webhooks WHERE deleted_at IS NULL)`,
        [id],
      );
      return pending.rows.length > 0;
    });
  }

  async nextDueAt(): Promise<number | undefined> {
    const rows = await this.query<{ next_attempt_at: number }>(
      `SELECT next_attempt_at FROM deliveries
        WHERE status IN ('pending', 'retrying') AND lease_until IS NULL ORDER BY next_attempt_at LIMIT 1`,
    );
    return rows[0]?.next_attempt_at;
  }

  async listDeliveries(filter: DeliveryFilter): Promise<DeliveryRow[]> {
    return (await this.pageDeliveries(filter)).deliveries;
  }

  async pageDeliveries(filter: DeliveryFilter & { cursor?: string }): Promise<DeliveryPage> {
    const { where, params } = listConditions(filter, "seq");
    const limit = listLimit(filter.limit);
    params.push(limit + 1);
    let n = 0;
    const numbered = `${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, seq DESC LIMIT ?`.replace(/\?/g, () => `$${++n}`);
    const rows = await this.query<DeliveryDbRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries ${numbered}`, params);
    return pageOf(rows, limit);
  }

  async getDelivery(id: string): Promise<{ delivery: DeliveryRow; attempts: InvocationRecord[] } | undefined> {
    const rows = await this.query<DeliveryDbRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`, [id]);
    if (rows.length === 0) return undefined;
    const attempts = await this.query<{ record: string }>(`SELECT record FROM attempts WHERE delivery_id = $1 ORDER BY attempt, id`, [id]);
    return { delivery: deliveryOf(rows[0]), attempts: attempts.map((a) => JSON.parse(a.record) as InvocationRecord) };
  }

  async stats(now: number): Promise<StoreStats> {
    const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
    for (const { status, n } of await this.query<{ status: DeliveryStatus; n: number }>(
      `SELECT status, count(*) AS n FROM deliveries GROUP BY status`,
    )) {
      byStatus[status] = n;
    }
    const oldest = await this.query<{ next_attempt_at: number }>(
      `SELECT next_attempt_at FROM deliveries
        WHERE status IN ('pending', 'retrying') AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 1`,
      [now],
    );
    return {
      byStatus,
      queueDepth: byStatus.pending + byStatus.retrying,
      oldestDueAgeMs: oldest.length === 0 ? 0 : Math.max(0, now - oldest[0].next_attempt_at),
    };
  }

  async ping(): Promise<void> {
    await this.query(`SELECT 1`);
  }

  async purge(before: number): Promise<{ attempts: number; deliveries: number; events: number }> {
    const removed = { attempts: 0, deliveries: 0, events: 0 };
    // In chunks, one statement each: a large purge never holds many row locks for long.
    // SKIP LOCKED: two nodes purging at once take different chunks.
    for (;;) {
      const [chunk] = await this.query<{ selected: number; attempts: number; deliveries: number }>(
        `WITH f AS (
           SELECT id FROM deliveries WHERE status IN ('delivered', 'dead') AND updated_at < $1
            LIMIT ${PURGE_CHUNK} FOR UPDATE SKIP LOCKED
         ), a AS (
           DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM f) RETURNING 1
         ), d AS (
           DELETE FROM deliveries WHERE id IN (SELECT id FROM f) RETURNING 1
         )
         SELECT (SELECT count(*) FROM f) AS selected, (SELECT count(*) FROM a) AS attempts, (SELECT count(*) FROM d) AS deliveries`,
        [before],
      );
      removed.attempts += chunk.attempts;
      removed.deliveries += chunk.deliveries;
      if (chunk.selected < PURGE_CHUNK) break;
    }
    for (;;) {
      const [chunk] = await this.query<{ selected: number; events: number }>(
        `WITH f AS (
           SELECT e.id FROM events e
            WHERE e.received_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
            LIMIT ${PURGE_CHUNK} FOR UPDATE SKIP LOCKED
         ), d AS (
           DELETE FROM events WHERE id IN (SELECT id FROM f) RETURNING 1
         )
         SELECT (SELECT count(*) FROM f) AS selected, (SELECT count(*) FROM d) AS events`,
        [before],
      );
      removed.events += chunk.events;
      if (chunk.selected < PURGE_CHUNK) break;
    }
    return removed;
  }
}
