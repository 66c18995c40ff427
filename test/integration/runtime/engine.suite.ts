// The engine end to end: register → ingest → delivered to a real HTTPS target,
// fan-out by triggers and filters, retries, dead letters, duplicates, per-origin
// concurrency, manual invoke, the Test invocation and a draining stop.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import type { Engine } from "../../../provider/runtime/engine";
import { VERSION } from "../../../provider/version";
import { startReceiver, type Receiver, type RecordedRequest } from "../../support/httpsReceiver";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { openTestStore, settled, startEngine, type RecordingObserver } from "./engineHarness";
import { rejection, requestEvent, waitFor, webhookConfig } from "./storeFixtures";
import { TestStores, type StoreKind } from "../../support/storeKinds";

export function engineSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    const stores = new TestStores(kind);
    afterAll(() => stores.dispose());

    let ca: TestCa;
    let rx: Receiver;
    const tmp = tempDir("webhooks-engine-");
    let dirs = 0;
    let engine: Engine;
    let observer: RecordingObserver;

    beforeAll(async () => {
      ca = createTestCa();
      rx = await startReceiver({ tls: ca });
    });
    afterAll(async () => {
      await rx.close();
      ca.dispose();
      tmp.remove();
    });

    async function start(extra: Parameters<typeof startEngine>[3] = {}): Promise<void> {
      ({ engine, observer } = await startEngine(join(tmp.dir, `data${++dirs}`), rx, ca, extra, stores));
    }

    beforeEach(() => {
      rx.requests.length = 0;
      rx.respondWith(() => ({ status: 200 }));
    });
    afterEach(async () => {
      await engine?.stop({ drainMs: 5000 });
    });

    const paths = (requests: RecordedRequest[] = rx.requests) => requests.map((r) => r.url).sort();

    describe("delivery", () => {
      it("register → ingest → delivered with the rendered body, headers, auth, signature and webhook-id", async () => {
        await start();
        const signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
        const webhook = await engine.registerWebhook(
          webhookConfig("request", {
            url: "https://hooks.test/deliver",
            bodyTemplate: '{"request": "{{ data.friendly_id }}", "who": "{{ data.requester.email }}", "type": "{{ event_type }}"}',
            headers: { "X-Team": "payments" },
            authentication: { type: "bearer", token: "bearer-token-123" },
            signingSecret,
          }),
        );
        const result = await engine.ingest("request", { ...mockRequestEvent("RequestCreated"), id: "evt-1" });
        expect(result).toEqual({ events: [{ id: "evt-1", duplicate: false, deliveries: 1 }] });
        expect(observer.ingested).toEqual([{ kind: "request", count: 1, duplicates: 0 }]);

        const [delivery] = await settled(engine, 1);
        expect(delivery).toMatchObject({ status: "delivered", attempts: 1, webhookId: webhook.id, eventId: "evt-1" });
        expect(rx.requests).toHaveLength(1);
        const [req] = rx.requests;
        expect(req.method).toBe("POST");
        expect(req.url).toBe("/deliver");
        expect(JSON.parse(req.body)).toEqual({ request: "AR-5127", who: "dana.levi@acme.example", type: "RequestCreated" });
        expect(req.headers).toMatchObject({
          authorization: "Bearer bearer-token-123",
          "x-team": "payments",
          "content-type": "application/json",
          "user-agent": `pulumi-webhooks/${VERSION}`,
          "webhook-id": delivery.id,
        });
        expect(() => new Webhook(signingSecret).verify(req.body, req.headers)).not.toThrow();

        const stored = await engine.store.getDelivery(delivery.id);
        expect(stored!.attempts).toHaveLength(1);
        expect(stored!.attempts[0]).toMatchObject({
          deliveryId: delivery.id,
          webhookId: webhook.id,
          eventId: "evt-1",
          attempt: 1,
          isTest: false,
          result: "success",
          response: { status: 200 },
        });
        // Secrets are masked in the stored record.
        expect(JSON.stringify(stored)).not.toContain("bearer-token-123");
        await waitFor("the observer", () => observer.attempts.length === 1);
        expect(observer.attempts[0].status).toBe("delivered");
      });

      it("triggers and filters select the webhooks; an inactive webhook gets nothing", async () => {
        await start();
        const hook = (path: string, fields: Record<string, unknown>) =>
          engine.registerWebhook(webhookConfig("request", { url: `https://hooks.test/${path}`, ...fields }));
        await hook("created", { triggers: ["RequestCreated"] });
        await hook("granted-pg", { triggers: ["RequestGranted"], filters: { integrationTypes: ["postgresql"] } });
        await hook("granted-mysql", { triggers: ["RequestGranted"], filters: { integrationTypes: ["mysql"] } });
        await hook("inactive", { triggers: ["RequestCreated", "RequestGranted"], active: false });
        await engine.registerWebhook(webhookConfig("audit", { url: "https://hooks.test/audit" }));

        const result = await engine.ingest("request", { events: [mockRequestEvent("RequestCreated"), mockRequestEvent("RequestGranted")] });
        expect(result.events.map((e) => e.deliveries)).toEqual([1, 1]);
        await settled(engine, 2);
        expect(paths()).toEqual(["/created", "/granted-pg"]);
      });

      it("retryable failures are retried on the schedule until success, with the same webhook-id", async () => {
        await start({ delivery: { backoff: { initialSeconds: 0.2, maxSeconds: 5, multiplier: 2 } } });
        await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/flaky" }));
        rx.reply({ status: 503 }, { status: 500 });
        await engine.ingest("request", mockRequestEvent("RequestCreated"));

        const [delivery] = await settled(engine, 1);
        expect(delivery).toMatchObject({ status: "delivered", attempts: 3 });
        expect(new Set(rx.requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery.id]));
        const { attempts } = (await engine.store.getDelivery(delivery.id))!;
        expect(attempts.map((a) => [a.attempt, a.result, a.error?.code, a.response?.status])).toEqual([
          [1, "failure", "HTTP_STATUS", 503],
          [2, "failure", "HTTP_STATUS", 500],
          [3, "success", undefined, 200],
        ]);
        // Each retry waits at least its backoff (0.2 s, then 0.4 s, each -20 % at worst) after the failure.
        const gap = (n: number) => Date.parse(attempts[n].startedAt) - (Date.parse(attempts[n - 1].startedAt) + attempts[n - 1].durationMs);
        expect(gap(1)).toBeGreaterThanOrEqual(160 - 2);
        expect(gap(2)).toBeGreaterThanOrEqual(320 - 2);
        await waitFor("the observer", () => observer.attempts.length === 3);
        expect(observer.attempts.map((a) => a.status)).toEqual(["retrying", "retrying", "delivered"]);
      });

      it("a 4xx is dead at once; retry re-queues it and it is delivered", async () => {
        await start();
        await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/strict" }));
        rx.reply({ status: 422, body: '{"error":"bad field"}' });
        await engine.ingest("request", mockRequestEvent("RequestCreated"));

        const [dead] = await settled(engine, 1);
        expect(dead).toMatchObject({ status: "dead", attempts: 1, lastError: { code: "HTTP_STATUS" } });
        expect(rx.requests).toHaveLength(1);

        expect(await engine.retry(dead.id)).toBe(true);
        await waitFor("the retried delivery", async () => (await engine.store.getDelivery(dead.id))!.delivery.status === "delivered");
        expect((await engine.store.getDelivery(dead.id))!.delivery.attempts).toBe(2);
        expect(rx.requests.map((r) => r.headers["webhook-id"])).toEqual([dead.id, dead.id]);
        expect(await engine.retry(dead.id)).toBe(false);
        expect(await engine.retry("dlv_unknown")).toBe(false);
      });

      it("a repeated event id is accepted once and delivered once", async () => {
        await start();
        await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/once" }));
        const event = { ...mockRequestEvent("RequestCreated"), id: "same-id" };
        const first = await engine.ingest("request", { events: [event, event] });
        const second = await engine.ingest("request", event);
        expect([...first.events, ...second.events].map((e) => e.duplicate)).toEqual([false, true, true]);
        expect(observer.ingested).toEqual([
          { kind: "request", count: 2, duplicates: 1 },
          { kind: "request", count: 1, duplicates: 1 },
        ]);
        await settled(engine, 1);
        expect(rx.requests).toHaveLength(1);
      });

      it("per-origin concurrency is respected while other origins proceed", async () => {
        await start({ delivery: { concurrency: 8, perOriginConcurrency: 2 } });
        const now = new Map<string, number>();
        const max = new Map<string, number>();
        let total = 0;
        let maxTotal = 0;
        rx.respondWith(async (req) => {
          const host = req.headers.host;
          now.set(host, (now.get(host) ?? 0) + 1);
          max.set(host, Math.max(max.get(host) ?? 0, now.get(host)!));
          maxTotal = Math.max(maxTotal, ++total);
          await new Promise((r) => setTimeout(r, 100));
          now.set(host, now.get(host)! - 1);
          total -= 1;
          return { status: 200 };
        });
        await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/origin-a" }));
        await engine.registerWebhook(webhookConfig("request", { url: "https://a.hooks.test/origin-b" }));
        await engine.ingest("request", { events: Array.from({ length: 6 }, () => mockRequestEvent("RequestCreated")) });

        const rows = await settled(engine, 12);
        expect(rows.every((d) => d.status === "delivered")).toBe(true);
        expect(Object.fromEntries(max)).toEqual({ "hooks.test": 2, "a.hooks.test": 2 });
        expect(maxTotal).toBeGreaterThan(2);
      });

      it("stop() waits for an attempt in flight to finish and be recorded", async () => {
        const dataDir = join(tmp.dir, `data${++dirs}`);
        ({ engine, observer } = await startEngine(dataDir, rx, ca, {}, stores));
        rx.respondWith(() => ({ status: 200, delayMs: 400 }));
        await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/slow" }));
        await engine.ingest("request", mockRequestEvent("RequestCreated"));
        await waitFor("the slow request to arrive", () => rx.requests.length === 1);

        await engine.stop({ drainMs: 10_000 });
        expect(observer.attempts.map((a) => a.status)).toEqual(["delivered"]);
        const store = await openTestStore(stores, dataDir);
        const [row] = await store.listDeliveries({});
        expect(row).toMatchObject({ status: "delivered", attempts: 1 });
        await store.close();
      });
    });

    describe("manual invoke", () => {
      it("delivers a request event to that webhook alone", async () => {
        await start();
        const target = await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/manual", triggers: ["RequestGranted"] }));
        await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/bystander", triggers: ["Manual"] }));
        const invoked = await engine.invoke(target.id, mockRequestEvent("Manual"));
        expect(invoked).toEqual({ deliveryId: expect.stringMatching(/^dlv_/), eventId: expect.any(String) });
        await settled(engine, 1);
        expect(paths()).toEqual(["/manual"]);
        expect(rx.requests[0].headers["webhook-id"]).toBe(invoked!.deliveryId);
      });

      it("unknown webhook → undefined; an invalid event → EVENT_INVALID with its path", async () => {
        await start();
        const target = await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/manual" }));
        expect(await engine.invoke("wh_missing", mockRequestEvent("Manual"))).toBeUndefined();
        const bad = requestEvent("Manual", (e) => {
          (e.data as Record<string, unknown>).requester = "nobody";
        });
        expect(await rejection(engine.invoke(target.id, bad))).toMatchObject({ code: "EVENT_INVALID", path: "data.requester" });
      });
    });

    describe("ingest validation", () => {
      it("a batch with one bad event stores nothing and names events[i]; too many events is EVENT_BATCH_TOO_LARGE", async () => {
        await start({ ingest: { maxBatch: 2 } });
        await engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/v" }));
        const bad = requestEvent("RequestCreated", (e) => {
          (e as Record<string, unknown>).event_type = "RequestCreatd";
        });
        expect(await rejection(engine.ingest("request", { events: [mockRequestEvent("RequestCreated"), bad] }))).toMatchObject({
          code: "EVENT_INVALID",
          path: "events[1].event_type",
        });
        const three = { events: [1, 2, 3].map(() => mockRequestEvent("RequestCreated")) };
        expect(await rejection(engine.ingest("request", three))).toMatchObject({ code: "EVENT_BATCH_TOO_LARGE", path: "events" });
        expect(await engine.store.listDeliveries({})).toEqual([]);
        expect(observer.ingested).toEqual([]);
      });
    });

    describe("Test invocation", () => {
      it("one real attempt with the kind's mock event; nothing stored", async () => {
        await start();
        const config = webhookConfig("request", { url: "https://hooks.test/test-call", bodyTemplate: '{"t": "{{ event_type }}"}' });
        const record = await engine.test(config);
        expect(record).toMatchObject({ isTest: true, attempt: 1, result: "success", eventType: "RequestCreated", response: { status: 200 } });
        expect(record.deliveryId).toMatch(/^test_[0-9a-f-]{36}$/);
        expect(rx.requests.map((r) => [r.url, r.body, r.headers["webhook-id"]])).toEqual([["/test-call", '{"t": "RequestCreated"}', record.deliveryId]]);

        const granted = await engine.test(config, { trigger: "RequestGranted" });
        expect(granted.eventType).toBe("RequestGranted");
        expect(await engine.store.listDeliveries({})).toEqual([]);
      });

      it("a given event is validated (path under event) and sent; a failing target is a failure record, not a throw", async () => {
        await start();
        const config = webhookConfig("request", { url: "https://hooks.test/test-fail" });
        expect(await rejection(engine.test(config, { event: { event_type: "RequestCreated" } }))).toMatchObject({
          code: "EVENT_INVALID",
          path: "event.event_time",
        });
        rx.reply({ status: 500 });
        const record = await engine.test(config, { event: mockRequestEvent("RequestRejected") });
        expect(record).toMatchObject({ result: "failure", eventType: "RequestRejected", error: { code: "HTTP_STATUS", retryable: true } });
      });
    });
  });
}
