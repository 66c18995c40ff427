// The SQLite schema, as numbered migrations. PRAGMA user_version records how
// many have run; each runs inside BEGIN IMMEDIATE, so two processes starting
// on the same file at once apply it once (the second waits, then sees it done).
import type BetterSqlite3 from "better-sqlite3";

/** Append only: a released migration is never edited, a change is a new entry. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- Soft delete: deliveries keep pointing at the versions they were made with.
    deleted_at INTEGER
  );
  CREATE UNIQUE INDEX webhooks_live_name ON webhooks(name) WHERE deleted_at IS NULL;

  CREATE TABLE webhook_versions (
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    version INTEGER NOT NULL,
    config TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (webhook_id, version)
  );

  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX events_received ON events(received_at);

  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    webhook_id TEXT NOT NULL,
    webhook_version INTEGER NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'retrying', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error_code TEXT,
    last_error_message TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    FOREIGN KEY (webhook_id, webhook_version) REFERENCES webhook_versions(webhook_id, version)
  );
  -- claimDue and nextDueAt walk this in due order; it covers what the claim filters on.
  CREATE INDEX deliveries_due ON deliveries(next_attempt_at, origin, lease_until) WHERE status IN ('pending', 'retrying');
  CREATE INDEX deliveries_status ON deliveries(status, created_at);
  CREATE INDEX deliveries_webhook ON deliveries(webhook_id, status, created_at);
  CREATE INDEX deliveries_event ON deliveries(event_id, webhook_id);
  CREATE INDEX deliveries_finished ON deliveries(updated_at) WHERE status IN ('delivered', 'dead');

  CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES deliveries(id),
    attempt INTEGER NOT NULL,
    record TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX attempts_delivery ON attempts(delivery_id, attempt);

  CREATE TABLE source_offsets (
    name TEXT PRIMARY KEY,
    byte_offset INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // Lease fencing (issue 13): a token per claim; attempts count when recorded, claims separately.
  `
  ALTER TABLE deliveries ADD COLUMN lease_token TEXT;
  ALTER TABLE deliveries ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
  -- Attempts used to count at claim: a delivery still leased when the old runtime stopped counted one it never recorded.
  UPDATE deliveries SET attempts = attempts - 1, claims = 1
   WHERE lease_until IS NOT NULL AND attempts > 0 AND status IN ('pending', 'retrying');
  `,
  // GET /v1/deliveries pages newest first with and without a webhook filter (rowid is in every index).
  `
  CREATE INDEX deliveries_created ON deliveries(created_at);
  CREATE INDEX deliveries_webhook_created ON deliveries(webhook_id, created_at);
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
  // an index instead of probing every delivery's event (an absent type read all 198,100 rows: 164 ms).
  `
  ALTER TABLE deliveries ADD COLUMN event_type TEXT;
  UPDATE deliveries SET event_type = (SELECT e.event_type FROM events e WHERE e.id = deliveries.event_id);
  CREATE INDEX deliveries_type_created ON deliveries(event_type, created_at);
  `,
];
/** Applies the migrations not yet applied; returns the schema version. */
export function applyMigrations(db: BetterSqlite3.Database): number {
  const migrate = db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `the database has schema version ${current}, newer than this runtime knows (${MIGRATIONS.length}); run a newer pulumi-webhooks`,
      );
    }
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    // user_version cannot be bound as a parameter; the value is our own integer.
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
    return MIGRATIONS.length;
  });
  return migrate.immediate();
}
