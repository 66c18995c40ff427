// bench/delivery: events through ingest → store → workers → a loopback HTTPS receiver,
// beside the raw undici keep-alive ceiling to the SAME receiver measured in the same run,
// for three setups: SQLite (synchronous=FULL), PostgreSQL with 1 node, PostgreSQL with 3
// nodes (three runtime processes on one database; a throwaway PostgreSQL 15 cluster on
// loopback, fsync on). Targets (product.md §8): deliveries/s ≥ 50 % of the ceiling;
// ingest→delivered p99 ≤ 50 ms at 1,000 events/s.
// Run: `make bench` (or BENCH_EVENTS=50000 BENCH_SETUPS=sqlite,pg1 make bench). Loopback only; stops by itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { startReceiver, type Receiver } from "../test/support/httpsReceiver";
import { BENCH_TEMPLATE, printTable } from "./benchKit";
import { sweepCeiling, sweepRows } from "./ceiling";
import { describeLoad, markLoad, otherLoadSince, processCpuSeconds, type OtherLoad } from "./machineLoad";
import { clusterCpuSeconds, POSTGRES_STATS_SETTINGS, postgresStats } from "./postgresStats";
import { startPostgresCluster, type PostgresCluster } from "../test/support/postgresCluster";
import { createTestDatabase } from "../test/support/postgresDatabase";
import { startRuntimeProcess, type RuntimeProcess } from "../test/support/runtimeProcess";
import { createTestCa, type TestCa } from "../test/support/testCa";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 3); // per point of the sweep
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const LATENCY_RATE = 1000; // events/s
const SETUPS = (process.env.BENCH_SETUPS ?? "sqlite,pg1,pg3").split(",");
const ADMIN_TOKEN = "bench-admin-token-0123456789";
const INGEST_TOKEN = "bench-ingest-token-0123456789";

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const ca = createTestCa();
  const rx = await startReceiver({ tls: ca });
  const arrivals = new Map<string, number>();
  rx.respondWith((req) => {
    const id = (JSON.parse(req.body) as { id?: string }).id;
    if (id !== undefined && !arrivals.has(id)) arrivals.set(id, performance.now());
    rx.requests.length = 0; // keep the receiver's memory flat over long runs
    return { status: 200 };
  });

  // 1. The ceiling: the best raw undici keep-alive pool of a sweep, closed loop, same receiver, same-size body.
  const sample = JSON.stringify({ ...mockRequestEvent("RequestCreated"), id: "ceiling" });
  const sweep = await sweepCeiling({ address: rx.host, caPem: ca.caPem, body: sample, seconds: CEILING_SECONDS });
  const ceiling = sweep.best.requestsPerSecond;

  // 2. The runtime, as an operator runs it, once per setup.
  let cluster: PostgresCluster | undefined;
  const results: SetupResult[] = [];
  try {
    for (const setup of SETUPS) {
      let store = "sqlite";
      let nodes = 1;
      if (setup === "pg1" || setup === "pg3") {
        if (cluster === undefined) {
          cluster = await startPostgresCluster({ settings: POSTGRES_STATS_SETTINGS });
          process.env.WEBHOOKS_TEST_POSTGRES_URL = cluster.url;
        }
        store = (await createTestDatabase(`bench_${setup}`)).url;
        nodes = setup === "pg3" ? 3 : 1;
      } else if (setup !== "sqlite") {
        throw new Error(`BENCH_SETUPS: unknown setup ${setup} (sqlite, pg1, pg3)`);
      }
      results.push(await measure(setup, store, nodes, { rx, ca, arrivals, postgresDataDir: cluster === undefined || store === "sqlite" ? undefined : join(cluster.dir, "data") }));
    }
  } finally {
    await cluster?.stop();
    await rx.close();
    ca.dispose();
  }

  const rows: Array<[string, string, string]> = [
    [`raw undici keep-alive ceiling (best of the sweep: ${sweep.best.connections} conns × ${sweep.best.pipelining}, same receiver)`, `${ceiling.toFixed(0)} req/s`, "baseline"],
    ...sweepRows(sweep),
  ];
  for (const r of results) {
    rows.push(
      [`${r.label}: ingest of ${EVENTS} events (batches of 500, durable commit)`, `${r.ingestRate.toFixed(0)} events/s`, "-"],
      [`${r.label}: sustained deliveries`, `${r.throughput.toFixed(0)} deliveries/s`, `ratio ${(r.throughput / ceiling).toFixed(2)} (target >= ${r.label === "SQLite" ? "0.50" : "0.35"})`],
      [`${r.label}: CPU per delivery (runtime${r.statementsPerDelivery === undefined ? "" : " + PostgreSQL"}, ingest to delivered)`, `${r.cpuMsPerDelivery.toFixed(3)} ms`, `target <= ${r.label === "SQLite" ? "0.10" : "0.20"} ms`],
      ...(r.statementsPerDelivery === undefined
        ? []
        : [[`${r.label}: statements per delivery (pg_stat_statements)`, r.statementsPerDelivery.toFixed(2), "target <= 0.20"] as [string, string, string]]),
      [`${r.label}: ingest→delivered p50 @ ${LATENCY_RATE} events/s`, `${r.p50.toFixed(1)} ms`, "-"],
      [`${r.label}: ingest→delivered p99 @ ${LATENCY_RATE} events/s`, `${r.p99.toFixed(1)} ms`, "target <= 50 ms"],
      [`${r.label}: peak RSS per runtime process`, `${r.peakRssMb.join(" / ")} MB`, "-"],
      [`${r.label}: exit codes after SIGTERM`, r.exitCodes.join(" / "), "0"],
      [`${r.label}: machine during the run`, describeLoad(r.load), "0 other cores = a quiet run"],
    );
  }
  printTable(rows, `bench/delivery (node ${process.version}, ${EVENTS} events)`);
  if (results.some((r) => r.exitCodes.some((c) => c !== 0))) process.exitCode = 1;
}

