// Issue 13 item 1: an unauthenticated client holding many half-open connections
// must not take the runtime down. The runtime runs with a small open-file limit
// (256) so the flood that used 20,000 connections in the report is quick here.
import { get } from "node:http";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, requestWebhook, runtimeConfig, until } from "./apiHelpers";

jest.setTimeout(90_000);

const OPEN_FILE_LIMIT = 256;
// Well past the limit: without a connection budget these use up every descriptor.
const HALF_OPEN = 600;

const tmp = tempDir("webhooks-flood-");
let ca: TestCa;
let rx: Receiver;
let runtime: RuntimeProcess | undefined;
const sockets: Socket[] = [];

/** Opens `count` TCP connections that never send a byte (some send half a request line), and keeps them. */
async function holdHalfOpen(port: number, count: number): Promise<number> {
  let opened = 0;
  const batch = 50;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, (_, j) => new Promise<void>((resolve) => {
        const s = connect(port, "127.0.0.1");
        sockets.push(s);
        s.on("error", () => resolve());
        s.on("close", () => resolve());
        s.on("connect", () => {
          opened += 1;
          if ((i + j) % 3 === 0) s.write("POST /v1/events/request HTTP/1.1\r\nHost: x\r\n");
          resolve();
        });
      })),
    );
  }
  return opened;
}

/** fetch with a deadline, so a runtime that stopped answering fails the test instead of hanging it. */
async function within(ms: number, url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms) });
}

/** GET on a new connection (as a load balancer's probe makes it); 0 when it fails or takes over 5 s. */
function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

beforeAll(async () => {
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await runtime?.kill("SIGKILL");
  await rx?.close();
  ca?.dispose();
  tmp.remove();
});

describe("half-open connection flood", () => {
  it("keeps /healthz, ingest and a pinned-host delivery working, and the process alive", async () => {
    rx.respondWith(() => ({ status: 200 }));
    const config = runtimeConfig(rx.pin("hooks.test"), ca.caFile);
    runtime = await startRuntimeProcess({
      dir: tmp.dir,
      config: { ...config, dataDir: join(tmp.dir, "data") },
      adminToken: ADMIN,
      ingestToken: INGEST,
      openFileLimit: OPEN_FILE_LIMIT,
    });
    // The budget is the open-file limit less delivery.concurrency (64) and a reserve of 64.
    expect(runtime.output()).toContain('"maxConnections":128');
    const api = new Api(runtime.url);
    const { kind: _k, ...rest } = requestWebhook("flood", "/flood");
    const reg = await api.call<{ id: string }>("POST", "/v1/webhooks", { body: { kind: "request", ...rest, url: "https://hooks.test/flood" } });
    expect(reg.status).toBe(201);

    await holdHalfOpen(runtime.port, HALF_OPEN);

    // A legitimate client still gets in while the flood is held open, on every new connection.
    const probes: number[] = [];
    for (let i = 0; i < 20; i++) probes.push(await probe(`${runtime.url}/healthz`));
    expect(probes).toEqual(Array<number>(20).fill(200));
    const ingested = await within(5000, `${runtime.url}/v1/events/request`, {
      method: "POST",
      headers: { Authorization: `Bearer ${INGEST}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...mockRequestEvent("RequestCreated"), id: "evt-flood" }),
    });
    expect(ingested.status).toBe(202);
    // The delivery connects out to the pinned host: the runtime kept descriptors for outbound work.
    await until("the delivery to reach the receiver", async () => rx.requests.find((q) => q.url === "/flood"), 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; exit ${String(runtime?.child.exitCode)}; output:\n${runtime?.output().slice(-3000) ?? ""}`);
    });
    const delivered = await until("the delivery to be recorded as delivered", async () => {
      const list = await api.call<{ deliveries: Array<{ status: string; attempts: number }> }>("GET", `/v1/deliveries?webhookId=${reg.body.id}`);
      return list.body.deliveries.find((d) => d.status === "delivered");
    });
    expect(delivered.attempts).toBe(1);

    // Sockets that never finish a request are closed by the runtime (10 s), not held until it runs out.
    await until("the runtime to close the held connections", async () => (sockets.every((s) => s.destroyed || s.closed) ? true : undefined), 15_000);

    expect(runtime.child.exitCode).toBeNull();
    expect(runtime.child.signalCode).toBeNull();
    expect(runtime.output()).not.toMatch(/Unhandled 'error' event|EMFILE/);
    // The operator sees the flood in the log.
    expect(runtime.output()).toContain('"msg":"connection budget full: closed the oldest idle connection","maxConnections":128');
  });
});
