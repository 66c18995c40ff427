// The PostgreSQL store: the shared contract on a fresh database per test, plus
// what is PostgreSQL's own — versioned migrations safe across nodes, several
// nodes sharing one database (claims, registrations, wake-ups), and surviving
// lost connections and a server restart without leaking the password.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { inspect } from "node:util";
import { MIGRATIONS } from "../../../provider/runtime/store/postgresMigrations";
import type { ClaimedDelivery } from "../../../provider/runtime/store/store";
import { openPostgresStore, redactStoreUrl, type PostgresStore } from "../../../provider/runtime/store/postgresStore";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../../support/postgresCluster";
import { createTestDatabase, queryDatabase, type TestDatabase } from "../../support/postgresDatabase";
import { describeStoreContract, type StoreHarness } from "./storeContract";
import { auditNewEvent, invocationRecord, newEvent, rejection, requestEvent, requestNewEvent, waitFor, webhookConfig } from "./storeFixtures";
import { TEST_KEYRING } from "../../support/testKeyring";

const T = 1_700_000_000_000;
const LEASE = 90_000;

async function postgresHarness(db: TestDatabase): Promise<StoreHarness> {
  const store = openPostgresStore({ url: db.url, keyring: TEST_KEYRING });
  await store.migrate();
  return {
    store,
    groupCommits: () => store.groupCommits,
    reopen: async () => {
      await store.close();
      return postgresHarness(db);
    },
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
}

describeStoreContract("PostgreSQL", async () => postgresHarness(await createTestDatabase()));

/** Everything a caller could print of an error: message, stack, fields and causes. */
const printed = (e: unknown): string => `${String(e)}\n${inspect(e, { depth: 6 })}\n${JSON.stringify(e)}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** pg_ctl on a cluster of startPostgresCluster (as its owner, like postgresCluster.ts does). */
function pgCtl(cluster: PostgresCluster, ...args: string[]): void {
  const ctl = join(postgresBinDir(), "pg_ctl");
  const argv = ["-D", join(cluster.dir, "data"), "-l", join(cluster.dir, "log"), "-w", "-t", "60", ...args];
  if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", ctl, ...argv], { stdio: "ignore" });
  else execFileSync(ctl, argv, { stdio: "ignore" });
}

describe("PostgreSQL store specifics", () => {
  let stores: PostgresStore[] = [];
  let databases: TestDatabase[] = [];

  const freshDatabase = async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return db;
  };
  const opened = (url: string, options: { listen?: boolean; poolSize?: number } = {}) => {
    const store = openPostgresStore({ url, keyring: TEST_KEYRING, ...options });
    stores.push(store);
    return store;
  };
  const migrated = async (url: string, options: { listen?: boolean; poolSize?: number } = {}) => {
    const store = opened(url, options);
    await store.migrate();
    return store;
  };

  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await Promise.all(databases.map((d) => d.drop()));
    stores = [];
    databases = [];
  });

  describe("migrations", () => {
    it("are versioned in schema_migrations, and a second migrate is a no-op", async () => {
      const db = await freshDatabase();
      const a = await migrated(db.url);
      const w = await a.createWebhook(webhookConfig("audit"), T);
      const applied = () => queryDatabase<{ version: number; applied_at: string }>(db.url, "SELECT version, applied_at FROM schema_migrations ORDER BY version");
      const first = await applied();
      expect(first.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));

      await a.migrate();
      const b = await migrated(db.url);
      expect(await applied()).toEqual(first);
      expect((await b.getWebhook(w.id))!.id).toBe(w.id);
    });

    it("five stores migrating one fresh database at once all succeed, and each migration is applied once", async () => {
      const db = await freshDatabase();
      const five = Array.from({ length: 5 }, () => opened(db.url, { listen: false }));
      await Promise.all(five.map((s) => s.migrate()));
      expect(await queryDatabase(db.url, "SELECT version FROM schema_migrations ORDER BY version")).toEqual(
        MIGRATIONS.map((_, i) => ({ version: i + 1 })),
      );
      expect(await queryDatabase(db.url, "SELECT version::int AS version FROM registry")).toEqual([{ version: 0 }]);
      // Every one of them works on the shared schema.
      const w = await five[0].createWebhook(webhookConfig("audit"), T);
      expect((await five[4].listWebhooks()).map((x) => x.id)).toEqual([w.id]);
    });

    it("a database of a newer schema version is refused, and left as it is", async () => {
      const db = await freshDatabase();
      await (await migrated(db.url)).close();
      const newer = MIGRATIONS.length + 1;
      await queryDatabase(db.url, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)", [newer]);
      const e = await rejection(opened(db.url).migrate());
      expect(e).toMatchObject({
        code: "STORE_UNAVAILABLE",
        message: `the database has schema version ${newer}, newer than this runtime knows (${MIGRATIONS.length}); run a newer pulumi-webhooks`,
      });
      expect(await queryDatabase(db.url, "SELECT count(*)::int AS n FROM schema_migrations")).toEqual([{ n: newer }]);
    });
  });

  describe("several nodes on one database", () => {
    it("two stores claiming at once get disjoint sets that together cover every due delivery; attempts record their owner", async () => {
      const db = await freshDatabase();
      const [a, b] = [await migrated(db.url), await migrated(db.url)];
      await a.createWebhook(webhookConfig("request"), T);
      const events = Array.from({ length: 500 }, (_, i) => requestNewEvent(`c${i}`));
      expect((await b.ingestEvents(events, T)).events.every((e) => e.deliveries === 1)).toBe(true);

      const claimAll = async (store: PostgresStore, owner: string) => {
        const got: ClaimedDelivery[] = [];
        for (;;) {
          const batch = await store.claimDue({ now: T, limit: 20, leaseMs: LEASE, owner });
          if (batch.length === 0) return got;
          got.push(...batch);
        }
      };
      const [byA, byB] = await Promise.all([claimAll(a, "node-a"), claimAll(b, "node-b")]);
      expect(byA.length + byB.length).toBe(500);
      expect(new Set([...byA, ...byB].map((c) => c.id)).size).toBe(500);

      const done = (store: PostgresStore, claims: ClaimedDelivery[]) =>
        Promise.all(
          claims.map((c) => store.completeAttempt(c.id, c.leaseToken, { record: invocationRecord(c.id, 1), status: "delivered", attemptMade: true }, T + 1)),
        );
      await Promise.all([done(a, byA), done(b, byB)]);
      const split = await queryDatabase<{ owner: string; n: number }>(db.url, "SELECT owner, count(*)::int AS n FROM attempts GROUP BY owner ORDER BY owner");
      expect(split).toEqual(
        [
          { owner: "node-a", n: byA.length },
          { owner: "node-b", n: byB.length },
        ].filter((s) => s.n > 0),
      );
      expect((await a.stats(T + 1)).byStatus).toEqual({ pending: 0, retrying: 0, delivered: 500, dead: 0 });
    });

    it("a registration through store A binds the next ingest through store B; so do an update and a delete", async () => {
      const db = await freshDatabase();
      // B does not LISTEN: the version check in each ingest alone keeps it current, with no stale window.
      const [a, b] = [await migrated(db.url), await migrated(db.url, { listen: false })];
      // B has loaded (and cached) the empty registry.
      expect((await b.ingestEvents([requestNewEvent("r0")], T)).events[0].deliveries).toBe(0);

      const w = await a.createWebhook(webhookConfig("request", { name: "shared", url: "https://hooks.test/v1" }), T);
      expect((await b.ingestEvents([requestNewEvent("r1")], T)).events).toEqual([{ id: "r1", duplicate: false, deliveries: 1 }]);
      await a.updateWebhook(w.id, webhookConfig("request", { name: "shared", url: "https://hooks.test/v2" }), T + 1);
      await b.ingestEvents([requestNewEvent("r2")], T + 2);
      const claimed = await b.claimDue({ now: T + 2, limit: 10, leaseMs: LEASE, owner: "node-b" });
      expect(claimed.map((c) => [c.eventId, c.webhook.version, c.webhook.config.url])).toEqual([
        ["r1", 1, "https://hooks.test/v1"],
        ["r2", 2, "https://hooks.test/v2"],
      ]);

      await b.ingestEvents([requestNewEvent("r3")], T + 3);
      expect(await a.deleteWebhook(w.id, T + 4)).toBe(true);
      expect((await b.ingestEvents([requestNewEvent("r4")], T + 5)).events[0].deliveries).toBe(0);
      expect(await b.invokeWebhook(w.id, newEvent("m1", "request", requestEvent("Manual")), T + 5)).toBeUndefined();
      expect((await b.listDeliveries({ webhookId: w.id })).map((d) => [d.eventId, d.status, d.lastError?.code])).toEqual([
        ["r3", "dead", "WEBHOOK_DELETED"],
        ["r2", "dead", "WEBHOOK_DELETED"],
        ["r1", "dead", "WEBHOOK_DELETED"],
      ]);
    });

    it("onWake on store B fires after an ingest through store A; an unsubscribed listener is not called", async () => {
      const db = await freshDatabase();
      const [a, b] = [await migrated(db.url), await migrated(db.url)];
      await a.createWebhook(webhookConfig("request"), T);
      let first = 0;
      let second = 0;
      const unsubscribe = b.onWake(() => (first += 1));
      b.onWake(() => (second += 1));

      await a.ingestEvents([requestNewEvent("w1")], T);
      await waitFor("store B's wake after store A's ingest", () => first > 0);
      unsubscribe();
      const [firstBefore, secondBefore] = [first, second];
      await a.ingestEvents([requestNewEvent("w2")], T);
      // Both listeners are called from one notification: when the second has seen it, the first would have.
      await waitFor("the second wake", () => second > secondBefore);
      expect(first).toBe(firstBefore);
    });
  });

  describe("failures", () => {
    it("sessions terminated mid-use: failed calls are STORE_UNAVAILABLE, acknowledged ones are stored, then everything works again", async () => {
      const db = await freshDatabase();
      const [a, b] = [await migrated(db.url), await migrated(db.url)];
      await a.createWebhook(webhookConfig("request"), T);
      let wakes = 0;
      b.onWake(() => (wakes += 1));

      // A stream of ingests, cut in the middle. Audit events match no webhook: no due work, so no wake-up comes from them.
      const acked: string[] = [];
      const failures: unknown[] = [];
      let next = 0;
      let streaming = true;
      const sender = async () => {
        while (streaming) {
          const id = `mid-${next++}`;
          await a.ingestEvents([auditNewEvent(id)], T).then(
            () => acked.push(id),
            (e: unknown) => failures.push(e),
          );
        }
      };
      const senders = Array.from({ length: 4 }, sender);
      await waitFor("ingests before the cut", () => acked.length >= 20);
      const wakesBefore = wakes;
      const [{ n }] = await queryDatabase<{ n: number }>(
        db.url,
        "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [db.name],
      );
      expect(n).toBeGreaterThanOrEqual(3); // the two LISTEN connections and the ingesting one
      const atCut = acked.length;
      await waitFor("ingests after the cut", () => acked.length >= atCut + 20);
      streaming = false;
      await Promise.all(senders);
      const stored = new Set((await queryDatabase<{ id: string }>(db.url, "SELECT id FROM events")).map((r) => r.id));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      for (const e of failures) expect(e).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });

      // Ingest, claim and complete, each through a pool whose connections were all cut.
      expect((await a.ingestEvents([requestNewEvent("after")], T)).events).toEqual([{ id: "after", duplicate: false, deliveries: 1 }]);
      const [claimed] = await b.claimDue({ now: T, limit: 1, leaseMs: LEASE, owner: "node-b" });
      expect(claimed.eventId).toBe("after");
      await b.completeAttempt(claimed.id, claimed.leaseToken, { record: invocationRecord(claimed.id, 1), status: "delivered", attemptMade: true }, T + 1);
      expect((await a.getDelivery(claimed.id))!.delivery.status).toBe("delivered");

      // B's listener reconnects (and wakes, as it may have missed notifications), then hears A again.
      await waitFor("store B's listener to reconnect", () => wakes > wakesBefore);
      const wakesAfterReconnect = wakes;
      await a.ingestEvents([requestNewEvent("later")], T);
      await waitFor("store B's wake after the reconnect", () => wakes > wakesAfterReconnect);
    });

    it("an acknowledged ingest survives a database crash (it commits with synchronous_commit on; attempt results need not)", async () => {
      const cluster = await startPostgresCluster();
      try {
        const store = await migrated(cluster.url, { poolSize: 4 });
        await store.createWebhook(webhookConfig("request"), T);
        // The session default is off (claims and attempt results); ingest switches it on for its transaction.
        const pool = (store as unknown as { pool: { query(sql: string): Promise<{ rows: unknown[] }> } }).pool;
        expect((await pool.query("SHOW synchronous_commit")).rows).toEqual([{ synchronous_commit: "off" }]);
        const acked: string[] = [];
        await Promise.all(
          Array.from({ length: 8 }, async (_, w) => {
            for (let i = 0; i < 40; i++) {
              await store.ingestEvents([requestNewEvent(`c-${w}-${i}`)], T);
              acked.push(`c-${w}-${i}`);
            }
          }),
        );
        // At once, before the WAL writer's next flush: only what was flushed at commit survives.
        await cluster.crash();
        await store.close();
        await cluster.resume();
        const stored = new Set((await queryDatabase<{ id: string }>(cluster.url, "SELECT event_id AS id FROM deliveries")).map((r) => r.id));
        expect(acked.length).toBe(320);
        expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      } finally {
        await cluster.stop();
      }
    });

    it("a server restart during a stream of ingests, then an outage: what resolved is stored, what failed is STORE_UNAVAILABLE without the password", async () => {
      const cluster = await startPostgresCluster();
      const password = decodeURIComponent(new URL(cluster.url).password);
      try {
        const store = await migrated(cluster.url, { poolSize: 4 });
        await store.createWebhook(webhookConfig("request"), T);
        const acked: string[] = [];
        const failures: unknown[] = [];
        let next = 0;
        let streaming = true;
        const sender = async () => {
          while (streaming) {
            const id = `s-${next++}`;
            try {
              await store.ingestEvents([requestNewEvent(id)], T);
              acked.push(id);
            } catch (e) {
              failures.push(e);
              await sleep(10);
            }
          }
        };
        const senders = Array.from({ length: 4 }, sender);
        await waitFor("ingests before the restart", () => acked.length >= 20);
        await cluster.restart();
        const atRestart = acked.length;
        await waitFor("ingests after the restart", () => acked.length >= atRestart + 20, 15_000);
        streaming = false;
        await Promise.all(senders);

        // The server is down: calls fail at once, as STORE_UNAVAILABLE.
        pgCtl(cluster, "-m", "fast", "stop");
        failures.push(await rejection(store.ingestEvents([requestNewEvent("during-outage")], T)));
        failures.push(await rejection(store.claimDue({ now: T, limit: 5, leaseMs: LEASE, owner: "n" })));
        failures.push(await rejection(store.listWebhooks()));
        pgCtl(cluster, "start");
        // Back: the same store works, without being reopened.
        expect((await store.ingestEvents([requestNewEvent("after-outage")], T)).events[0]).toEqual({ id: "after-outage", duplicate: false, deliveries: 1 });
        acked.push("after-outage");

        const stored = await queryDatabase<{ id: string }>(cluster.url, "SELECT e.id FROM events e JOIN deliveries d ON d.event_id = e.id");
        const storedIds = new Set(stored.map((r) => r.id));
        expect(acked.filter((id) => !storedIds.has(id))).toEqual([]);
        expect(storedIds.has("during-outage")).toBe(false);
        expect(failures.length).toBeGreaterThanOrEqual(3);
        for (const e of failures) {
          expect(e).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
          expect(printed(e)).not.toContain(password);
        }
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        stores = [];
        await cluster.stop();
      }
    }, 60_000);

    it("a wrong password is STORE_UNAVAILABLE naming the login problem, never the password", async () => {
      const db = await freshDatabase();
      const url = new URL(db.url);
      url.password = "Wrong-Secret-8x1";
      const e = await rejection(opened(url.toString(), { listen: false }).migrate());
      expect(e).toMatchObject({
        code: "STORE_UNAVAILABLE",
        retryable: false,
        message: `the PostgreSQL server refused the store's login (28P01: password authentication failed for user "${url.username}"); check the user name and password in the store URL`,
      });
      expect(printed(e)).not.toContain("Wrong-Secret-8x1");
    });

    it("a store URL that is not a PostgreSQL URL is refused at open, without repeating it", () => {
      for (const url of ["postgres//u:Hunter2-Pw@db/x", "mysql://u:Hunter2-Pw@db/x", "postgres://u:Hunter2-Pw@/x"]) {
        let caught: unknown;
        try {
          openPostgresStore({ url, keyring: TEST_KEYRING });
        } catch (e) {
          caught = e;
        }
        expect(caught).toMatchObject({ code: "STORE_UNAVAILABLE", path: "store" });
        expect(printed(caught)).not.toContain("Hunter2-Pw");
      }
    });

    it("after close, calls fail with STORE_UNAVAILABLE", async () => {
      const db = await freshDatabase();
      const store = await migrated(db.url);
      await store.close();
      await store.close(); // a second close is harmless
      const closed = { code: "STORE_UNAVAILABLE", message: "the store is closed (the runtime is stopping)" };
      expect(await rejection(store.ingestEvents([], T))).toMatchObject(closed);
      expect(await rejection(store.listWebhooks())).toMatchObject(closed);
      expect(await rejection(store.claimDue({ now: T, limit: 1, leaseMs: LEASE, owner: "w" }))).toMatchObject(closed);
      expect(await rejection(store.createWebhook(webhookConfig("audit"), T))).toMatchObject(closed);
    });
  });

  describe("values", () => {
    it("payloads come back byte for byte, whatever their strings hold (NUL, lone surrogates, quotes)", async () => {
      const db = await freshDatabase();
      const store = await migrated(db.url);
      await store.createWebhook(webhookConfig("audit"), T);
      const hostile = 'nul \u0000 quote " backslash \\ lone \ud800 emoji \u{1F600} </script> {{x}}\n';
      const event = newEvent("hostile", "audit", {
        event_type: `Audit\u0000${hostile}`,
        event_time: "1717420012.551024000",
        data: { action: hostile, metadata: { [hostile]: [hostile, 1.5, null] } },
      });
      await store.ingestEvents([event], T);
      const [claimed] = await store.claimDue({ now: T, limit: 1, leaseMs: LEASE, owner: "w" });
      expect(claimed.event).toEqual({ id: "hostile", kind: "audit", eventType: event.event.event_type, receivedAt: new Date(T).toISOString(), payload: event.event });
      expect(await queryDatabase(db.url, "SELECT payload FROM events")).toEqual([{ payload: JSON.stringify(event.event) }]);
    });

    it("BIGINT columns come back as numbers through the store's own parsers; pg's global ones are untouched", async () => {
      const db = await freshDatabase();
      const store = await migrated(db.url);
      await store.ingestEvents([], T, { name: "src", offset: 2 ** 40 });
      expect(await store.sourceOffset("src")).toBe(2 ** 40);
      expect(await queryDatabase(db.url, "SELECT byte_offset FROM source_offsets")).toEqual([{ byte_offset: String(2 ** 40) }]);
    });

    it("redactStoreUrl masks the password and query values, for logs", () => {
      expect(redactStoreUrl("postgres://webhooks:s3cr%40t@db.internal:5433/hooks?sslmode=require")).toBe(
        "postgres://webhooks:****@db.internal:5433/hooks?sslmode=****",
      );
      expect(redactStoreUrl("postgresql://db.internal/hooks")).toBe("postgresql://db.internal/hooks");
      expect(redactStoreUrl("not a url s3cret")).toBe("postgres://****");
    });
  });
});