interface SetupResult {
  label: string;
  ingestRate: number;
  throughput: number;
  p50: number;
  p99: number;
  peakRssMb: number[];
  exitCodes: Array<number | null>;
  load: OtherLoad;
  /** Process CPU of the runtime nodes (and the PostgreSQL server) over the throughput phase, per delivery. */
  cpuMsPerDelivery: number;
  statementsPerDelivery?: number;
}

async function measure(
  setup: string,
  store: string,
  nodeCount: number,
  env: { rx: Receiver; ca: TestCa; arrivals: Map<string, number>; postgresDataDir?: string },
): Promise<SetupResult> {
  const { rx, ca, arrivals, postgresDataDir } = env;
  const label = setup === "sqlite" ? "SQLite" : `PostgreSQL, ${nodeCount} node${nodeCount > 1 ? "s" : ""}`;
  const dirs: string[] = [];
  const nodes: RuntimeProcess[] = [];
  const config = {
    store,
    network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] },
    tls: { caFile: ca.caFile },
    delivery: { concurrency: 64, perOriginConcurrency: 64 },
  };
  const start = markLoad();
  try {
    // Started one by one: the first applies the migrations.
    for (let i = 0; i < nodeCount; i++) {
      const dir = mkdtempSync(join(tmpdir(), "bench-delivery-"));
      dirs.push(dir);
      nodes.push(await startRuntimeProcess({ dir, adminToken: ADMIN_TOKEN, ingestToken: INGEST_TOKEN, config }));
    }
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
    const ingestHeaders = { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" };
    const reg = await fetch(`${nodes[0].url}/v1/webhooks`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ kind: "request", name: "bench", url: "https://hooks.test/bench", triggers: ["RequestCreated"], bodyTemplate: BENCH_TEMPLATE, testBeforeApply: false }),
    });
    if (reg.status !== 201 && reg.status !== 200) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);

    const event = (id: string) => ({ ...mockRequestEvent("RequestCreated"), id });
    let turn = 0;
    // Round robin over the nodes, as a load balancer in front of them would.
    const post = async (events: unknown[]) => {
      const node = nodes[turn++ % nodes.length];
      const r = await fetch(`${node.url}/v1/events/request`, { method: "POST", headers: ingestHeaders, body: JSON.stringify({ events }) });
      if (r.status !== 202) throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
    };
    const waitFor = async (ids: string[], timeoutMs: number) => {
      const deadline = performance.now() + timeoutMs;
      while (ids.some((id) => !arrivals.has(id))) {
        if (performance.now() > deadline) throw new Error(`${ids.filter((id) => !arrivals.has(id)).length} deliveries missing`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    // 2a. Throughput: a backlog of EVENTS ingested in batches of 500, drained by the workers.
    const stats = postgresDataDir === undefined ? undefined : await postgresStats(store);
    await stats?.reset();
    const cpuNow = () => nodes.reduce((sum, n) => sum + processCpuSeconds(n.pid), 0) + (postgresDataDir === undefined ? 0 : clusterCpuSeconds(postgresDataDir));
    const cpuBefore = cpuNow();
    const ids = Array.from({ length: EVENTS }, (_, i) => `${setup}-tp-${i}`);
    const ingestStart = performance.now();
    for (let i = 0; i < ids.length; i += 500) await post(ids.slice(i, i + 500).map(event));
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    await waitFor(ids, 600_000);
    const times = ids.map((id) => arrivals.get(id) as number).sort((a, b) => a - b);
    const drainSeconds = (times[times.length - 1] - times[0]) / 1000;
    const cpuMsPerDelivery = ((cpuNow() - cpuBefore) * 1000) / EVENTS;
    const statementsPerDelivery = stats === undefined ? undefined : (await stats.statements()) / EVENTS;
    const top = Number(process.env.BENCH_PG_TOP ?? 0);
    if (stats !== undefined && top > 0) {
      process.stdout.write(`${label}: the ${top} most-called statements while ingesting and delivering ${EVENTS} events\n`);
      for (const t of await stats.top(top)) process.stdout.write(`  ${String(t.calls).padStart(8)}  ${t.query}\n`);
    }
    await stats?.close();

    // 2b. Latency at a steady 1,000 events/s: a batch of 10 every 10 ms, open loop.
    const sent = new Map<string, number>();
    const latencyIds: string[] = [];
    const ticks = LATENCY_SECONDS * 100;
    const t0 = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let tick = 0; tick < ticks; tick++) {
      const batch = Array.from({ length: LATENCY_RATE / 100 }, (_, j) => `${setup}-lat-${tick}-${j}`);
      const wait = t0 + tick * 10 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (const id of batch) sent.set(id, performance.now());
      latencyIds.push(...batch);
      inFlight.push(post(batch.map(event)));
    }
    await Promise.all(inFlight);
    await waitFor(latencyIds, 60_000);
    const latencies = latencyIds.map((id) => (arrivals.get(id) as number) - (sent.get(id) as number)).sort((a, b) => a - b);
    const peakRssMb = nodes.map((n) => Math.round(n.peakRssBytes() / 1048576));
    // The runtime nodes' CPU is the run's own; PostgreSQL's counts as "other" (its backends are not our children).
    const load = otherLoadSince(start, nodes.reduce((sum, n) => sum + processCpuSeconds(n.pid), 0));
    const exitCodes: Array<number | null> = [];
    for (const n of nodes) exitCodes.push(await n.kill("SIGTERM"));
    nodes.length = 0;
    return {
      label,
      ingestRate: EVENTS / ingestSeconds,
      throughput: EVENTS / Math.max(drainSeconds, 1e-3),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      peakRssMb,
      exitCodes,
      load,
      cpuMsPerDelivery,
      ...(statementsPerDelivery === undefined ? {} : { statementsPerDelivery }),
    };
  } finally {
    for (const n of nodes) await n.kill("SIGKILL");
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/delivery failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
