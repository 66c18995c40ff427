// bench/backlog: a backlog of BENCH_BACKLOG events (default 1,000,000) ingested while the target
// is not answering yet, then drained to a fast loopback HTTPS receiver. Prints the ingest rate,
// the drain rate beside the raw undici keep-alive ceiling to the same receiver (bench/ceiling.ts,
// same run), and the runtime's peak RSS (VmHWM) against the 200 MB target (product.md §8).
//
// The webhook is active from the start, so every delivery exists (pending) before the drain: the
// receiver holds the first requests unanswered until the backlog is in, which keeps the runtime's
// slots busy without failing anything. (An inactive webhook would get no deliveries at all.)
//
// Run: `make bench`, or after `make scripts`: BENCH_BACKLOG=50000 node .scripts-build/bench/backlog.js
// BENCH_STORE=postgres uses a throwaway PostgreSQL cluster. Loopback only; stops by itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { startReceiver } from "../test/support/httpsReceiver";
import { startPostgresCluster, type PostgresCluster } from "../test/support/postgresCluster";
import { startRuntimeProcess, type RuntimeProcess } from "../test/support/runtimeProcess";
import { createTestCa } from "../test/support/testCa";
import { BENCH_TEMPLATE, printTable, statusKb } from "./benchKit";
import { sweepCeiling, sweepRows } from "./ceiling";

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 1_000_000);
const STORE = process.env.BENCH_STORE === "postgres" ? "postgres" : "sqlite";
const BATCH = 1000; // the ingest API's largest batch
const PARALLEL_POSTS = 4;
const CONNECTIONS = 64;
/** product.md §8: 200 MB; issue 18 asks for 150 MB with the shipped defaults. */
const RSS_TARGET_MB = 200;
const RSS_STRETCH_MB = 150;
/** How long the drain may take before the run counts as failed (events lost). */
const DRAIN_LIMIT_MS = 3 * 3600_000;

