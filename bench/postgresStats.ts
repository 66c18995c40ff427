// What the database did for a bench phase: statements the runtime sent (pg_stat_statements, top level: each
// a round trip; the foreign-key checks they fire are not counted; its own queries left out) and the CPU
// seconds of the server's processes (the postmaster and its backends, from /proc). The cluster
// must be started with shared_preload_libraries = pg_stat_statements (POSTGRES_STATS_SETTINGS).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { processCpuSeconds } from "./machineLoad";

export const POSTGRES_STATS_SETTINGS = { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "top", "pg_stat_statements.max": "5000" };

export interface PostgresStats {
  /** Zeroes the counters; call at the start of the phase. */
  reset(): Promise<void>;
  /** Statements executed in the database since reset. */
  statements(): Promise<number>;
  /** The most-called statements since reset, for a profile (BENCH_PG_TOP=n prints them). */
  top(n: number): Promise<Array<{ calls: number; query: string }>>;
  close(): Promise<void>;
}

export async function postgresStats(databaseUrl: string): Promise<PostgresStats> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  return {
    async reset() {
      await c.query("SELECT pg_stat_statements_reset()");
    },
    async statements() {
      const r = await c.query<{ calls: string }>(
        `SELECT COALESCE(sum(calls), 0)::text AS calls FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT ILIKE '%pg_stat_statements%'`,
      );
      return Number(r.rows[0].calls);
    },
    async top(n: number) {
      const r = await c.query<{ calls: string; query: string }>(
        `SELECT calls::text, regexp_replace(query, '\\s+', ' ', 'g') AS query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT ILIKE '%pg_stat_statements%'
          ORDER BY pg_stat_statements.calls DESC LIMIT $1`,
        [n],
      );
      return r.rows.map((row) => ({ calls: Number(row.calls), query: row.query.slice(0, 140) }));
    },
    close: () => c.end(),
  };
}

/** CPU seconds used so far by the cluster's processes: the postmaster (first line of postmaster.pid) and its children. */
export function clusterCpuSeconds(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  let total = processCpuSeconds(postmaster);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmaster) total += processCpuSeconds(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}
