// bench/soak: a runtime fed at a steady rate for minutes against a flaky loopback receiver
// (every 7th request 503, every 23rd connection reset), sampled every 10 s for RSS and the
// queue, then left to drain. Verdicts: the queue returns to 0 once the feed stops, and RSS at
// the end of the drain is no more than 1.2 × RSS at the first minute of the same run (no growth
// once drained). Every fed event must arrive; a crash or a lost event exits non-zero.
//
// Run: `make bench`, or after `make scripts`: node .scripts-build/bench/soak.js
//   BENCH_SOAK_SECONDS (default 300), BENCH_SOAK_RATE events/s (default 200),
//   BENCH_STORE=postgres (a throwaway PostgreSQL cluster instead of SQLite). Loopback only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { startReceiver } from "../test/support/httpsReceiver";
import { startPostgresCluster, type PostgresCluster } from "../test/support/postgresCluster";
import { startRuntimeProcess, type RuntimeProcess } from "../test/support/runtimeProcess";
import { createTestCa } from "../test/support/testCa";
import { printTable, statusKb } from "./benchKit";

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 200);
const STORE = process.env.BENCH_STORE === "postgres" ? "postgres" : "sqlite";
const SAMPLE_MS = 10_000;
const TICK_MS = 100;
/** After the feed stops, how long the queue may take to empty before the run counts as failed. */
const DRAIN_LIMIT_MS = 600_000;
/** "No growth once drained": RSS after the drain over RSS at the first minute. */
const RSS_RATIO_LIMIT = 1.2;

const ADMIN = "soak-admin-token-0123456789";
const INGEST = "soak-ingest-token-0123456789";