const ADMIN = "backlog-admin-token-0123456789";
const INGEST = "backlog-ingest-token-0123456789";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const ca = createTestCa();
  const rx = await startReceiver({ tls: ca });
  // One bit per event: a Set of a million ids would weigh more than the runtime being measured.
  const arrived = new Uint8Array(BACKLOG);
  let arrivedCount = 0;
  let lastArrival = 0;
  let open = false;
  let release: () => void = () => undefined;
  const opened = new Promise<void>((r) => (release = r));
  rx.respondWith(async (req) => {
    rx.requests.length = 0; // keep the receiver's memory flat over long runs
    if (req.url === "/bench") return { status: 200 }; // the ceiling's requests
    if (!open) await opened;
    const n = Number(/"id":\s*"bl-(\d+)"/.exec(req.body)?.[1]);
    if (Number.isInteger(n) && n < BACKLOG && arrived[n] === 0) {
      arrived[n] = 1;
      arrivedCount++;
      lastArrival = performance.now();
    }
    return { status: 200 };
  });

  // 1. The ceiling, before the runtime exists, so nothing else competes for the CPU.
  const event = (n: number) => ({ ...mockRequestEvent("RequestCreated"), id: `bl-${n}` });
  const sweep = await sweepCeiling({ address: rx.host, caPem: ca.caPem, body: JSON.stringify(event(0)) });
  const ceiling = sweep.best;

  let cluster: PostgresCluster | undefined;
  if (STORE === "postgres") cluster = await startPostgresCluster();
  const dir = mkdtempSync(join(tmpdir(), "bench-backlog-"));
  let runtime: RuntimeProcess | undefined;
  try {
    runtime = await startRuntimeProcess({
      dir,
      adminToken: ADMIN,
      ingestToken: INGEST,
      config: {
        store: cluster?.url ?? "sqlite",
        network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] },
        tls: { caFile: ca.caFile },
        delivery: { concurrency: CONNECTIONS, perOriginConcurrency: CONNECTIONS },
      },
    });
    const rt = runtime;
    let crashed: string | undefined;
    let stopping = false;
    rt.child.once("exit", (code, signal) => {
      if (!stopping) crashed ??= `the runtime exited (code ${code}, signal ${signal}):\n${rt.output().slice(-4000)}`;
    });
    const reg = await fetch(`${rt.url}/v1/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      // The longest timeout: the held first requests should outlast the ingest when they can.
      body: JSON.stringify({ kind: "request", name: "backlog", url: "https://hooks.test/backlog", triggers: ["RequestCreated"], bodyTemplate: BENCH_TEMPLATE, timeoutSeconds: 60 }),
    });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);

    const queueDepth = async () => Number(/^webhooks_queue_depth (\S+)$/m.exec(await (await fetch(`${rt.url}/metrics`)).text())?.[1]);

    // 2. Ingest: batches of 1000, a few in flight at once.
    const ingestStart = performance.now();
    let next = 0;
    let lastReport = ingestStart;
    await Promise.all(
      Array.from({ length: PARALLEL_POSTS }, async () => {
        while (next < BACKLOG && crashed === undefined) {
          const from = next;
          next = Math.min(BACKLOG, next + BATCH);
          const events = Array.from({ length: next - from }, (_, i) => event(from + i));
          const r = await fetch(`${rt.url}/v1/events/request`, {
            method: "POST",
            headers: { authorization: `Bearer ${INGEST}`, "content-type": "application/json" },
            body: JSON.stringify({ events }),
          });
          if (r.status !== 202) throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
          await r.arrayBuffer();
          if (performance.now() - lastReport > 30_000) {
            lastReport = performance.now();
            process.stdout.write(`  ingest: ${next} events, runtime RSS ${(statusKb(rt.pid, "VmRSS") / 1024).toFixed(0)} MB\n`);
          }
        }
      }),
    );
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    if (crashed !== undefined) throw new Error(crashed);
    const queued = await queueDepth();
    const hwmAfterIngest = statusKb(rt.pid, "VmHWM");

    // 3. Drain: the receiver starts answering.
    const drainStart = performance.now();
    open = true;
    release();
    let peakDrainRss = 0;
    let lastProgress = drainStart;
    // Done when every event arrived and nothing is queued (a held first request may have timed out on
    // the runtime's side and be owed again even though its event already arrived).
    while (crashed === undefined && performance.now() - drainStart < DRAIN_LIMIT_MS) {
      if (arrivedCount === BACKLOG && (await queueDepth()) === 0) break;
      await sleep(250);
      peakDrainRss = Math.max(peakDrainRss, statusKb(rt.pid, "VmRSS"));
      if (performance.now() - lastProgress > 30_000) {
        lastProgress = performance.now();
        process.stdout.write(`  drain: ${arrivedCount} delivered, runtime RSS ${(statusKb(rt.pid, "VmRSS") / 1024).toFixed(0)} MB\n`);
      }
    }
    if (crashed !== undefined) throw new Error(crashed);
    const drainSeconds = (lastArrival - drainStart) / 1000;
    const drainRate = arrivedCount / Math.max(drainSeconds, 1e-3);
    const peakRssMb = statusKb(rt.pid, "VmHWM") / 1024;
    stopping = true;
    const exitCode = await rt.kill("SIGTERM");
    const lost = BACKLOG - arrivedCount;

    const rows: Array<[string, string, string]> = [
      [`raw undici keep-alive ceiling (best of the sweep: ${ceiling.connections} conns × ${ceiling.pipelining}, same receiver)`, `${ceiling.requestsPerSecond.toFixed(0)} req/s`, "baseline"],
      ...sweepRows(sweep),
      [`ingest of ${BACKLOG} events (batches of ${BATCH}, ${PARALLEL_POSTS} in flight)`, `${(BACKLOG / ingestSeconds).toFixed(0)} events/s`, `${ingestSeconds.toFixed(1)} s`],
      [`deliveries queued when the drain started`, String(queued), queued === BACKLOG ? "all of them" : `expected ${BACKLOG}`],
      [`drain (${STORE}, ${CONNECTIONS} concurrent)`, `${drainRate.toFixed(0)} deliveries/s`, `ratio ${(drainRate / ceiling.requestsPerSecond).toFixed(2)} to the ceiling; ${drainSeconds.toFixed(1)} s`],
      [`runtime peak RSS (VmHWM, whole run)`, `${peakRssMb.toFixed(0)} MB`, `target <= ${RSS_TARGET_MB} MB ${peakRssMb <= RSS_TARGET_MB ? "PASS" : "FAIL"}; issue 18's <= ${RSS_STRETCH_MB} MB ${peakRssMb <= RSS_STRETCH_MB ? "met" : "not met"}`],
      [`runtime peak RSS: after the ingest / sampled during the drain`, `${(hwmAfterIngest / 1024).toFixed(0)} / ${(peakDrainRss / 1024).toFixed(0)} MB`, "-"],
      [`events lost`, String(lost), lost === 0 ? "PASS" : "FAIL"],
      [`runtime exit code after SIGTERM`, String(exitCode), exitCode === 0 ? "PASS" : "FAIL"],
    ];
    printTable(rows, `bench/backlog (node ${process.version}, store ${STORE}, ${BACKLOG} events)`);
    if (lost > 0) throw new Error(`${lost} acknowledged events never arrived`);
    if (exitCode !== 0) throw new Error(`the runtime exited ${exitCode} after SIGTERM:\n${rt.output().slice(-4000)}`);
  } finally {
    if (runtime !== undefined && runtime.child.exitCode === null && runtime.child.signalCode === null) await runtime.kill("SIGKILL");
    await rx.close();
    ca.dispose();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/backlog failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
