// The runtime suites run once per store: SQLite (a file in the data dir) and
// PostgreSQL (a database on the test server). A suite keys its stores by data dir,
// so a restart on the same data dir reopens the same database, as it would in use.
import { createTestDatabase, type TestDatabase } from "./postgresDatabase";

export type StoreKind = "sqlite" | "postgres";

export class TestStores {
  private readonly databases = new Map<string, Promise<TestDatabase>>();

  constructor(readonly kind: StoreKind) {}

  /** The runtime config's `store` value for this data dir (the same database every time for one dir). */
  async storeFor(dataDir: string): Promise<string> {
    if (this.kind === "sqlite") return "sqlite";
    let db = this.databases.get(dataDir);
    if (db === undefined) {
      db = createTestDatabase("rt");
      this.databases.set(dataDir, db);
    }
    return (await db).url;
  }

  /** Drops every database made (call in afterAll, after the runtimes using them stopped). */
  async dispose(): Promise<void> {
    const all = [...this.databases.values()];
    this.databases.clear();
    await Promise.all(all.map(async (db) => (await db).drop()));
  }
}
