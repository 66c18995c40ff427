// The worker against each real store (SQLite, PostgreSQL), with a scripted attempt function:
// capacity limits, failures that throw, waking for retries and for rows written
// by another process, and draining on stop.
import { join } from "node:path";
import type { InvocationRecord } from "../../../provider/delivery/deliverOnce";
import { WebhookError } from "../../../provider/errors";
import type { ClaimedDelivery, Store } from "../../../provider/runtime/store/store";
import { Worker, type WorkerOptions } from "../../../provider/runtime/worker";
import { tempDir } from "../../support/tempFiles";
import { openTestStore, recordingObserver, type RecordingObserver } from "./engineHarness";
import { auditNewEvent, failure, invocationRecord, waitFor, webhookConfig } from "./storeFixtures";
import { TestStores, type StoreKind } from "../../support/storeKinds";

export function workerSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    const stores = new TestStores(kind);
    afterAll(() => stores.dispose());

    const tmp = tempDir("webhooks-worker-");
    let n = 0;
    let store: Store;
    let observer: RecordingObserver;
    let worker: Worker | undefined;

    beforeEach(async () => {
      store = await openTestStore(stores, join(tmp.dir, `d${++n}`));
      observer = recordingObserver();
    });
    afterEach(async () => {
      await worker?.stop(5000);
      worker = undefined;
      await store.close();
    });
    afterAll(() => tmp.remove());

    function startWorker(attempt: WorkerOptions["attempt"], extra: Partial<WorkerOptions> = {}): Worker {
      worker = new Worker({
        store,
        owner: "test-worker",
        concurrency: 8,
        perOriginConcurrency: 8,
        leaseMs: 90_000,
        maxAttempts: 3,
        backoff: { initialSeconds: 0.05, maxSeconds: 1, multiplier: 2 },
        observer,
        now: Date.now,
        attempt,
        ...extra,
      });
      worker.start();
      return worker;
    }

    const statuses = async () => (await store.listDeliveries({})).map((d) => d.status);
    const allFinished = (count: number) => async () => {
      const s = await statuses();
      return s.length === count && s.every((x) => x === "delivered" || x === "dead");
    };

    it("never runs more attempts than the overall concurrency", async () => {
      for (const host of ["a", "b", "c"]) await store.createWebhook(webhookConfig("audit", { url: `https://${host}.hooks.test/in` }), Date.now());
      await store.ingestEvents([1, 2, 3].map((i) => auditNewEvent(`e${i}`)), Date.now());
      const waiting: Array<() => void> = [];
      let inFlight = 0;
      let maxInFlight = 0;
      const w = startWorker(
        (d: ClaimedDelivery) =>
          new Promise<InvocationRecord>((resolve) => {
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            waiting.push(() => {
              inFlight -= 1;
              resolve(invocationRecord(d.id, d.attempts + 1));
            });
          }),
        { concurrency: 3 },
      );
      for (let done = 0; done < 9; done++) {
        await waitFor("a full worker", () => waiting.length === Math.min(3, 9 - done));
        expect(w.busy).toBe(Math.min(3, 9 - done));
        waiting.shift()!();
      }
      await waitFor("all delivered", allFinished(9));
      expect(maxInFlight).toBe(3);
      expect(await statuses()).toEqual(Array(9).fill("delivered"));
    });

    it("an attempt that throws is a retryable failure; a thrown WebhookError keeps its code and retryability", async () => {
      const plain = await store.createWebhook(webhookConfig("audit", { url: "https://a.hooks.test/in" }), Date.now());
      await store.createWebhook(webhookConfig("audit", { url: "https://b.hooks.test/in" }), Date.now());
      await store.ingestEvents([auditNewEvent("boom")], Date.now());
      startWorker(
        async (d) => {
          if (d.webhookId === plain.id) throw new Error("bug");
          throw new WebhookError({ code: "TEMPLATE_RENDER_ERROR", message: "cannot render", path: "bodyTemplate" });
        },
        { maxAttempts: 2 },
      );
      await waitFor("both dead", allFinished(2));
      const rows = await store.listDeliveries({});
      const byHook = Object.fromEntries(rows.map((r) => [r.webhookId, r]));
      // The plain error was retried (2 attempts), the non-retryable WebhookError was not.
      expect(byHook[plain.id]).toMatchObject({ status: "dead", attempts: 2, lastError: { code: "INTERNAL_ERROR" } });
      const other = rows.find((r) => r.webhookId !== plain.id)!;
      expect(other).toMatchObject({ status: "dead", attempts: 1, lastError: { code: "TEMPLATE_RENDER_ERROR", message: "cannot render" } });
      expect(observer.logs.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
        "a delivery attempt failed unexpectedly",
        "a delivery attempt failed unexpectedly",
      ]);
    });

    it("wakes for a retry when it is due, without waiting for the poll", async () => {
      await store.createWebhook(webhookConfig("audit"), Date.now());
      await store.ingestEvents([auditNewEvent("r1")], Date.now());
      startWorker(async (d) => (d.attempts === 0 ? failure(d.id, 1, "TIMEOUT", true) : invocationRecord(d.id, d.attempts + 1)), {
        pollMs: 60_000,
      });
      await waitFor("delivered on the second attempt", allFinished(1));
      expect((await store.listDeliveries({}))[0]).toMatchObject({ status: "delivered", attempts: 2 });
    });

    it("polls for deliveries another process committed (no wake)", async () => {
      await store.createWebhook(webhookConfig("audit"), Date.now());
      startWorker(async (d) => invocationRecord(d.id, d.attempts + 1), { pollMs: 50 });
      await new Promise((r) => setImmediate(r));
      await store.ingestEvents([auditNewEvent("p1")], Date.now());
      await waitFor("picked up by the poll", allFinished(1));
    });

    it("while an origin is full, polls do not rescan its backlog; completions there claim its next delivery", async () => {
      await store.createWebhook(webhookConfig("audit", { url: "https://a.hooks.test/in" }), Date.now());
      await store.ingestEvents([1, 2, 3, 4, 5].map((i) => auditNewEvent(`full${i}`)), Date.now());
      const claims: Array<{ exclude: readonly string[]; claimed: number }> = [];
      const claimDue = store.claimDue.bind(store);
      store.claimDue = async (options) => {
        const claimed = await claimDue(options);
        claims.push({ exclude: options.excludeOrigins ?? [], claimed: claimed.length });
        return claimed;
      };
      let open: () => void = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      const w = startWorker(
        async (d) => {
          await gate;
          return invocationRecord(d.id, d.attempts + 1);
        },
        { perOriginConcurrency: 1, pollMs: 20 },
      );
      await waitFor("the first attempt", () => w.busy === 1);
      // Long enough for a dozen polls.
      await new Promise((r) => setTimeout(r, 300));
      expect(claims).toEqual([
        { exclude: [], claimed: 1 },
        { exclude: ["https://a.hooks.test"], claimed: 0 },
      ]);
      open();
      await waitFor("all delivered", allFinished(5));
      expect(claims.filter((c) => c.claimed > 0).map((c) => c.claimed)).toEqual([1, 1, 1, 1, 1]);
    });

    it("renews the lease while an attempt runs: an attempt three leases long is not claimed again", async () => {
      await store.createWebhook(webhookConfig("audit"), Date.now());
      await store.ingestEvents([auditNewEvent("long")], Date.now());
      // Renewals answered while the attempt ran. One still in flight when it ends may land after the
      // outcome released the lease and say false: that one says nothing about keeping the lease.
      const renewals: boolean[] = [];
      let attemptRunning = true;
      const renewLease = store.renewLease.bind(store);
      store.renewLease = async (...args) => {
        const held = await renewLease(...args);
        if (attemptRunning) renewals.push(held);
        return held;
      };
      const leaseMs = 600;
      const w = startWorker(async (d) => {
        await new Promise((r) => setTimeout(r, 3 * leaseMs));
        // Another node looking now finds nothing to claim: the lease was kept.
        const others = await store.claimDue({ now: Date.now(), limit: 10, leaseMs, owner: "other-node" });
        attemptRunning = false;
        return others.length === 0 ? invocationRecord(d.id, d.attempts + 1) : failure(d.id, d.attempts + 1, "TIMEOUT", false);
      }, { leaseMs, pollMs: 50 });
      await waitFor("delivered", allFinished(1), 10_000);
      expect((await store.listDeliveries({}))[0]).toMatchObject({ status: "delivered", attempts: 1 });
      expect(renewals.length).toBeGreaterThanOrEqual(6);
      expect(renewals.every(Boolean)).toBe(true);
      expect(w.staleCompletions).toBe(0);
    });

    it("an attempt whose lease cannot be renewed is stopped before the lease runs out (DELIVERY_LEASE_LOST) and retried", async () => {
      await store.createWebhook(webhookConfig("audit"), Date.now());
      await store.ingestEvents([auditNewEvent("cut")], Date.now());
      const renewLease = store.renewLease.bind(store);
      let storeDown = true;
      store.renewLease = async (...args) => {
        if (storeDown) throw new WebhookError({ code: "STORE_UNAVAILABLE", message: "the store is down (test)" });
        return renewLease(...args);
      };
      const leaseMs = 600;
      const stoppedAfter: number[] = [];
      startWorker(
        (d, signal) =>
          d.attempts === 0
            ? new Promise<InvocationRecord>((_resolve, reject) => {
                const started = Date.now();
                signal.addEventListener("abort", () => {
                  stoppedAfter.push(Date.now() - started);
                  storeDown = false;
                  reject(signal.reason as Error);
                });
              })
            : Promise.resolve(invocationRecord(d.id, d.attempts + 1)),
        { leaseMs, pollMs: 50 },
      );
      await waitFor("delivered on the second attempt", allFinished(1), 10_000);
      expect(stoppedAfter).toHaveLength(1);
      expect(stoppedAfter[0]).toBeLessThan(leaseMs);
      const found = await store.getDelivery((await store.listDeliveries({}))[0].id);
      expect(found!.delivery).toMatchObject({ status: "delivered", attempts: 2 });
      expect(found!.attempts.map((a) => [a.attempt, a.error?.code])).toEqual([
        [1, "DELIVERY_LEASE_LOST"],
        [2, undefined],
      ]);
      expect(observer.logs.filter((l) => l.message.startsWith("renewing a delivery's lease failed")).length).toBeGreaterThan(0);
    });

    it("a delivery claimed 10 times in a row without an outcome (crash loop) ends dead as DELIVERY_ABANDONED, without an 11th attempt", async () => {
      await store.createWebhook(webhookConfig("audit"), Date.now());
      await store.ingestEvents([auditNewEvent("crashy")], Date.now() - 60_000);
      // Ten processes that each died during the attempt: claimed with a lease that expired, never completed.
      for (let i = 0; i < 10; i++) {
        expect(await store.claimDue({ now: Date.now() - 50_000 + i * 10, limit: 1, leaseMs: 1, owner: `crashed-${i}` })).toHaveLength(1);
      }
      let attempts = 0;
      startWorker(async (d) => {
        attempts += 1;
        return invocationRecord(d.id, d.attempts + 1);
      });
      await waitFor("given up", allFinished(1));
      expect(attempts).toBe(0);
      const found = await store.getDelivery((await store.listDeliveries({}))[0].id);
      expect(found!.delivery).toMatchObject({ status: "dead", attempts: 0, lastError: { code: "DELIVERY_ABANDONED" } });
      expect(found!.attempts[0].error).toMatchObject({ code: "DELIVERY_ABANDONED", retryable: false });
    });

    it("stop() reports whether the attempts in flight finished within drainMs", async () => {
      await store.createWebhook(webhookConfig("audit"), Date.now());
      await store.ingestEvents([auditNewEvent("s1")], Date.now());
      let release: () => void = () => {};
      const w = startWorker((d) => new Promise((resolve) => (release = () => resolve(invocationRecord(d.id, d.attempts + 1)))));
      await waitFor("the attempt to start", () => w.busy === 1);
      expect(await w.stop(50)).toBe(false);
      release();
      expect(await w.stop(5000)).toBe(true);
      expect(await statuses()).toEqual(["delivered"]);
    });
  });
}
