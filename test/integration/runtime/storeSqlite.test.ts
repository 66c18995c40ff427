// The SQLite store: the shared contract, plus what is SQLite's own — the file
// and its modes, durability settings, migrations safe across processes.
import { statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS } from "../../../provider/runtime/store/sqliteMigrations";
import { deliveryPageQuery, openSqliteStore, SQLITE_FILE, type SqliteStore } from "../../../provider/runtime/store/sqliteStore";
import { tempDir } from "../../support/tempFiles";
import { describeStoreContract, type StoreHarness } from "./storeContract";
import { rejection, webhookConfig } from "./storeFixtures";
import { TEST_KEYRING } from "../../support/testKeyring";

async function sqliteHarness(dir: string, remove: () => void): Promise<StoreHarness> {
  const store = openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING });
  await store.migrate();
  return {
    store,
    groupCommits: () => store.groupCommits,
    reopen: async () => {
      await store.close();
      return sqliteHarness(dir, remove);
    },
    dispose: async () => {
      await store.close();
      remove();
    },
  };
}

describeStoreContract("SQLite", async () => {
  const tmp = tempDir("webhooks-store-");
  return sqliteHarness(join(tmp.dir, "data"), tmp.remove);
});

describe("SQLite store specifics", () => {
  const tmp = tempDir("webhooks-sqlite-");
  afterAll(() => tmp.remove());
  let n = 0;
  const freshDir = () => join(tmp.dir, `d${++n}`, "nested");

  it("creates the data dir 0700 and the database file 0600 (it holds webhook secrets)", async () => {
    const dir = freshDir();
    const store = openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING });
    await store.migrate();
    await store.createWebhook(webhookConfig("audit"), 1);
    // The WAL holds the same secrets until a checkpoint.
    expect(statSync(join(dir, `${SQLITE_FILE}-wal`)).mode & 0o777).toBe(0o600);
    await store.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, SQLITE_FILE)).mode & 0o777).toBe(0o600);
  });

  it("uses WAL with synchronous=FULL and foreign keys", async () => {
    const store = openSqliteStore({ dataDir: freshDir(), keyring: TEST_KEYRING });
    await store.migrate();
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    await store.close();
  });

  it("every filter of a deliveries page walks an index in page order (no scan, no sort), the event type's too", async () => {
    const store = openSqliteStore({ dataDir: freshDir(), keyring: TEST_KEYRING });
    await store.migrate();
    const db = (store as unknown as { db: Database.Database }).db;
    const plan = (filter: Parameters<typeof deliveryPageQuery>[0]): string => {
      const { sql, params } = deliveryPageQuery(filter, 100);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join("; ");
    };
    const cursor = Buffer.from("1796649022000.42").toString("base64url");
    expect(plan({})).toMatch(/USING INDEX deliveries_created/);
    expect(plan({ eventType: "RequestExpired" })).toMatch(/USING INDEX deliveries_type_created/);
    expect(plan({ eventType: "RequestExpired", cursor })).toMatch(/USING INDEX deliveries_type_created/);
    expect(plan({ webhookId: "wh_1" })).toMatch(/USING INDEX deliveries_webhook_created/);
    for (const f of [{}, { eventType: "x" }, { webhookId: "wh_1" }]) expect(plan(f)).not.toMatch(/SCAN deliveries$|TEMP B-TREE/);
    await store.close();
  });

  it("migrations are versioned: user_version records them and a second migrate is a no-op", async () => {
    const dir = freshDir();
    const a = openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING });
    await a.migrate();
    const w = await a.createWebhook(webhookConfig("audit"), 1);
    await a.migrate();
    await a.close();
    const raw = new Database(join(dir, SQLITE_FILE), { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
    const b = openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING });
    await b.migrate();
    expect((await b.getWebhook(w.id))!.id).toBe(w.id);
    await b.close();
  });

  it("two stores migrating the same new file at once both succeed", async () => {
    const dir = freshDir();
    const [a, b] = [openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING }), openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING })];
    await Promise.all([a.migrate(), b.migrate()]);
    await a.createWebhook(webhookConfig("audit", { name: "from a" }), 1);
    await b.migrate(); // b reloads what a wrote
    expect((await b.listWebhooks()).map((w) => w.name)).toEqual(["from a"]);
    await Promise.all([a.close(), b.close()]);
  });

  it("refuses a database written by a newer runtime", async () => {
    const dir = freshDir();
    const a = openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING });
    await a.migrate();
    await a.close();
    const raw = new Database(join(dir, SQLITE_FILE));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    const b = openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING });
    await expect(b.migrate()).rejects.toThrow(/newer than this runtime knows/);
    await b.close();
  });

  it("after close, calls fail with STORE_UNAVAILABLE", async () => {
    const store: SqliteStore = openSqliteStore({ dataDir: freshDir(), keyring: TEST_KEYRING });
    await store.migrate();
    await store.close();
    expect(await rejection(store.ingestEvents([], 1))).toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(await rejection(store.listWebhooks())).toMatchObject({ code: "STORE_UNAVAILABLE" });
  });

  it("a data dir that cannot be created is STORE_UNAVAILABLE at dataDir", () => {
    const file = tmp.write("not-a-dir", "x");
    let caught: unknown;
    try {
      openSqliteStore({ dataDir: join(file, "sub"), keyring: TEST_KEYRING });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: "STORE_UNAVAILABLE", path: "dataDir" });
  });
});
