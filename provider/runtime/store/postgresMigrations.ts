// The PostgreSQL schema, as numbered migrations. schema_migrations records each
// one applied; all run in ONE transaction that first takes an advisory lock, so
// several nodes starting at once apply each migration once (the others wait for
// the lock, then find it done). Times are BIGINT ms; payloads, configs and
// records are TEXT holding JSON, so what comes back is byte for byte what went in.
import { WebhookError } from "../../errors";

/** pg_advisory_xact_lock key of migrations ("pwh-migr"); advisory locks are per database. */
export const MIGRATION_LOCK_KEY = "8104060598794938226";

/** Append only: a released migration is never edited, a change is a new entry. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Soft delete: deliveries keep pointing at the versions they were made with.
    deleted_at BIGINT
  );
  -- Registration writes are serialized by an advisory lock and check names first; this is the backstop.
  CREATE UNIQUE INDEX webhooks_live_name ON webhooks(name) WHERE deleted_at IS NULL;

  CREATE TABLE webhook_versions (
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    version INTEGER NOT NULL,
    config TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (webhook_id, version)
  );

  -- One row: bumped by every registration write, read by every ingest, so each node
  -- knows when its cache of live webhooks is stale.
  CREATE TABLE registry (version BIGINT NOT NULL);
  INSERT INTO registry (version) VALUES (0);

  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at BIGINT NOT NULL
  );
  CREATE INDEX events_received ON events(received_at);

  CREATE TABLE deliveries (
    -- Insertion order, the tie-break of listings (SQLite's rowid).
    seq BIGSERIAL NOT NULL,
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    webhook_id TEXT NOT NULL,
    webhook_version INTEGER NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'retrying', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error_code TEXT,
    last_error_message TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    FOREIGN KEY (webhook_id, webhook_version) REFERENCES webhook_versions(webhook_id, version)
  );
  -- claimDue and nextDueAt walk this in due order; finished deliveries stay out of it.
  CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status IN ('pending', 'retrying');
  CREATE INDEX deliveries_status ON deliveries(status, created_at, seq);
  CREATE INDEX deliveries_webhook ON deliveries(webhook_id, status, created_at, seq);
  CREATE INDEX deliveries_event ON deliveries(event_id, webhook_id);
  CREATE INDEX deliveries_finished ON deliveries(updated_at) WHERE status IN ('delivered', 'dead');

  CREATE TABLE attempts (
    id BIGSERIAL PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES deliveries(id),
    attempt INTEGER NOT NULL,
    -- The lease owner (node) that made the attempt.
    owner TEXT,
    record TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX attempts_delivery ON attempts(delivery_id, attempt);

  CREATE TABLE source_offsets (
    name TEXT PRIMARY KEY,
    byte_offset BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  `,
  // Lease fencing (issue 13): a token per claim; attempts count when recorded, claims separately.
  `
  ALTER TABLE deliveries ADD COLUMN lease_token TEXT, ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
  -- The claim whose attempt this is: a completion retried after a lost connection records it once.
  ALTER TABLE attempts ADD COLUMN lease_token TEXT;
  -- Attempts used to count at claim: a delivery still leased when the old runtime stopped counted one it never recorded.
  UPDATE deliveries SET attempts = attempts - 1, claims = 1
   WHERE lease_until IS NOT NULL AND attempts > 0 AND status IN ('pending', 'retrying');
  `,
  // GET /v1/deliveries pages newest first with and without a webhook filter.
  `
  CREATE INDEX deliveries_created ON deliveries(created_at, seq);
  CREATE INDEX deliveries_webhook_created ON deliveries(webhook_id, created_at, seq);
  `,
  // Runtime-held secrets (issue 15): the fingerprint key, sealed like the webhook secrets.
  `
  CREATE TABLE runtime_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // Who manages a registration (issue 15): JSON {project, stack, resource}; NULL for one made by hand.
  `
  ALTER TABLE webhooks ADD COLUMN managed_by TEXT;
  `,
  // The console's event-type filter (issue 17): the event's type on its deliveries, so a page of one type walks
  // an index instead of probing every delivery's event.
  `
  ALTER TABLE deliveries ADD COLUMN event_type TEXT;
  UPDATE deliveries d SET event_type = e.event_type FROM events e WHERE e.id = d.event_id;
  CREATE INDEX deliveries_type_created ON deliveries(event_type, created_at, seq);
  `,
];
/** What applyMigrations needs of a connection (a pg client; kept structural so this module loads no driver). */
export interface MigrationConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Applies the migrations not yet applied, in one transaction; returns the schema version. */
export async function applyMigrations(db: MigrationConnection, now: number): Promise<number> {
  try {
    await db.query(`BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)`);
    const { rows } = await db.query(`SELECT COALESCE(MAX(version), 0)::int AS version FROM schema_migrations`);
    const current = Number(rows[0].version);
    if (current > MIGRATIONS.length) {
      throw new WebhookError({
        code: "STORE_UNAVAILABLE",
        message: `the database has schema version ${current}, newer than this runtime knows (${MIGRATIONS.length}); run a newer pulumi-webhooks`,
      });
    }
    for (let v = current; v < MIGRATIONS.length; v++) {
      await db.query(MIGRATIONS[v]);
      await db.query(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, [v + 1, now]);
    }
    await db.query("COMMIT");
    return MIGRATIONS.length;
  } catch (e) {
    // A failed ROLLBACK means the connection is gone, which the caller learns from the first error anyway.
    await db.query("ROLLBACK").catch(() => undefined);
    throw e;
  }
}
