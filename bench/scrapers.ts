// bench/scrapers: ingest latency while 64 Prometheus scrapers hit /metrics (issue 13 item 4),
// on a SQLite store seeded with BENCH_SCRAPE_DELIVERIES deliveries (default 200,000). In one
// process, as in the runtime: the store, the metrics and the ingest share one event loop.
// Three phases of BENCH_SCRAPE_INGESTS single-event ingests each (default 200):
//   baseline — no scrapers;
//   before   — scrapers with a count per scrape (the snapshot age set to 0: what /metrics did);
//   after    — scrapers with the shipped snapshot (one count per 5 s, single flight).
// Prints p50/p99 per phase, the store counts each phase ran, and after/before. Exits non-zero
// only when something broke. Run: `make bench`, or after `make scripts`: node .scripts-build/bench/scrapers.js
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { validateWebhookConfig } from "../provider/model/validateConfig";
import { Metrics } from "../provider/runtime/metrics";
import { Keyring } from "../provider/runtime/secrets/keyring";
import { openSqliteStore } from "../provider/runtime/store/sqliteStore";
import type { Store } from "../provider/runtime/store/store";
import { printTable } from "./benchKit";

const DELIVERIES = Number(process.env.BENCH_SCRAPE_DELIVERIES ?? 200_000);
const INGESTS = Number(process.env.BENCH_SCRAPE_INGESTS ?? 200);
const SCRAPERS = 64;
const BATCH = 1000;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function phase(store: Store, name: string, metrics: Metrics | undefined): Promise<{ p50: number; p99: number; counts: number }> {
  let counts = 0;
  const stats = store.stats.bind(store);
  store.stats = (now) => {
    counts += 1;
    return stats(now);
  };
  let running = metrics !== undefined;
  const scrapers = Array.from({ length: metrics === undefined ? 0 : SCRAPERS }, async () => {
    while (running) {
      await metrics!.render(store, Date.now());
      // A real scrape arrives over a socket: a macrotask, so ingest is not starved by microtasks.
      await new Promise<void>((r) => setImmediate(r));
    }
  });
  const ms: number[] = [];
  for (let i = 0; i < INGESTS; i++) {
    const t = performance.now();
    await store.ingestEvents([{ id: `${name}-${i}`, kind: "request", event: mockRequestEvent("RequestCreated") }], Date.now());
    ms.push(performance.now() - t);
    await new Promise<void>((r) => setImmediate(r)); // let the scrapers in between ingests
  }
  running = false;
  await Promise.all(scrapers);
  store.stats = stats;
  ms.sort((a, b) => a - b);
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), counts };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-scrapers-"));
  const store = openSqliteStore({ dataDir: dir, keyring: new Keyring([randomBytes(32)]) });
  try {
    await store.migrate();
    const config = validateWebhookConfig(
      { name: "scraped", url: "https://hooks.test/in", bodyTemplate: '{"id": "{{data.id}}"}', triggers: ["RequestCreated"] },
      { kind: "request" },
    );
    if (!config.ok) throw new Error("bench webhook config invalid");
    await store.createWebhook(config.config, Date.now());
    const seedStart = performance.now();
    for (let n = 0; n < DELIVERIES; n += BATCH) {
      const events = Array.from({ length: Math.min(BATCH, DELIVERIES - n) }, (_, i) => ({
        id: `seed-${n + i}`,
        kind: "request" as const,
        event: mockRequestEvent("RequestCreated"),
      }));
      await store.ingestEvents(events, Date.now());
    }
    const seedS = (performance.now() - seedStart) / 1000;

    const baseline = await phase(store, "baseline", undefined);
    const before = await phase(store, "before", new Metrics("bench", 0));
    const after = await phase(store, "after", new Metrics("bench"));
    const f = (x: number) => `${x.toFixed(1)} ms`;
    printTable(
      [
        ["seeded deliveries", `${DELIVERIES}`, `${seedS.toFixed(1)} s`],
        ["ingest p50 / p99, no scrapers", `${f(baseline.p50)} / ${f(baseline.p99)}`, "baseline"],
        [`ingest p50 / p99, ${SCRAPERS} scrapers, count per scrape`, `${f(before.p50)} / ${f(before.p99)}`, `${before.counts} counts`],
        [`ingest p50 / p99, ${SCRAPERS} scrapers, 5 s snapshot`, `${f(after.p50)} / ${f(after.p99)}`, `${after.counts} counts`],
        ["p99 after / before", `${(after.p99 / before.p99).toFixed(3)}`, after.counts <= before.counts ? "ok" : "MORE COUNTS"],
      ],
      `bench/scrapers (sqlite, ${INGESTS} ingests per phase)`,
    );
    if (after.counts > Math.max(1, before.counts)) process.exitCode = 1;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench/scrapers failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