interface Sample {
  t: number;
  phase: "feed" | "drain";
  fed: number;
  received: number;
  rssMb: number;
  queueDepth: number;
  delivered: number;
  retried: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const rssMb = (pid: number): number => statusKb(pid, "VmRSS") / 1024;

/** One sample of a Prometheus text exposition: `name{labels} value`, labels written as in the text. */
function metricValue(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}

async function main(): Promise<void> {
  const ca = createTestCa();
  const rx = await startReceiver({ tls: ca });
  const arrived = new Set<string>();
  let requests = 0;
  rx.respondWith((req) => {
    rx.requests.length = 0; // keep the receiver's memory flat over long runs
    requests++;
    if (requests % 23 === 0) return { reset: "before-headers" };
    if (requests % 7 === 0) return { status: 503 };
    arrived.add((JSON.parse(req.body) as { id: string }).id);
    return { status: 200 };
  });

  let cluster: PostgresCluster | undefined;
  if (STORE === "postgres") cluster = await startPostgresCluster();
  const dir = mkdtempSync(join(tmpdir(), "bench-soak-"));
  let runtime: RuntimeProcess | undefined;
  let crashed: string | undefined;
  try {
    runtime = await startRuntimeProcess({
      dir,
      adminToken: ADMIN,
      ingestToken: INGEST,
      config: {
        store: cluster?.url ?? "sqlite",
        network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] },
        tls: { caFile: ca.caFile },
        // Retries within seconds, so the flaky receiver's failures come back during the soak, not a day later.
        delivery: { backoff: { initialSeconds: 0.5, multiplier: 2, maxSeconds: 5 } },
      },
    });
    const rt = runtime;
    let stopping = false;
    rt.child.once("exit", (code, signal) => {
      if (!stopping) crashed ??= `the runtime exited (code ${code}, signal ${signal}) during the soak:\n${rt.output().slice(-4000)}`;
    });
    const reg = await fetch(`${rt.url}/v1/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({
        kind: "request",
        name: "soak",
        url: "https://hooks.test/soak",
        triggers: ["RequestCreated"],
        bodyTemplate: '{"id": "{{id}}", "type": "{{event_type}}", "requester": "{{data.requester.email}}"}',
      }),
    });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);

    const samples: Sample[] = [];
    let fed = 0;
    let phase: Sample["phase"] = "feed";
    const t0 = Date.now();
    const sample = async () => {
      const text = await (await fetch(`${rt.url}/metrics`)).text();
      samples.push({
        t: Math.round((Date.now() - t0) / 1000),
        phase,
        fed,
        received: arrived.size,
        rssMb: rssMb(rt.pid),
        queueDepth: metricValue(text, "webhooks_queue_depth"),
        delivered: metricValue(text, 'webhooks_deliveries{status="delivered"}'),
        retried: metricValue(text, 'webhooks_deliveries_total{outcome="retrying"}'),
      });
    };
    const sampler = setInterval(() => void sample().catch(() => undefined), SAMPLE_MS);

    // Open loop: a batch every 100 ms whatever the previous one's latency, so the rate stays steady.
    const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
    const ticks = Math.round((SECONDS * 1000) / TICK_MS);
    const posts: Promise<void>[] = [];
    let ingestFailures = 0;
    for (let tick = 0; tick < ticks && crashed === undefined; tick++) {
      const wait = t0 + tick * TICK_MS - Date.now();
      if (wait > 0) await sleep(wait);
      const events = Array.from({ length: perTick }, (_, j) => ({ ...mockRequestEvent("RequestCreated"), id: `soak-${tick}-${j}` }));
      fed += events.length;
      posts.push(
        fetch(`${rt.url}/v1/events/request`, {
          method: "POST",
          headers: { authorization: `Bearer ${INGEST}`, "content-type": "application/json" },
          body: JSON.stringify({ events }),
        }).then(
          async (r) => {
            await r.arrayBuffer();
            if (r.status !== 202) ingestFailures += events.length;
          },
          () => {
            ingestFailures += events.length;
          },
        ),
      );
    }
    await Promise.all(posts);
    const feedEnd = Date.now();
    phase = "drain";

    // Drain: the queue back to 0 and every fed event arrived.
    let drainedAt: number | undefined;
    while (crashed === undefined && Date.now() - feedEnd < DRAIN_LIMIT_MS) {
      const text = await fetch(`${rt.url}/metrics`).then((r) => r.text(), () => "");
      if (metricValue(text, "webhooks_queue_depth") === 0 && arrived.size >= fed - ingestFailures) {
        drainedAt = Date.now();
        break;
      }
      await sleep(250);
    }
    clearInterval(sampler);
    if (crashed === undefined) await sample();
    stopping = true;
    const exitCode = crashed === undefined ? await rt.kill("SIGTERM") : null;
    if (crashed === undefined && exitCode !== 0) crashed = `the runtime exited ${exitCode} after SIGTERM:\n${rt.output().slice(-4000)}`;

    // Verdicts.
    const feedSamples = samples.filter((s) => s.phase === "feed");
    const firstMinute = [...feedSamples].reverse().find((s) => s.t <= 60) ?? feedSamples[0];
    const end = samples[samples.length - 1];
    const ratio = firstMinute !== undefined && end !== undefined ? end.rssMb / firstMinute.rssMb : NaN;
    const lost = fed - ingestFailures - arrived.size;

    process.stdout.write(`\nbench/soak (node ${process.version}, store ${STORE}, ${RATE} events/s for ${SECONDS} s, receiver: every 7th 503, every 23rd reset)\n`);
    const header = ["t(s)", "phase", "fed", "arrived", "RSS MB", "queue", "delivered", "retries"];
    const rows = samples.map((s) => [String(s.t), s.phase, String(s.fed), String(s.received), s.rssMb.toFixed(1), String(s.queueDepth), String(s.delivered), String(s.retried)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) process.stdout.write(`  ${r.map((c, i) => c.padStart(widths[i])).join("  ")}\n`);
    const verdicts: Array<[string, string, string]> = [
      ["events fed / refused by ingest", `${fed} / ${ingestFailures}`, ingestFailures === 0 ? "-" : "refused events are not owed"],
      ["events lost (acknowledged, never arrived)", String(lost), lost === 0 ? "PASS" : "FAIL"],
      [
        "queue depth after the feed stopped",
        drainedAt === undefined ? "not 0" : `0 after ${((drainedAt - feedEnd) / 1000).toFixed(1)} s`,
        drainedAt === undefined ? "FAIL" : "PASS",
      ],
      ["RSS at the first minute (baseline)", firstMinute === undefined ? "-" : `${firstMinute.rssMb.toFixed(1)} MB (t=${firstMinute.t} s)`, "baseline"],
      [
        "RSS at the end of the drain",
        end === undefined ? "-" : `${end.rssMb.toFixed(1)} MB`,
        `ratio ${ratio.toFixed(2)} (no growth once drained: <= ${RSS_RATIO_LIMIT}) ${ratio <= RSS_RATIO_LIMIT ? "PASS" : "FAIL"}`,
      ],
      ["runtime exit code after SIGTERM", String(exitCode), exitCode === 0 ? "PASS" : "FAIL"],
    ];
    printTable(verdicts);
    if (crashed !== undefined) throw new Error(crashed);
    if (lost > 0) throw new Error(`${lost} acknowledged events never arrived`);
  } finally {
    if (runtime !== undefined && runtime.child.exitCode === null && runtime.child.signalCode === null) await runtime.kill("SIGKILL");
    await rx.close();
    ca.dispose();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/soak failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
