// bench/connections: a legitimate client under a half-open connection flood (issue 13 item 1).
// One runtime process under a small open-file limit; p99 of GET /healthz and of an authenticated
// ingest (a new connection per request, as a load balancer probe or a producer without keep-alive
// makes them), first alone, then with BENCH_HALF_OPEN connections held open (re-opened when the
// runtime closes them), in the same run. Exits non-zero if the runtime died or over 1 % of requests failed.
// Run: `make bench` (or BENCH_NOFILE=1024 BENCH_HALF_OPEN=4000 node .scripts-build/bench/connections.js).
// Loopback only; bounded in requests and time; stops by itself.
import { request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { startRuntimeProcess, type RuntimeProcess } from "../test/support/runtimeProcess";
import { printTable } from "./benchKit";

const NOFILE = Number(process.env.BENCH_NOFILE ?? 1024);
const HALF_OPEN = Number(process.env.BENCH_HALF_OPEN ?? 4 * NOFILE);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const REQUEST_TIMEOUT_MS = 5000;
const ADMIN_TOKEN = "bench-admin-token-0123456789";
const INGEST_TOKEN = "bench-ingest-token-0123456789";

interface Sample {
  p50: number;
  p99: number;
  failed: number;
}

/** One request on a new connection; resolves with its status (0: failed or timed out). */
function once(port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = body === undefined ? {} : { Authorization: `Bearer ${INGEST_TOKEN}`, "Content-Type": "application/json" };
    const req = request({ host: "127.0.0.1", port, method, path, agent: false, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

async function measure(port: number, method: string, path: string, ok: number, body?: () => string): Promise<Sample> {
  const ms: number[] = [];
  let failed = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const status = await once(port, method, path, body?.());
    if (status === ok) ms.push(performance.now() - t);
    else failed += 1;
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => (ms.length === 0 ? NaN : ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]);
  return { p50: at(0.5), p99: at(0.99), failed };
}

/** Keeps `count` connections open that never finish a request; one closed by the runtime is opened again. */
function flood(port: number, count: number): { stop(): void; closedByRuntime(): number } {
  const open = new Set<Socket>();
  let stopped = false;
  let closed = 0;
  const add = () => {
    if (stopped) return;
    const s = connect(port, "127.0.0.1");
    open.add(s);
    s.on("connect", () => s.write("POST /v1/events/request HTTP/1.1\r\nHost: x\r\n"));
    s.on("error", () => undefined);
    s.on("close", () => {
      open.delete(s);
      closed += 1;
      // A hostile client re-opens a second later; sooner would make this a connect-rate flood instead.
      if (!stopped) setTimeout(add, 1000).unref();
    });
  };
  for (let i = 0; i < count; i++) add();
  return {
    stop() {
      stopped = true;
      for (const s of open) s.destroy();
    },
    closedByRuntime: () => closed,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-connections-"));
  let runtime: RuntimeProcess | undefined;
  let broken = false;
  try {
    runtime = await startRuntimeProcess({ dir, config: {}, adminToken: ADMIN_TOKEN, ingestToken: INGEST_TOKEN, openFileLimit: NOFILE });
    const port = runtime.port;
    let n = 0;
    const event = () => JSON.stringify({ ...mockRequestEvent("RequestCreated"), id: `bench-${n++}` });

    const baseHealth = await measure(port, "GET", "/healthz", 200);
    const baseIngest = await measure(port, "POST", "/v1/events/request", 202, event);

    const attack = flood(port, HALF_OPEN);
    await new Promise((r) => setTimeout(r, 1000)); // let the flood reach the budget
    const underHealth = await measure(port, "GET", "/healthz", 200);
    const underIngest = await measure(port, "POST", "/v1/events/request", 202, event);
    attack.stop();
    const alive = runtime.child.exitCode === null && runtime.child.signalCode === null;

    const ms = (v: number) => (Number.isNaN(v) ? "—" : `${v.toFixed(1)} ms`);
    const ratio = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? "—" : `${(b / a).toFixed(2)}×`);
    const failedAll = [baseHealth, baseIngest, underHealth, underIngest].reduce((s, x) => s + x.failed, 0);
    printTable(
      [
        ["what", "value", "note"],
        ["/healthz p99 alone", ms(baseHealth.p99), `p50 ${ms(baseHealth.p50)}`],
        ["/healthz p99 under flood", ms(underHealth.p99), `${ratio(baseHealth.p99, underHealth.p99)} of alone; p50 ${ms(underHealth.p50)}`],
        ["ingest p99 alone", ms(baseIngest.p99), `p50 ${ms(baseIngest.p50)}`],
        ["ingest p99 under flood", ms(underIngest.p99), `${ratio(baseIngest.p99, underIngest.p99)} of alone; p50 ${ms(underIngest.p50)}`],
        ["requests failed", `${failedAll}`, `of ${4 * REQUESTS} (timeout ${REQUEST_TIMEOUT_MS} ms)`],
        ["flood sockets closed by the runtime", `${attack.closedByRuntime()}`, "shed by the connection budget or closed after 10 s without a request"],
        ["runtime alive after the flood", alive ? "yes" : "NO", runtime.output().includes("Unhandled 'error'") ? "unhandled error in its output" : ""],
      ],
      `bench/connections: open-file limit ${NOFILE}, ${HALF_OPEN} half-open connections held, ${REQUESTS} requests per row, a new connection each`,
    );
    // A stray failure under attack is reported; more than 1 % means the budget did not hold.
    broken = !alive || failedAll > 0.01 * 4 * REQUESTS;
  } finally {
    await runtime?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
  if (broken) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
