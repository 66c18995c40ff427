// bench/ingestMemory: what concurrent big ingest bodies cost a runtime started with the shipped
// defaults (issue 13 item 3). BENCH_BIG_CONCURRENCY (default 64) clients each POST one valid 3.5 MB
// request event with 300,000 keys at once, while 4 clients keep posting small events. Prints the
// runtime's peak RSS (VmHWM), how the big requests were answered (202, or 503 + Retry-After from
// the bytes-in-flight budget), whether the process survived, and the small-ingest p99 under that
// load beside the small-ingest p99 with no load, measured first in the same run (the baseline).
//
// Run: `make bench`, or after `make scripts`: node .scripts-build/bench/ingestMemory.js
// Loopback only; bounded in requests and time (BENCH_LIMIT_MS, default 120 s); stops by itself.
// Exits non-zero only when something broke: the runtime died, or a request got an answer other
// than 202 / 503 with Retry-After.
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { startRuntimeProcess } from "../test/support/runtimeProcess";
import { printTable, statusKb } from "./benchKit";

const BIG_CONCURRENCY = Number(process.env.BENCH_BIG_CONCURRENCY ?? 64);
const BIG_KEYS = 300_000;
const SMALL_CLIENTS = 4;
const BASELINE_SMALL = 400;
const LIMIT_MS = Number(process.env.BENCH_LIMIT_MS ?? 120_000);
// The runtime's heap cap (memory.maxHeapMb); unset: the shipped default.
const MAX_HEAP_MB = process.env.BENCH_MAX_HEAP_MB === undefined ? undefined : Number(process.env.BENCH_MAX_HEAP_MB);

const ADMIN = "ingest-memory-admin-token-0123456789";
const INGEST = "ingest-memory-ingest-token-0123456789";

interface Answer {
  status: number;
  retryAfter: string | undefined;
  ms: number;
  error?: string;
}

/** One POST with the whole body written (Content-Length set), over its own connection. */
function post(url: string, body: Buffer): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      `${url}/v1/events/request`,
      {
        method: "POST",
        agent: false,
        headers: { "Content-Type": "application/json", "Content-Length": body.length, Authorization: `Bearer ${INGEST}` },
        timeout: LIMIT_MS,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"], ms: performance.now() - started }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (e) => resolve({ status: 0, retryAfter: undefined, ms: performance.now() - started, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(body);
  });
}

/** A valid request event of about 3.5 MB: 300,000 small keys under data.attributes. */
function bigEvent(i: number): Buffer {
  const event = mockRequestEvent("RequestCreated") as unknown as { id?: string; data: Record<string, unknown> };
  const attributes: Record<string, number> = {};
  for (let k = 0; k < BIG_KEYS; k++) attributes[`k${k}`] = k % 10;
  return Buffer.from(JSON.stringify({ ...event, id: `big-${i}`, data: { ...event.data, attributes } }));
}

const smallBody = (i: number) => Buffer.from(JSON.stringify({ ...mockRequestEvent("RequestCreated"), id: `small-${i}` }));

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-ingest-memory-"));
  const rt = await startRuntimeProcess({ dir, config: MAX_HEAP_MB === undefined ? {} : { memory: { maxHeapMb: MAX_HEAP_MB } }, adminToken: ADMIN, ingestToken: INGEST });
  const deadline = Date.now() + LIMIT_MS;
  let broken = "";
  try {
    const idleKb = statusKb(rt.pid, "VmRSS");
    // Sampled, so a runtime killed by the load still has its peak reported.
    let peakKb = 0;
    const sampler = setInterval(() => {
      try {
        peakKb = Math.max(peakKb, statusKb(rt.pid, "VmHWM"));
      } catch {
        // gone
      }
    }, 50);
    let n = 0;
    const baseline: number[] = [];
    for (let i = 0; i < BASELINE_SMALL && Date.now() < deadline; i++) baseline.push((await post(rt.url, smallBody(n++))).ms);

    const bodies = Array.from({ length: BIG_CONCURRENCY }, (_, i) => bigEvent(i));
    let bigDone = false;
    const under: Answer[] = [];
    const smallLoop = async () => {
      while (!bigDone && Date.now() < deadline && rt.child.exitCode === null) under.push(await post(rt.url, smallBody(n++)));
    };
    const started = performance.now();
    const smalls = Array.from({ length: SMALL_CLIENTS }, smallLoop);
    const bigs = await Promise.all(bodies.map((b) => post(rt.url, b)));
    const bigMs = performance.now() - started;
    bigDone = true;
    await Promise.all(smalls);

    clearInterval(sampler);
    const alive = rt.child.exitCode === null && rt.child.signalCode === null;
    if (alive) peakKb = Math.max(peakKb, statusKb(rt.pid, "VmHWM"));
    const peakMb = peakKb / 1024;
    const count = (s: number) => bigs.filter((a) => a.status === s).length;
    const refusedRight = bigs.filter((a) => a.status === 503 && a.retryAfter !== undefined).length;
    const odd = [...bigs, ...under].filter((a) => a.status !== 202 && !(a.status === 503 && a.retryAfter !== undefined));
    if (!alive) broken = `the runtime died:\n${rt.output().slice(-2000)}`;
    else if (odd.length > 0) broken = `${odd.length} answers were neither 202 nor 503 with Retry-After, e.g. ${JSON.stringify(odd[0])}`;

    const smallOk = under.filter((a) => a.status === 202).map((a) => a.ms);
    const baseP99 = p(baseline, 0.99);
    const loadP99 = p(smallOk, 0.99);
    printTable(
      [
        ["runtime RSS idle", `${(idleKb / 1024).toFixed(0)} MB`, ""],
        ["runtime peak RSS (VmHWM)", `${peakMb.toFixed(0)} MB`, alive ? "survived" : "DIED"],
        [`big requests: 202 / 503+Retry-After / other`, `${count(202)} / ${refusedRight} / ${bigs.length - count(202) - refusedRight}`, `all answered in ${(bigMs / 1000).toFixed(1)} s`],
        ["big ingest p99 (202s)", `${p(bigs.filter((a) => a.status === 202).map((a) => a.ms), 0.99).toFixed(0)} ms`, ""],
        ["small ingest p99, no load (baseline)", `${baseP99.toFixed(1)} ms`, `${baseline.length} requests`],
        ["small ingest p99, under the big requests", `${loadP99.toFixed(1)} ms`, `${smallOk.length} requests, ${(loadP99 / baseP99).toFixed(1)}× baseline`],
      ],
      `ingest memory: ${BIG_CONCURRENCY} concurrent ${(bodies[0].length / 1e6).toFixed(1)} MB events (${BIG_KEYS.toLocaleString("en")} keys) + ${SMALL_CLIENTS} small-ingest clients, shipped defaults`,
    );
  } finally {
    if (rt.child.exitCode === null && rt.child.signalCode === null) await rt.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
  if (broken !== "") {
    process.stderr.write(`ingestMemory: ${broken}\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`ingestMemory failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
