// The Store contract (provider/runtime/store/store.ts), as a suite any
// implementation runs: SQLite now, PostgreSQL later. It pins what the engine and
// the API rely on: fan-out, duplicates, version binding, leases, statuses,
// retries, offsets, stats, retention and group commit.
import type { Store } from "../../../provider/runtime/store/store";
import {
  auditNewEvent,
  failure,
  invocationRecord,
  newEvent,
  rejection,
  requestEvent,
  requestNewEvent,
  webhookConfig,
} from "./storeFixtures";

export interface StoreHarness {
  store: Store;
  /** Write transactions the store's group commit has run so far. */
  groupCommits(): number;
  /** Closes the store and opens a new one on the same data (a restart). */
  reopen(): Promise<StoreHarness>;
  /** Closes the store and removes its data. */
  dispose(): Promise<void>;
}

const T = 1_700_000_000_000;
const LEASE = 90_000;

export function describeStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      h = await makeStore();
      store = h.store;
    });
    afterEach(async () => {
      await h.dispose();
    });

    const claimAll = (now: number, owner = "w1", extra: { excludeOrigins?: string[]; limit?: number } = {}) =>
      store.claimDue({ now, limit: extra.limit ?? 100, leaseMs: LEASE, owner, ...(extra.excludeOrigins ? { excludeOrigins: extra.excludeOrigins } : {}) });

    describe("registrations", () => {
      it("creates version 1, reads it back and lists it", async () => {
        const config = webhookConfig("request", { name: "Coralogix access" });
        const created = await store.createWebhook(config, T);
        expect(created).toEqual({
          id: expect.stringMatching(/^wh_[0-9a-f-]{36}$/),
          name: "Coralogix access",
          kind: "request",
          version: 1,
          config,
          createdAt: new Date(T).toISOString(),
          updatedAt: new Date(T).toISOString(),
        });
        expect(await store.getWebhook(created.id)).toEqual(created);
        expect(await store.listWebhooks()).toEqual([created]);
      });

      it("an update is a new version with the new config; the creation time stays", async () => {
        const created = await store.createWebhook(webhookConfig("audit", { name: "a" }), T);
        const changed = webhookConfig("audit", { name: "a2", url: "https://hooks.test/v2" });
        const updated = await store.updateWebhook(created.id, changed, T + 5);
        expect(updated).toMatchObject({ id: created.id, name: "a2", version: 2, config: changed, createdAt: created.createdAt });
        expect(updated!.updatedAt).toBe(new Date(T + 5).toISOString());
        expect((await store.getWebhook(created.id))!.version).toBe(2);
        expect(await store.updateWebhook("wh_unknown", changed, T)).toBeUndefined();
      });

      it("names are unique among live webhooks: API_NAME_TAKEN on create and update, free again after delete", async () => {
        const a = await store.createWebhook(webhookConfig("audit", { name: "same" }), T);
        const clash = await rejection(store.createWebhook(webhookConfig("request", { name: "same" }), T));
        expect(clash).toMatchObject({ code: "API_NAME_TAKEN", path: "name" });
        expect(clash.message).toContain(a.id);

        const b = await store.createWebhook(webhookConfig("audit", { name: "other" }), T);
        expect(await rejection(store.updateWebhook(b.id, webhookConfig("audit", { name: "same" }), T))).toMatchObject({
          code: "API_NAME_TAKEN",
          path: "name",
        });
        // Keeping its own name is no clash.
        expect((await store.updateWebhook(a.id, webhookConfig("audit", { name: "same", active: false }), T))!.version).toBe(2);

        expect(await store.deleteWebhook(a.id, T)).toBe(true);
        expect((await store.createWebhook(webhookConfig("audit", { name: "same" }), T)).name).toBe("same");
      });

      it("a create by the Pulumi resource that holds the name takes it over: queued deliveries move, the holder is deleted", async () => {
        const owner = { project: "shop", stack: "prod", resource: "orders" };
        const old = await store.createWebhook(webhookConfig("request", { name: "orders" }), T, owner);
        expect(old.managedBy).toEqual(owner);
        await store.ingestEvents([requestNewEvent("ev-queued", "RequestCreated")], T);
        const [queued] = await store.listDeliveries({ webhookId: old.id });

        // Another stack's resource, or one made by hand, is refused and named.
        const other = await rejection(store.createWebhook(webhookConfig("request", { name: "orders" }), T, { ...owner, stack: "dev" }));
        expect(other).toMatchObject({ code: "API_NAME_TAKEN", path: "name" });
        expect(other.message).toContain(`webhook ${old.id} (managed by shop/prod resource "orders")`);
        const byHand = await rejection(store.createWebhook(webhookConfig("request", { name: "orders" }), T));
        expect(byHand.message).toContain("(managed by shop/prod resource");
        // Another kind under the same label is no replacement of it.
        expect(await rejection(store.createWebhook(webhookConfig("audit", { name: "orders" }), T, owner))).toMatchObject({ code: "API_NAME_TAKEN" });

        const replacement = await store.createWebhook(webhookConfig("request", { name: "orders", url: "https://other.test/in" }), T + 1, owner);
        expect(replacement).toMatchObject({ name: "orders", version: 1, managedBy: owner });
        expect(await store.getWebhook(old.id)).toBeUndefined();
        expect((await store.listWebhooks()).map((w) => w.id)).toEqual([replacement.id]);
        expect((await store.getDelivery(queued.id))!.delivery).toMatchObject({
          id: queued.id,
          webhookId: replacement.id,
          webhookVersion: 1,
          status: "pending",
          origin: "https://other.test",
        });
        const [claimed] = await claimAll(T + 2);
        expect(claimed).toMatchObject({ id: queued.id, webhook: { id: replacement.id, version: 1 } });
        // The engine's later delete of the old registration finds it gone.
        expect(await store.deleteWebhook(old.id, T + 3)).toBe(false);
      });

      it("an update keeps the label unless it gives a new one", async () => {
        const owner = { project: "p", stack: "s", resource: "r" };
        const a = await store.createWebhook(webhookConfig("audit"), T, owner);
        expect((await store.updateWebhook(a.id, webhookConfig("audit", { name: a.name, active: false }), T + 1))!.managedBy).toEqual(owner);
        const moved = { ...owner, stack: "s2" };
        expect((await store.updateWebhook(a.id, webhookConfig("audit", { name: a.name }), T + 2, moved))!.managedBy).toEqual(moved);
        expect((await store.getWebhook(a.id))!.managedBy).toEqual(moved);
      });

      it("a webhook's kind cannot change", async () => {
        const a = await store.createWebhook(webhookConfig("audit"), T);
        expect(await rejection(store.updateWebhook(a.id, webhookConfig("request"), T))).toMatchObject({
          code: "CONFIG_INVALID_KIND",
          path: "kind",
        });
      });

      it("delete: gone from get and list, false the second time", async () => {
        const a = await store.createWebhook(webhookConfig("audit"), T);
        const b = await store.createWebhook(webhookConfig("audit"), T);
        expect(await store.deleteWebhook(a.id, T)).toBe(true);
        expect(await store.getWebhook(a.id)).toBeUndefined();
        expect((await store.listWebhooks()).map((w) => w.id)).toEqual([b.id]);
        expect(await store.deleteWebhook(a.id, T)).toBe(false);
        expect(await store.updateWebhook(a.id, webhookConfig("audit"), T)).toBeUndefined();
      });
    });

    describe("ingest and fan-out", () => {
      it("one delivery per active webhook whose kind, triggers and filters match", async () => {
        const audit = await store.createWebhook(webhookConfig("audit"), T);
        const created = await store.createWebhook(webhookConfig("request", { triggers: ["RequestCreated"] }), T);
        const granted = await store.createWebhook(
          webhookConfig("request", { triggers: ["RequestCreated", "RequestGranted"], filters: { integrationTypes: ["postgresql"] } }),
          T,
        );
        const mysqlOnly = await store.createWebhook(webhookConfig("request", { filters: { integrationTypes: ["mysql"] } }), T);
        const inactive = await store.createWebhook(webhookConfig("request", { active: false }), T);

        const result = await store.ingestEvents(
          [auditNewEvent("ev-audit"), requestNewEvent("ev-created", "RequestCreated"), requestNewEvent("ev-granted", "RequestGranted")],
          T,
        );
        expect(result.events).toEqual([
          { id: "ev-audit", duplicate: false, deliveries: 1 },
          { id: "ev-created", duplicate: false, deliveries: 2 },
          { id: "ev-granted", duplicate: false, deliveries: 1 },
        ]);
        const pairs = async (webhookId: string) => (await store.listDeliveries({ webhookId })).map((d) => d.eventId).sort();
        expect(await pairs(audit.id)).toEqual(["ev-audit"]);
        expect(await pairs(created.id)).toEqual(["ev-created"]);
        expect(await pairs(granted.id)).toEqual(["ev-created", "ev-granted"]);
        expect(await pairs(mysqlOnly.id)).toEqual([]);
        expect(await pairs(inactive.id)).toEqual([]);

        const [d] = await store.listDeliveries({ webhookId: audit.id });
        expect(d).toEqual({
          id: expect.stringMatching(/^dlv_[0-9a-f-]{36}$/),
          eventId: "ev-audit",
          webhookId: audit.id,
          webhookVersion: 1,
          status: "pending",
          attempts: 0,
          nextAttemptAt: T,
          origin: "https://hooks.test",
          createdAt: new Date(T).toISOString(),
          updatedAt: new Date(T).toISOString(),
        });
      });

      it("an event id seen before is a duplicate: stored once, delivered once (also within one batch)", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        const first = await store.ingestEvents([requestNewEvent("ev-1"), requestNewEvent("ev-1")], T);
        expect(first.events).toEqual([
          { id: "ev-1", duplicate: false, deliveries: 1 },
          { id: "ev-1", duplicate: true, deliveries: 0 },
        ]);
        const again = await store.ingestEvents([requestNewEvent("ev-1"), requestNewEvent("ev-2")], T + 1);
        expect(again.events).toEqual([
          { id: "ev-1", duplicate: true, deliveries: 0 },
          { id: "ev-2", duplicate: false, deliveries: 1 },
        ]);
        expect((await store.listDeliveries({})).map((d) => d.eventId).sort()).toEqual(["ev-1", "ev-2"]);
      });

      it("the same id with another payload is EVENT_ID_CONFLICT at events[i].id, and nothing of that call is stored", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("ev-c")], T);
        const other = newEvent("ev-c", "request", requestEvent("RequestCreated", (e) => (e.data.justification = "something else")));
        await expect(store.ingestEvents([requestNewEvent("ev-fresh"), other], T + 1)).rejects.toMatchObject({
          code: "EVENT_ID_CONFLICT",
          path: "events[1].id",
        });
        // Within one call too: the second differs from the first.
        await expect(store.ingestEvents([requestNewEvent("ev-in"), { ...other, id: "ev-in" }], T + 2)).rejects.toMatchObject({
          code: "EVENT_ID_CONFLICT",
          path: "events[1].id",
        });
        expect((await store.listDeliveries({})).map((d) => d.eventId)).toEqual(["ev-c"]);
        // An id of the other kind is another event as well.
        await expect(store.ingestEvents([auditNewEvent("ev-c")], T + 3)).rejects.toMatchObject({ code: "EVENT_ID_CONFLICT" });
      });

      it("the same payload with its keys in another order is the same event: a duplicate", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        const original = requestNewEvent("ev-k");
        const reversed = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(reversed)
            : typeof v === "object" && v !== null
              ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]))
              : v;
        const shuffled = { ...original, event: reversed(original.event) as typeof original.event };
        expect(JSON.stringify(shuffled.event)).not.toBe(JSON.stringify(original.event));
        await store.ingestEvents([original], T);
        expect((await store.ingestEvents([shuffled], T + 1)).events).toEqual([{ id: "ev-k", duplicate: true, deliveries: 0 }]);
      });

      it("with a source (a file cannot be answered), a conflict is reported on the event and the rest commits", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("ev-s")], T);
        const other = newEvent("ev-s", "request", requestEvent("RequestCreated", (e) => (e.data.justification = "changed")));
        const r = await store.ingestEvents([other, requestNewEvent("ev-s2")], T + 1, { name: "file-a", offset: 10 });
        expect(r.events).toEqual([
          { id: "ev-s", duplicate: true, deliveries: 0, conflict: true },
          { id: "ev-s2", duplicate: false, deliveries: 1 },
        ]);
        expect(await store.sourceOffset("file-a")).toBe(10);
      });

      it("a delivery is bound to the version current when its event committed", async () => {
        const w = await store.createWebhook(webhookConfig("request", { name: "v", url: "https://hooks.test/v1" }), T);
        await store.ingestEvents([requestNewEvent("before")], T);
        await store.updateWebhook(w.id, webhookConfig("request", { name: "v", url: "https://hooks.test/v2" }), T + 1);
        await store.ingestEvents([requestNewEvent("after")], T + 2);

        const claimed = await claimAll(T + 10);
        const byEvent = Object.fromEntries(claimed.map((c) => [c.eventId, c]));
        expect(byEvent.before.webhook).toMatchObject({ id: w.id, version: 1, config: { url: "https://hooks.test/v1" } });
        expect(byEvent.after.webhook).toMatchObject({ id: w.id, version: 2, config: { url: "https://hooks.test/v2" } });
        expect(byEvent.before.webhookVersion).toBe(1);
      });

      it("an update that deactivates a webhook stops new deliveries; deletion stops them too", async () => {
        const w = await store.createWebhook(webhookConfig("audit", { name: "x" }), T);
        await store.updateWebhook(w.id, webhookConfig("audit", { name: "x", active: false }), T);
        expect((await store.ingestEvents([auditNewEvent("a1")], T)).events[0].deliveries).toBe(0);
        const v = await store.createWebhook(webhookConfig("audit"), T);
        await store.deleteWebhook(v.id, T);
        expect((await store.ingestEvents([auditNewEvent("a2")], T)).events[0].deliveries).toBe(0);
      });

      it("group commit: 100 concurrent calls all commit, in fewer transactions than calls", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        const before = h.groupCommits();
        const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.ingestEvents([requestNewEvent(`gc-${i}`)], T)));
        const transactions = h.groupCommits() - before;
        expect(results.map((r) => r.events[0])).toEqual(Array.from({ length: 100 }, (_, i) => ({ id: `gc-${i}`, duplicate: false, deliveries: 1 })));
        expect(transactions).toBeGreaterThanOrEqual(1);
        expect(transactions).toBeLessThan(100);
        expect((await store.stats(T)).byStatus.pending).toBe(100);
      });

      it("an acknowledged ingest survives a restart", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("durable")], T, { name: "src", offset: 42 });
        h = await h.reopen();
        store = h.store;
        const rows = await store.listDeliveries({});
        expect(rows.map((d) => [d.eventId, d.status])).toEqual([["durable", "pending"]]);
        expect(await store.sourceOffset("src")).toBe(42);
      });
    });

    describe("manual invoke", () => {
      it("delivers to that webhook alone, whatever its triggers; the same event id again returns the same delivery", async () => {
        const target = await store.createWebhook(webhookConfig("request", { triggers: ["RequestGranted"] }), T);
        await store.createWebhook(webhookConfig("request", { triggers: ["Manual"] }), T);
        const event = newEvent("man-1", "request", requestEvent("Manual"));
        const invoked = await store.invokeWebhook(target.id, event, T);
        expect(invoked).toEqual({ deliveryId: expect.stringMatching(/^dlv_/) });
        expect((await store.listDeliveries({})).map((d) => [d.webhookId, d.eventId])).toEqual([[target.id, "man-1"]]);
        expect(await store.invokeWebhook(target.id, event, T + 1)).toEqual(invoked);
        expect(await store.invokeWebhook("wh_missing", newEvent("man-2", "request", requestEvent("Manual")), T)).toBeUndefined();
      });
    });

    describe("claims and leases", () => {
      it("claims due deliveries oldest first with their event and config, leased with a token, claims counted (attempts are not)", async () => {
        const w = await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("e1")], T);
        await store.ingestEvents([requestNewEvent("e2")], T + 1);
        expect(await claimAll(T - 1)).toEqual([]); // nothing due yet

        const claimed = await claimAll(T + 5, "w1", { limit: 1 });
        expect(claimed).toHaveLength(1);
        expect(claimed[0]).toMatchObject({
          eventId: "e1",
          webhookId: w.id,
          status: "pending",
          attempts: 0,
          claims: 1,
          leaseToken: expect.any(String),
          leaseUntil: T + 5 + LEASE,
          event: { id: "e1", kind: "request", eventType: "RequestCreated", payload: requestEvent("RequestCreated") },
          webhook: { id: w.id, version: 1, config: w.config },
        });
        expect((await claimAll(T + 5)).map((c) => c.eventId)).toEqual(["e2"]);
        // Both leased now.
        expect(await claimAll(T + 6, "w2")).toEqual([]);
      });

      it("a delivery whose lease expired is claimed again (a killed worker loses nothing); the stale claim's outcome is fenced out", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("e1")], T);
        const [first] = await claimAll(T, "w1");
        expect(await claimAll(T + LEASE - 1, "w2")).toEqual([]);
        // Same owner (one process), new claim: only the token tells them apart.
        const [again] = await claimAll(T + LEASE, "w1");
        expect(again).toMatchObject({ id: first.id, attempts: 0, claims: 2 });
        expect(again.leaseToken).not.toBe(first.leaseToken);
        // The first claim's late result does not change the delivery, nor renew its lease; the attempt is still on record.
        expect(await store.renewLease(first.id, first.leaseToken, T + 3 * LEASE)).toBe(false);
        const stale = await store.completeAttempt(first.id, first.leaseToken, { record: failure(first.id, 1, "HTTP_STATUS", false), status: "dead", attemptMade: true }, T + LEASE + 1);
        expect(stale).toBe(false);
        let seen = await store.getDelivery(first.id);
        expect(seen!.delivery).toMatchObject({ status: "pending", attempts: 0 });
        expect(seen!.attempts.map((a) => a.attempt)).toEqual([1]);
        // The current claim's outcome applies: one attempt counted, claims back to 0.
        expect(await store.completeAttempt(again.id, again.leaseToken, { record: invocationRecord(again.id, 1), status: "delivered", attemptMade: true }, T + LEASE + 2)).toBe(true);
        seen = await store.getDelivery(first.id);
        expect(seen!.delivery).toMatchObject({ status: "delivered", attempts: 1 });
        // Finished: the stale token still does not apply, and a repeated completion of the current claim
        // (a call retried after a lost connection) changes nothing either.
        expect(await store.completeAttempt(first.id, first.leaseToken, { record: invocationRecord(first.id, 1), status: "retrying", nextAttemptAt: T, attemptMade: true }, T + LEASE + 3)).toBe(false);
        await store.completeAttempt(again.id, again.leaseToken, { record: invocationRecord(again.id, 1), status: "retrying", nextAttemptAt: T, attemptMade: true }, T + LEASE + 3);
        expect((await store.getDelivery(first.id))!.delivery).toMatchObject({ status: "delivered", attempts: 1 });
      });

      it("renewLease extends the lease of the claim holding it; a renewed delivery is not claimed again", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("e1")], T);
        const [c] = await claimAll(T);
        expect(await store.renewLease(c.id, c.leaseToken, T + 2 * LEASE)).toBe(true);
        expect(await claimAll(T + LEASE, "w2")).toEqual([]);
        expect(await claimAll(T + 2 * LEASE, "w2")).toMatchObject([{ id: c.id, claims: 2 }]);
        expect(await store.renewLease("dlv_unknown", c.leaseToken, T + 3 * LEASE)).toBe(false);
      });

      it("attempts count when an attempt was made; one that was not (attemptMade false) leaves them, and claims reset on any outcome", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("e1")], T);
        const [c1] = await claimAll(T);
        const local = failure(c1.id, 1, "LOCAL_RESOURCE_EXHAUSTED", true);
        expect(await store.completeAttempt(c1.id, c1.leaseToken, { record: local, status: "retrying", nextAttemptAt: T + 10, attemptMade: false }, T + 1)).toBe(true);
        expect((await store.getDelivery(c1.id))!.delivery).toMatchObject({ status: "retrying", attempts: 0 });
        const [c2] = await claimAll(T + 10);
        expect(c2).toMatchObject({ attempts: 0, claims: 1 });
        await store.completeAttempt(c2.id, c2.leaseToken, { record: failure(c2.id, 1, "TIMEOUT", true), status: "retrying", nextAttemptAt: T + 20, attemptMade: true }, T + 11);
        const [c3] = await claimAll(T + 20);
        expect(c3).toMatchObject({ attempts: 1, claims: 1 });
      });

      it("excludeOrigins and limit are respected", async () => {
        await store.createWebhook(webhookConfig("audit", { url: "https://a.hooks.test/in" }), T);
        await store.createWebhook(webhookConfig("audit", { url: "https://b.hooks.test/in" }), T);
        await store.ingestEvents([auditNewEvent("x1"), auditNewEvent("x2")], T);
        const claimed = await claimAll(T, "w1", { excludeOrigins: ["https://a.hooks.test"] });
        expect(claimed.map((c) => c.origin)).toEqual(["https://b.hooks.test", "https://b.hooks.test"]);
        expect(await claimAll(T, "w1", { limit: 1 })).toHaveLength(1);
      });
    });

    describe("attempt results", () => {
      async function claimedOne() {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("e1")], T);
        const [c] = await claimAll(T);
        return c;
      }

      it("delivered: status, attempts and the stored record", async () => {
        const c = await claimedOne();
        const record = invocationRecord(c.id, 1);
        expect(await store.completeAttempt(c.id, c.leaseToken, { record, status: "delivered", attemptMade: true }, T + 100)).toBe(true);
        const got = await store.getDelivery(c.id);
        expect(got!.delivery).toMatchObject({ status: "delivered", attempts: 1, updatedAt: new Date(T + 100).toISOString() });
        expect(got!.delivery.lastError).toBeUndefined();
        expect(got!.attempts).toEqual([record]);
        expect(await claimAll(T + 10 * LEASE)).toEqual([]);
        expect(await store.nextDueAt()).toBeUndefined();
      });

      it("retrying: not claimable before nextAttemptAt, claimable at it; nextDueAt says when", async () => {
        const c = await claimedOne();
        const record = failure(c.id, 1, "TIMEOUT", true);
        await store.completeAttempt(c.id, c.leaseToken, { record, status: "retrying", nextAttemptAt: T + 5000, attemptMade: true }, T + 100);
        expect((await store.getDelivery(c.id))!.delivery).toMatchObject({
          status: "retrying",
          attempts: 1,
          nextAttemptAt: T + 5000,
          lastError: { code: "TIMEOUT", message: "failed with TIMEOUT" },
        });
        expect(await store.nextDueAt()).toBe(T + 5000);
        expect(await claimAll(T + 4999)).toEqual([]);
        expect(await claimAll(T + 5000)).toMatchObject([{ id: c.id, attempts: 1, status: "retrying" }]);
      });

      it("dead: kept with its last error; retryDelivery re-queues it due now", async () => {
        const c = await claimedOne();
        await store.completeAttempt(c.id, c.leaseToken, { record: failure(c.id, 1, "HTTP_STATUS", false), status: "dead", attemptMade: true }, T + 100);
        expect((await store.getDelivery(c.id))!.delivery).toMatchObject({ status: "dead", lastError: { code: "HTTP_STATUS" } });
        expect(await claimAll(T + 200)).toEqual([]);

        expect(await store.retryDelivery(c.id, T + 300)).toBe(true);
        expect((await store.getDelivery(c.id))!.delivery).toMatchObject({ status: "retrying", nextAttemptAt: T + 300 });
        const [again] = await claimAll(T + 300);
        expect(again).toMatchObject({ id: c.id, attempts: 1 });
        await store.completeAttempt(again.id, again.leaseToken, { record: invocationRecord(c.id, 2), status: "delivered", attemptMade: true }, T + 400);
        expect((await store.getDelivery(c.id))!.attempts.map((a) => [a.attempt, a.result])).toEqual([
          [1, "failure"],
          [2, "success"],
        ]);
        // Delivered and unknown deliveries are not retried.
        expect(await store.retryDelivery(c.id, T + 500)).toBe(false);
        expect(await store.retryDelivery("dlv_unknown", T + 500)).toBe(false);
      });

      it("deleting a webhook kills its queued deliveries, which cannot be retried", async () => {
        const w = await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("e1")], T);
        await store.deleteWebhook(w.id, T + 1);
        const [d] = await store.listDeliveries({ webhookId: w.id });
        expect(d).toMatchObject({ status: "dead", lastError: { code: "WEBHOOK_DELETED" } });
        expect(await store.retryDelivery(d.id, T + 2)).toBe(false);
        expect(await claimAll(T + 2)).toEqual([]);
      });
    });

    describe("queries", () => {
      it("listDeliveries filters by webhook and status, newest first, with a limit", async () => {
        const a = await store.createWebhook(webhookConfig("audit"), T);
        const b = await store.createWebhook(webhookConfig("audit"), T);
        for (let i = 0; i < 3; i++) await store.ingestEvents([auditNewEvent(`l${i}`)], T + i);
        const [c] = await claimAll(T + 10, "w1", { limit: 1 });
        await store.completeAttempt(c.id, c.leaseToken, { record: invocationRecord(c.id, 1), status: "delivered", attemptMade: true }, T + 11);

        expect((await store.listDeliveries({ webhookId: a.id })).map((d) => d.eventId)).toEqual(["l2", "l1", "l0"]);
        expect((await store.listDeliveries({ webhookId: b.id, limit: 2 })).map((d) => d.eventId)).toEqual(["l2", "l1"]);
        expect((await store.listDeliveries({ status: "delivered" })).map((d) => d.id)).toEqual([c.id]);
        expect(await store.listDeliveries({ webhookId: "wh_none" })).toEqual([]);
        expect(await store.getDelivery("dlv_none")).toBeUndefined();
      });

      it("pageDeliveries: a cursor walks every row once, newest first, also with ties and rows added meanwhile; since/until filter", async () => {
        await store.createWebhook(webhookConfig("audit"), T);
        // 25 events in 5 batches that share a created_at: ties are ordered by insertion.
        for (let b = 0; b < 5; b++) await store.ingestEvents(Array.from({ length: 5 }, (_, i) => auditNewEvent(`p${b}-${i}`)), T + b * 1000);
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await store.pageDeliveries({ limit: 4, ...(cursor === undefined ? {} : { cursor }) });
          seen.push(...page.deliveries.map((d) => d.eventId));
          if (pages === 0) await store.ingestEvents([auditNewEvent("p-late")], T + 9000); // newer: not in this walk
          cursor = page.nextCursor;
          if (cursor === undefined) break;
        }
        const expected = [4, 3, 2, 1, 0].flatMap((b) => [4, 3, 2, 1, 0].map((i) => `p${b}-${i}`));
        expect(seen).toEqual(expected);
        const window = await store.pageDeliveries({ since: T + 1000, until: T + 3000, limit: 100 });
        expect(window.deliveries.map((d) => d.eventId)).toEqual(["p2-4", "p2-3", "p2-2", "p2-1", "p2-0", "p1-4", "p1-3", "p1-2", "p1-1", "p1-0"]);
        expect(window.nextCursor).toBeUndefined();
        await expect(store.pageDeliveries({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "API_INVALID_QUERY", path: "cursor" });
      });

      it("stats: counts by status, queue depth and the age of the oldest due delivery", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        expect(await store.stats(T)).toEqual({
          byStatus: { pending: 0, retrying: 0, delivered: 0, dead: 0 },
          queueDepth: 0,
          oldestDueAgeMs: 0,
        });
        await store.ingestEvents([requestNewEvent("s1")], T);
        await store.ingestEvents([requestNewEvent("s2"), requestNewEvent("s3")], T + 1000);
        const [c] = await claimAll(T + 1000, "w1", { limit: 1 });
        await store.completeAttempt(c.id, c.leaseToken, { record: failure(c.id, 1, "HTTP_STATUS", false), status: "dead", attemptMade: true }, T + 1000);
        expect(await store.stats(T + 3000)).toEqual({
          byStatus: { pending: 2, retrying: 0, delivered: 0, dead: 1 },
          queueDepth: 2,
          oldestDueAgeMs: 2000,
        });
      });

      it("pageDeliveries filters by the event's type", async () => {
        const w = await store.createWebhook(webhookConfig("request", { triggers: ["RequestCreated", "RequestGranted"] }), T);
        await store.ingestEvents([requestNewEvent("t1"), requestNewEvent("t2", "RequestGranted"), requestNewEvent("t3")], T);
        const created = await store.pageDeliveries({ webhookId: w.id, eventType: "RequestCreated", limit: 1 });
        expect(created.deliveries.map((d) => d.eventId)).toEqual(["t3"]);
        const rest = await store.pageDeliveries({ webhookId: w.id, eventType: "RequestCreated", limit: 1, cursor: created.nextCursor as string });
        expect(rest.deliveries.map((d) => d.eventId)).toEqual(["t1"]);
        expect(rest.nextCursor).toBeUndefined();
        expect((await store.pageDeliveries({ eventType: "RequestGranted" })).deliveries.map((d) => d.eventId)).toEqual(["t2"]);
        expect((await store.pageDeliveries({ eventType: "RequestExpired" })).deliveries).toEqual([]);
      });

      it("webhookActivity: deliveries since a time by status, and each live webhook's newest delivery", async () => {
        const a = await store.createWebhook(webhookConfig("request", { name: "a" }), T);
        const idle = await store.createWebhook(webhookConfig("audit", { name: "idle" }), T);
        await store.ingestEvents([requestNewEvent("old")], T);
        await store.ingestEvents([requestNewEvent("n1"), requestNewEvent("n2")], T + 5000);
        // The oldest (created before the window) dies; the two in the window stay pending.
        const [c] = await claimAll(T + 5000, "w1", { limit: 1 });
        expect(c.eventId).toBe("old");
        await store.completeAttempt(c.id, c.leaseToken, { record: failure(c.id, 1, "HTTP_STATUS", false), status: "dead", attemptMade: true }, T + 6000);
        const rows = await store.webhookActivity(T + 1000);
        const ofA = rows.find((r) => r.webhookId === a.id);
        expect(ofA?.byStatus).toEqual({ pending: 2, retrying: 0, delivered: 0, dead: 0 });
        expect((await store.webhookActivity(T)).find((r) => r.webhookId === a.id)?.byStatus).toEqual({ pending: 2, retrying: 0, delivered: 0, dead: 1 });
        expect(ofA?.last?.deliveryId).toBe((await store.pageDeliveries({ webhookId: a.id, limit: 1 })).deliveries[0].id);
        expect(rows.find((r) => r.webhookId === idle.id)).toEqual({ webhookId: idle.id, byStatus: { pending: 0, retrying: 0, delivered: 0, dead: 0 } });
        await store.deleteWebhook(idle.id, T + 7000);
        expect((await store.webhookActivity(T)).map((r) => r.webhookId)).toEqual([a.id]);
      });

      it("listVersions: every version of a live webhook, newest first, secrets opened; undefined once deleted", async () => {
        const w = await store.createWebhook(webhookConfig("request", { name: "v" }), T);
        await store.updateWebhook(w.id, webhookConfig("request", { name: "v", timeoutSeconds: 9 }), T + 1000);
        const versions = await store.listVersions(w.id);
        expect(versions?.map((v) => [v.version, v.createdAt, (v.config as { timeoutSeconds?: number }).timeoutSeconds])).toEqual([
          [2, new Date(T + 1000).toISOString(), 9],
          [1, new Date(T).toISOString(), webhookConfig("request").timeoutSeconds],
        ]);
        expect(await store.listVersions("wh_none")).toBeUndefined();
        await store.deleteWebhook(w.id, T + 2000);
        expect(await store.listVersions(w.id)).toBeUndefined();
      });

      it("source offsets start at 0 and are saved with the batch (also an empty one)", async () => {
        expect(await store.sourceOffset("file-a")).toBe(0);
        await store.ingestEvents([requestNewEvent("o1")], T, { name: "file-a", offset: 120 });
        await store.ingestEvents([], T, { name: "file-b", offset: 7 });
        expect(await store.sourceOffset("file-a")).toBe(120);
        expect(await store.sourceOffset("file-b")).toBe(7);
      });
    });

    describe("retention", () => {
      it("purge removes finished deliveries, their attempts and events older than the cut; queued work stays", async () => {
        await store.createWebhook(webhookConfig("request"), T);
        await store.ingestEvents([requestNewEvent("old-done"), requestNewEvent("old-queued")], T);
        await store.ingestEvents([requestNewEvent("old-unmatched", "RequestGranted")], T);
        const [done] = await claimAll(T, "w1", { limit: 1 });
        expect(done.eventId).toBe("old-done");
        await store.completeAttempt(done.id, done.leaseToken, { record: invocationRecord(done.id, 1), status: "delivered", attemptMade: true }, T + 10);
        await store.ingestEvents([requestNewEvent("new")], T + 10_000);

        expect(await store.purge(T + 5000)).toEqual({ attempts: 1, deliveries: 1, events: 2 });
        expect(await store.getDelivery(done.id)).toBeUndefined();
        expect((await store.listDeliveries({})).map((d) => d.eventId).sort()).toEqual(["new", "old-queued"]);
        // A purged event id is new again; a kept one is still a duplicate.
        const again = await store.ingestEvents([requestNewEvent("old-done"), requestNewEvent("old-queued")], T + 20_000);
        expect(again.events.map((e) => e.duplicate)).toEqual([false, true]);
        expect(await store.purge(T + 5000)).toEqual({ attempts: 0, deliveries: 0, events: 0 });
      });
    });
  });
}
