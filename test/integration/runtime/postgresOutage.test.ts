// The database goes away under a running node (PostgreSQL store): ingest answers
// 503 STORE_UNAVAILABLE while it is down (nothing acknowledged that is not
// committed), the node reconnects by itself when it is back, and every event it
// acknowledged — before, during and after — is delivered. No restart of the node.
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startPostgresCluster, type PostgresCluster } from "../../support/postgresCluster";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";

jest.setTimeout(120_000);

const ADMIN = "outage-admin-token-0123456789";
const INGEST = "outage-ingest-token-0123456789";

describe("PostgreSQL outage under a running node", () => {
  let ca: TestCa;
  let rx: Receiver;
  let cluster: PostgresCluster;
  let runtime: RuntimeProcess | undefined;
  const tmp = tempDir("pg-outage-");
  const delivered = new Set<string>();

  beforeAll(async () => {
    ca = createTestCa();
    rx = await startReceiver({ tls: ca });
    rx.respondWith((req) => {
      delivered.add((JSON.parse(req.body) as { id: string }).id);
      rx.requests.length = 0;
      return { status: 200 };
    });
    cluster = await startPostgresCluster();
  });

  afterAll(async () => {
    await runtime?.kill("SIGKILL");
    await cluster?.stop();
    await rx?.close();
    ca?.dispose();
    tmp.remove();
  });

  it("refuses ingest with 503 while the database is down, recovers by itself, and delivers every acknowledged event", async () => {
    runtime = await startRuntimeProcess({
      dir: tmp.dir,
      adminToken: ADMIN,
      ingestToken: INGEST,
      config: {
        store: cluster.url,
        network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] },
        tls: { caFile: ca.caFile },
        delivery: { leaseSeconds: 3, backoff: { initialSeconds: 0.05, maxSeconds: 0.5, multiplier: 2 } },
      },
    });
    const url = runtime.url;
    const reg = await fetch(`${url}/v1/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "request", name: "outage", url: "https://hooks.test/x", triggers: ["RequestCreated"], bodyTemplate: '{"id": "{{id}}"}' }),
    });
    expect(reg.status).toBe(201);

    const acked: string[] = [];
    const refused: Array<{ status: number; code: string }> = [];
    let seq = 0;
    let streaming = true;
    const producer = (async () => {
      while (streaming) {
        const events = Array.from({ length: 5 }, () => ({ ...mockRequestEvent("RequestCreated"), id: `o-${seq++}` }));
        const r = await fetch(`${url}/v1/events/request`, {
          method: "POST",
          headers: { authorization: `Bearer ${INGEST}`, "content-type": "application/json" },
          body: JSON.stringify({ events }),
        });
        const body = (await r.json()) as { error?: { code: string } };
        if (r.status === 202) acked.push(...events.map((e) => e.id));
        else refused.push({ status: r.status, code: body.error?.code ?? "" });
        await new Promise((res) => setTimeout(res, 20));
      }
    })();

    await new Promise((res) => setTimeout(res, 1000));
    const before = acked.length;
    await cluster.pause();
    await new Promise((res) => setTimeout(res, 2000));
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    await cluster.resume();
    // Acknowledgements resume without restarting the node.
    const deadline = Date.now() + 30_000;
    while (acked.length < before + 50 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    streaming = false;
    await producer;

    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => `${r.status} ${r.code}`))).toEqual(new Set(["503 STORE_UNAVAILABLE"]));
    expect(acked.length).toBeGreaterThanOrEqual(before + 50); // the wait above stops at exactly +50 when no batch lands after it
    const drainBy = Date.now() + 30_000;
    while (acked.some((id) => !delivered.has(id)) && Date.now() < drainBy) await new Promise((res) => setTimeout(res, 100));
    process.stdout.write(`postgres outage: ${acked.length} acknowledged (${before} before the outage), ${refused.length} requests refused with 503 during it\n`);
    expect(acked.filter((id) => !delivered.has(id))).toEqual([]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // The node says which database it uses, never with the password, also in its errors during the outage.
    const password = decodeURIComponent(new URL(cluster.url).password);
    expect(runtime.output()).toContain("store: postgres://webhooks:****@127.0.0.1:");
    expect(runtime.output()).not.toContain(password);
  });
});
