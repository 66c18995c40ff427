"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
// bench/delivery: events through ingest → store (SQLite, synchronous=FULL) → workers →
// a loopback HTTPS receiver, beside the raw undici keep-alive ceiling to the SAME
// receiver measured in the same run. Targets (product.md §8): deliveries/s ≥ 50 % of the
// ceiling; ingest→delivered p99 ≤ 50 ms at 1,000 events/s.
// Run: `make bench` (or BENCH_EVENTS=50000 make bench). Loopback only; stops by itself.
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const node_perf_hooks_1 = require("node:perf_hooks");
// The bench measures undici itself for the baseline; product code uses it only in provider/http.
const undici_1 = require("undici");
const mockEvents_1 = require("../provider/model/mockEvents");
const httpsReceiver_1 = require("../test/support/httpsReceiver");
const testCa_1 = require("../test/support/testCa");
const runtimeProcess_1 = require("../test/support/runtimeProcess");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 5);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const LATENCY_RATE = 1000; // events/s
const CONNECTIONS = 50;
const TEMPLATE = JSON.stringify({
    id: "{{id}}",
    type: "{{event_type}}",
    request: "{{data.friendly_id}}",
    requester: { name: "{{data.requester.name}}", email: "{{data.requester.email}}" },
    justification: "{{data.justification}}",
    flow: "{{data.access_flow.name}}",
    integration: "{{data.access_groups.[0].integration.name}}",
    groups: "{{data.access_groups}}",
});
function percentile(sorted, p) {
    if (sorted.length === 0)
        return NaN;
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
async function main() {
    const ca = (0, testCa_1.createTestCa)();
    const rx = await (0, httpsReceiver_1.startReceiver)({ tls: ca });
    const arrivals = new Map();
    rx.respondWith((req) => {
        const id = JSON.parse(req.body).id;
        if (id !== undefined && !arrivals.has(id))
            arrivals.set(id, node_perf_hooks_1.performance.now());
        rx.requests.length = 0; // keep the receiver's memory flat over long runs
        return { status: 200 };
    });
    // 1. The ceiling: a raw undici keep-alive pool, closed loop, same receiver, same-size body.
    const sample = JSON.stringify({ ...(0, mockEvents_1.mockRequestEvent)("RequestCreated"), id: "ceiling" });
    const pool = new undici_1.Pool(`https://hooks.test`, {
        connections: CONNECTIONS,
        connect: { ca: ca.caPem, servername: "hooks.test", lookup: (_h, _o, cb) => cb(null, [{ address: rx.host, family: 4 }]) },
    });
    let ceilingCount = 0;
    const ceilingEnd = node_perf_hooks_1.performance.now() + CEILING_SECONDS * 1000;
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
        while (node_perf_hooks_1.performance.now() < ceilingEnd) {
            const r = await pool.request({ path: "/bench", method: "POST", body: sample, headers: { "content-type": "application/json" } });
            await r.body.dump();
            ceilingCount++;
        }
    }));
    await pool.close();
    const ceiling = ceilingCount / CEILING_SECONDS;
    // 2. The runtime, as an operator runs it.
    const dir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), "bench-delivery-"));
    const adminToken = "bench-admin-token-0123456789";
    const ingestToken = "bench-ingest-token-0123456789";
    const runtime = await (0, runtimeProcess_1.startRuntimeProcess)({
        dir,
        adminToken,
        ingestToken,
        config: {
            network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] },
            tls: { caFile: ca.caFile },
            delivery: { concurrency: 64, perOriginConcurrency: 64 },
        },
    });
    const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
    const ingestHeaders = { authorization: `Bearer ${ingestToken}`, "content-type": "application/json" };
    const reg = await fetch(`${runtime.url}/v1/webhooks`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ kind: "request", name: "bench", url: "https://hooks.test/bench", triggers: ["RequestCreated"], bodyTemplate: TEMPLATE, testBeforeApply: false }),
    });
    if (reg.status !== 201 && reg.status !== 200)
        throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
    const event = (id) => ({ ...(0, mockEvents_1.mockRequestEvent)("RequestCreated"), id });
    const post = async (events) => {
        const r = await fetch(`${runtime.url}/v1/events/request`, { method: "POST", headers: ingestHeaders, body: JSON.stringify({ events }) });
        if (r.status !== 202)
            throw new Error(`ingest failed: ${r.status} ${await r.text()}`);
    };
    const waitFor = async (ids, timeoutMs) => {
        const deadline = node_perf_hooks_1.performance.now() + timeoutMs;
        while (ids.some((id) => !arrivals.has(id))) {
            if (node_perf_hooks_1.performance.now() > deadline)
                throw new Error(`${ids.filter((id) => !arrivals.has(id)).length} deliveries missing`);
            await new Promise((r) => setTimeout(r, 20));
        }
    };
    // 2a. Throughput: a backlog of EVENTS ingested in batches of 500, drained by the workers.
    const ids = Array.from({ length: EVENTS }, (_, i) => `tp-${i}`);
    const ingestStart = node_perf_hooks_1.performance.now();
    for (let i = 0; i < ids.length; i += 500)
        await post(ids.slice(i, i + 500).map(event));
    const ingestSeconds = (node_perf_hooks_1.performance.now() - ingestStart) / 1000;
    await waitFor(ids, 600_000);
    const times = ids.map((id) => arrivals.get(id)).sort((a, b) => a - b);
    const drainSeconds = (times[times.length - 1] - times[0]) / 1000;
    const throughput = EVENTS / Math.max(drainSeconds, 1e-3);
    // 2b. Latency at a steady 1,000 events/s: a batch of 10 every 10 ms, open loop.
    const sent = new Map();
    const latencyIds = [];
    const ticks = LATENCY_SECONDS * 100;
    const t0 = node_perf_hooks_1.performance.now();
    const inFlight = [];
    for (let tick = 0; tick < ticks; tick++) {
        const batch = Array.from({ length: LATENCY_RATE / 100 }, (_, j) => `lat-${tick}-${j}`);
        const at = t0 + tick * 10;
        const wait = at - node_perf_hooks_1.performance.now();
        if (wait > 0)
            await new Promise((r) => setTimeout(r, wait));
        for (const id of batch)
            sent.set(id, node_perf_hooks_1.performance.now());
        latencyIds.push(...batch);
        inFlight.push(post(batch.map(event)));
    }
    await Promise.all(inFlight);
    await waitFor(latencyIds, 60_000);
    const latencies = latencyIds.map((id) => arrivals.get(id) - sent.get(id)).sort((a, b) => a - b);
    const peakRss = runtime.peakRssBytes();
    const exitCode = await runtime.kill("SIGTERM");
    await rx.close();
    ca.dispose();
    (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
    const rows = [
        [`raw undici keep-alive ceiling (${CONNECTIONS} conns, same receiver)`, `${ceiling.toFixed(0)} req/s`, "baseline"],
        [`runtime: ingest of ${EVENTS} events (batches of 500, durable commit)`, `${(EVENTS / ingestSeconds).toFixed(0)} events/s`, "-"],
        [`runtime: sustained deliveries (SQLite, synchronous=FULL)`, `${throughput.toFixed(0)} deliveries/s`, `ratio ${(throughput / ceiling).toFixed(2)} (target >= 0.50)`],
        [`ingest→delivered p50 @ ${LATENCY_RATE} events/s`, `${percentile(latencies, 50).toFixed(1)} ms`, "-"],
        [`ingest→delivered p99 @ ${LATENCY_RATE} events/s`, `${percentile(latencies, 99).toFixed(1)} ms`, "target <= 50 ms"],
        [`runtime peak RSS`, `${(peakRss / 1048576).toFixed(0)} MB`, "-"],
        [`runtime exit code after SIGTERM`, String(exitCode), "0"],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    process.stdout.write(`\nbench/delivery (node ${process.version}, ${EVENTS} events)\n`);
    for (const [a, b, c] of rows)
        process.stdout.write(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}\n`);
}
main().catch((e) => {
    process.stderr.write(`bench/delivery failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
});
