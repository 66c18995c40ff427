// bench/delivery: events through ingest → store → workers → a loopback HTTPS receiver,
// beside the raw undici keep-alive ceiling to the SAME receiver measured in the same run,
// for three setups: SQLite (synchronous=FULL), PostgreSQL with 1 node, PostgreSQL with 3
// nodes (three runtime processes on one database; a throwaway PostgreSQL 15 cluster on
// loopback, fsync on).
// Targets (issue 18): deliveries/s ≥ 0.5 of the ceiling on SQLite and ≥ 0.35 on PostgreSQL, both
// while ingesting and draining; ingest→delivered p99 ≤ 20 ms at 1,000 and ≤ 50 ms at 5,000 events/s.
// Run: `make bench` (or BENCH_EVENTS=50000 BENCH_SETUPS=sqlite,pg1 make bench). Loopback only; stops by itself.
import { randomBytes } from "node:crypto";
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
const LATENCY_RATES = [1000, 5000]; // events/s
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
    const sqlite = r.statementsPerDelivery === undefined;
    const ratio = (rate: number) => `ratio ${(rate / ceiling).toFixed(2)} (target >= ${sqlite ? "0.50" : "0.35"})`;
    rows.push(
      [`${r.label}: ingest of ${EVENTS} events (batches of 500, durable commit)`, `${r.ingestRate.toFixed(0)} events/s`, "-"],
      [`${r.label}: sustained deliveries, whole run`, `${r.throughput.toFixed(0)} deliveries/s`, ratio(r.throughput)],
      [`${r.label}: deliveries while ingesting`, `${r.whileIngesting.toFixed(0)} deliveries/s`, ratio(r.whileIngesting)],
      [`${r.label}: deliveries draining the rest`, `${r.draining.toFixed(0)} deliveries/s`, ratio(r.draining)],
      [
        `${r.label}: CPU per delivery (runtime${sqlite ? "" : ` ${r.cpuSplitMs.runtime.toFixed(3)} + PostgreSQL ${r.cpuSplitMs.database.toFixed(3)}`}, ingest to delivered)`,
        `${r.cpuMsPerDelivery.toFixed(3)} ms`,
        `target <= ${sqlite ? "0.10" : "0.20"} ms`,
      ],
      ...(r.statementsPerDelivery === undefined
        ? []
        : [[`${r.label}: statements per delivery (pg_stat_statements)`, r.statementsPerDelivery.toFixed(2), "target <= 0.20"] as [string, string, string]]),
      ...r.latency.flatMap((l): Array<[string, string, string]> => [
        [`${r.label}: ingest→delivered p50 @ ${l.rate} events/s`, `${l.p50.toFixed(1)} ms`, "-"],
        [`${r.label}: ingest→delivered p99 @ ${l.rate} events/s`, `${l.p99.toFixed(1)} ms`, `target <= ${l.rate <= 1000 ? 20 : 50} ms${l.busy > 0 ? ` (${l.busy} requests refused busy, sent again)` : ""}`],
      ]),
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
  /** Deliveries/s from the first arrival to the end of ingest, and from then to the last. */
  whileIngesting: number;
  draining: number;
  /** `busy`: ingest requests refused with 503 (and sent again) at that rate. */
  latency: Array<{ rate: number; p50: number; p99: number; busy: number }>;
  peakRssMb: number[];
  exitCodes: Array<number | null>;
  load: OtherLoad;
  /** Process CPU of the runtime nodes (and the PostgreSQL server) over the throughput phase, per delivery. */
  cpuMsPerDelivery: number;
  /** The same, apart: the runtime nodes and the PostgreSQL server (0 on SQLite, which runs inside the runtime). */
  cpuSplitMs: { runtime: number; database: number };
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
    // One keyring for every node of a database (docs/scale-out.md): a node with a key of its own refuses to start.
    encryption: { keys: randomBytes(32).toString("base64") },
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
    // A 503 (ingest.maxBytesInFlight reached) is sent again after its Retry-After, as a client should; the
    // latency still counts from the first send, and the table says how many were refused.
    let busy = 0;
    const post = async (events: unknown[]) => {
      const body = JSON.stringify({ events });
      for (;;) {
        const node = nodes[turn++ % nodes.length];
        const r = await fetch(`${node.url}/v1/events/request`, { method: "POST", headers: ingestHeaders, body });
        if (r.status === 202) return;
        if (r.status !== 503) throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
        busy += 1;
        await r.arrayBuffer();
        await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get("retry-after") ?? 1)));
      }
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
    const runtimeCpu = () => nodes.reduce((sum, n) => sum + processCpuSeconds(n.pid), 0);
    const databaseCpu = () => (postgresDataDir === undefined ? 0 : clusterCpuSeconds(postgresDataDir));
    const runtimeBefore = runtimeCpu();
    const databaseBefore = databaseCpu();
    const ids = Array.from({ length: EVENTS }, (_, i) => `${setup}-tp-${i}`);
    const ingestStart = performance.now();
    for (let i = 0; i < ids.length; i += 500) await post(ids.slice(i, i + 500).map(event));
    const ingestEnd = performance.now();
    const ingestSeconds = (ingestEnd - ingestStart) / 1000;
    await waitFor(ids, 600_000);
    const times = ids.map((id) => arrivals.get(id) as number).sort((a, b) => a - b);
    const drainSeconds = (times[times.length - 1] - times[0]) / 1000;
    const during = times.filter((t) => t <= ingestEnd).length;
    const whileIngesting = during === 0 ? 0 : during / Math.max((ingestEnd - times[0]) / 1000, 1e-3);
    const draining = during === EVENTS ? 0 : (EVENTS - during) / Math.max((times[times.length - 1] - Math.max(ingestEnd, times[0])) / 1000, 1e-3);
    const runtimeMs = ((runtimeCpu() - runtimeBefore) * 1000) / EVENTS;
    const databaseMs = ((databaseCpu() - databaseBefore) * 1000) / EVENTS;
    const cpuMsPerDelivery = runtimeMs + databaseMs;
    const statementsPerDelivery = stats === undefined ? undefined : (await stats.statements()) / EVENTS;
    const top = Number(process.env.BENCH_PG_TOP ?? 0);
    if (stats !== undefined && top > 0) {
      process.stdout.write(`${label}: the ${top} most-called statements while ingesting and delivering ${EVENTS} events\n`);
      for (const t of await stats.top(top)) process.stdout.write(`  ${String(t.calls).padStart(8)}  ${t.query}\n`);
    }
    await stats?.close();

    // 2b. Latency at steady rates: a batch every 10 ms (10 events at 1,000/s, 50 at 5,000/s), open loop.
    const latency: SetupResult["latency"] = [];
    for (const rate of LATENCY_RATES) {
      busy = 0; // this rate's refusals only (not the throughput phase's, nor the previous rate's)
      const sent = new Map<string, number>();
      const latencyIds: string[] = [];
      const ticks = LATENCY_SECONDS * 100;
      const t0 = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let tick = 0; tick < ticks; tick++) {
        const batch = Array.from({ length: rate / 100 }, (_, j) => `${setup}-lat${rate}-${tick}-${j}`);
        const wait = t0 + tick * 10 - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        for (const id of batch) sent.set(id, performance.now());
        latencyIds.push(...batch);
        inFlight.push(post(batch.map(event)));
      }
      await Promise.all(inFlight);
      await waitFor(latencyIds, 120_000);
      const latencies = latencyIds.map((id) => (arrivals.get(id) as number) - (sent.get(id) as number)).sort((a, b) => a - b);
      latency.push({ rate, p50: percentile(latencies, 50), p99: percentile(latencies, 99), busy });
    }
    const peakRssMb = nodes.map((n) => Math.round(n.peakRssBytes() / 1048576));
    // The runtime nodes' CPU is the run's own; PostgreSQL's counts as "other" (its backends are not our children).
    const load = otherLoadSince(start, runtimeCpu());
    const exitCodes: Array<number | null> = [];
    for (const n of nodes) exitCodes.push(await n.kill("SIGTERM"));
    nodes.length = 0;
    return {
      label,
      ingestRate: EVENTS / ingestSeconds,
      throughput: EVENTS / Math.max(drainSeconds, 1e-3),
      whileIngesting,
      draining,
      latency,
      peakRssMb,
      exitCodes,
      load,
      cpuMsPerDelivery,
      cpuSplitMs: { runtime: runtimeMs, database: databaseMs },
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
