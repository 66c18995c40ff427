// bench/profileDelivery: where the runtime's CPU goes while it ingests and delivers a backlog.
// One runtime (SQLite by default, BENCH_STORE=postgres for a throwaway PostgreSQL) runs with
// V8's sampling profiler (--cpu-prof, in the main thread: WEBHOOKS_MAX_HEAP_MB=0); the profile's
// self time is summed per phase of the delivery path (which of our modules, or which library,
// the sampled function lives in) and printed as a table with CPU per delivery.
// Run: `make profile` (BENCH_EVENTS=20000 by default). Loopback only; stops by itself.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { startReceiver } from "../test/support/httpsReceiver";
import { startRuntimeProcess } from "../test/support/runtimeProcess";
import { createTestCa } from "../test/support/testCa";
import { startPostgresCluster, type PostgresCluster } from "../test/support/postgresCluster";
import { BENCH_TEMPLATE, printTable } from "./benchKit";
import { describeLoad, markLoad, otherLoadSince, processCpuSeconds, processSleeps } from "./machineLoad";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const STORE = process.env.BENCH_STORE ?? "sqlite";
const ADMIN = "profile-admin-token-0123456789";
const INGEST = "profile-ingest-token-0123456789";

/** A phase of the path, by the file the sampled function is in; the first match wins. */
const PHASES: Array<[string, RegExp]> = [
  ["templating (render)", /provider\/templating\//],
  ["delivery (headers, signature, record)", /provider\/delivery\//],
  ["http client (ours: pool, deadline, address rules)", /provider\/http\//],
  ["worker (claim loop, slots, leases)", /provider\/runtime\/(worker|leaseKeeper)\./],
  ["store: SQLite", /provider\/runtime\/store\/sqlite|better-sqlite3/],
  ["store: PostgreSQL (ours + pg)", /provider\/runtime\/store\/postgres|node_modules\/pg(-[a-z]+)?\//],
  ["store: group commit, rows", /provider\/runtime\/store\//],
  ["ingest + API (parse, match)", /provider\/runtime\/(api|engine|ingestBody)|provider\/(model|matching)\//],
  ["response validators", /provider\/response\/|jsonpath-plus/],
  ["undici", /node_modules\/undici\//],
  ["node: TLS, sockets, streams", /^node:(_tls|tls|net|_http|http|stream|internal\/(tls|net|stream|streams|http))/],
  ["node: other", /^node:/],
  ["handlebars", /node_modules\/handlebars\//],
  ["other JavaScript", /./],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function phaseOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(idle)" || functionName === "(program)") return functionName;
    return "native (V8 builtins, JSON, crypto)";
  }
  const path = url.replace(/^file:\/\//, "");
  return PHASES.find(([, re]) => re.test(path))?.[0] ?? "other JavaScript";
}

/** Self time per phase, and per function (name file:line), in ms, summed over every profile file in `dir`. */
function selfTimeByPhase(dir: string): { phases: Map<string, number>; functions: Map<string, number> } {
  const out = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = byId.get(id)!;
      const phase = phaseOf(node);
      out.set(phase, (out.get(phase) ?? 0) + profile.timeDeltas[i] / 1000);
      const where = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*\/(node_modules|provider)\//, "$1/")}:${node.callFrame.lineNumber + 1}`;
      functions.set(where, (functions.get(where) ?? 0) + profile.timeDeltas[i] / 1000);
    });
  }
  return { phases: out, functions };
}

async function main(): Promise<void> {
  const ca = createTestCa();
  const rx = await startReceiver({ tls: ca });
  let arrived = 0;
  rx.respondWith(() => {
    arrived++;
    rx.requests.length = 0;
    return { status: 200 };
  });
  const root = mkdtempSync(join(tmpdir(), "bench-profile-"));
  const profiles = join(root, "profiles");
  mkdirSync(profiles);
  let cluster: PostgresCluster | undefined;
  const savedEnv = { ...process.env };
  try {
    if (STORE === "postgres") cluster = await startPostgresCluster();
    // The runtime inherits the environment: run it in its main thread, where --cpu-prof samples.
    process.env.WEBHOOKS_MAX_HEAP_MB = "0";
    const rt = await startRuntimeProcess({
      dir: root,
      adminToken: ADMIN,
      ingestToken: INGEST,
      nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profiles}`],
      config: {
        ...(cluster === undefined ? {} : { store: cluster.url }),
        network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] },
        tls: { caFile: ca.caFile },
        delivery: { concurrency: 64, perOriginConcurrency: 64 },
      },
    });
    process.env = savedEnv;
    const reg = await fetch(`${rt.url}/v1/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "request", name: "profile", url: "https://hooks.test/p", triggers: ["RequestCreated"], bodyTemplate: BENCH_TEMPLATE, testBeforeApply: false }),
    });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
    const cpuBefore = processCpuSeconds(rt.pid);
    const sleepsBefore = processSleeps(rt.pid);
    const load = markLoad();
    const t0 = performance.now();
    for (let i = 0; i < EVENTS; i += 500) {
      const events = Array.from({ length: Math.min(500, EVENTS - i) }, (_, j) => ({ ...mockRequestEvent("RequestCreated"), id: `p-${i + j}` }));
      const r = await fetch(`${rt.url}/v1/events/request`, {
        method: "POST",
        headers: { authorization: `Bearer ${INGEST}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      if (r.status !== 202) throw new Error(`ingest failed: ${r.status}`);
    }
    while (arrived < EVENTS) {
      if (performance.now() - t0 > 600_000) throw new Error(`${EVENTS - arrived} deliveries missing`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = processCpuSeconds(rt.pid) - cpuBefore;
    const sleeps = processSleeps(rt.pid) - sleepsBefore;
    const other = otherLoadSince(load, cpu);
    if ((await rt.kill("SIGTERM")) !== 0) throw new Error("the runtime did not stop cleanly");
    // The profile covers the whole process life (start-up too); phases are shown as shares of its sampled time.
    const { phases, functions } = selfTimeByPhase(profiles);
    const busy = [...phases].filter(([p]) => p !== "(idle)").reduce((s, [, ms]) => s + ms, 0);
    const rows: Array<[string, string, string]> = [...phases]
      .filter(([p]) => p !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .map(([phase, ms]) => [phase, `${((ms / busy) * 100).toFixed(1)} %`, `${((ms / EVENTS) * 1000).toFixed(1)} µs per delivery`]);
    rows.push(
      ["process CPU per delivery (ingest to delivered, /proc)", `${((cpu * 1000) / EVENTS).toFixed(3)} ms`, `${(EVENTS / seconds).toFixed(0)} deliveries/s`],
      ["runtime sleeps per delivery (voluntary context switches, all threads)", (sleeps / EVENTS).toFixed(2), "each wake-up costs CPU"],
      ["machine during the run", describeLoad(other), "0 other cores = a quiet run"],
    );
    const top = Number(process.env.BENCH_PROFILE_TOP ?? 0);
    if (top > 0) {
      const fnRows = [...functions]
        .filter(([f]) => !f.startsWith("(idle)"))
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([f, ms]): [string, string, string] => [f.slice(0, 110), `${((ms / busy) * 100).toFixed(1)} %`, `${((ms / EVENTS) * 1000).toFixed(1)} µs per delivery`]);
      printTable(fnRows, `the ${top} functions with the most self time`);
    }
    printTable(rows, `bench/profileDelivery (${STORE}, node ${process.version}, ${EVENTS} events; self time by phase, the profiler's own cost included)`);
  } finally {
    process.env = savedEnv;
    await cluster?.stop();
    await rx.close();
    ca.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/profileDelivery failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
