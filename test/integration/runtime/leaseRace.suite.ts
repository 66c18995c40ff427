// The lease race (issue 13 item 2): an attempt that outlives its lease. A receiver answering slower than
// `delivery.leaseSeconds` used to get every event twice or more (the delivery was claimed and sent again
// while the first attempt still ran) and the stale completion overwrote the newer one's outcome. Now the
// worker renews the lease while the attempt runs and completions are fenced by a per-claim token.
import { join } from "node:path";
import type { Engine } from "../../../provider/runtime/engine";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { TestStores, type StoreKind } from "../../support/storeKinds";
import { settled, startEngine } from "./engineHarness";
import { requestEvent, webhookConfig } from "./storeFixtures";

const EVENTS = 5;
const LEASE_SECONDS = 2;
/** The receiver's answer time: longer than the lease, well inside the webhook's timeout. */
const ANSWER_MS = 3_500;

export function leaseRaceSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    const stores = new TestStores(kind);
    const tmp = tempDir("webhooks-lease-");
    let ca: TestCa;
    let rx: Receiver;
    let engine: Engine | undefined;

    beforeAll(async () => {
      ca = createTestCa();
      rx = await startReceiver({ tls: ca });
    });
    afterEach(async () => {
      await engine?.stop({ drainMs: 10_000 });
      engine = undefined;
    });
    afterAll(async () => {
      await rx.close();
      await stores.dispose();
      ca.dispose();
      tmp.remove();
    });

    it(`a receiver slower than the lease gets each event once and every delivery ends delivered (${EVENTS} events, lease ${LEASE_SECONDS} s, answer ${ANSWER_MS} ms)`, async () => {
      rx.respondWith(() => ({ status: 200, delayMs: ANSWER_MS }));
      ({ engine } = await startEngine(
        join(tmp.dir, "slow"),
        rx,
        ca,
        { delivery: { leaseSeconds: LEASE_SECONDS, maxAttempts: 3 } },
        stores,
      ));
      await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/slow", timeoutSeconds: 10 }));
      await engine.ingest("request", { events: Array.from({ length: EVENTS }, (_, i) => ({ ...requestEvent("RequestCreated"), id: `slow-${i}` })) });

      const rows = await settled(engine, EVENTS);
      // Give a stale second send (if any) the time to arrive and finish before counting.
      await new Promise((resolve) => setTimeout(resolve, ANSWER_MS + 500));
      const sends = new Map<string, number>();
      for (const r of rx.requests) sends.set(r.headers["webhook-id"], (sends.get(r.headers["webhook-id"]) ?? 0) + 1);
      const doubleSends = [...sends.values()].filter((n) => n > 1).length;
      const notDelivered = (await engine.store.listDeliveries({})).filter((d) => d.status !== "delivered").length;
      expect({ doubleSends, notDelivered, requests: rx.requests.length }).toEqual({ doubleSends: 0, notDelivered: 0, requests: EVENTS });
      expect(rows.map((d) => d.attempts)).toEqual(Array(EVENTS).fill(1));
      for (const d of rows) {
        const found = await engine.store.getDelivery(d.id);
        expect(found!.attempts.map((a) => [a.attempt, a.result])).toEqual([[1, "success"]]);
      }
    }, 60_000);
  });
}
