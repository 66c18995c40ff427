// /healthz and /metrics against a real runtime (in-process, real store, real HTTP):
// neither counts the deliveries table per request (issue 13 item 4: 64 scrapers moved
// ingest p50 from 2 ms to seconds), counters are right at once, and a metrics token,
// when configured, is required. The store's `stats` is wrapped to count its calls.
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { createEngine } from "../../../provider/runtime/createEngine";
import { startRuntime, type RunningRuntime } from "../../../provider/runtime/startRuntime";
import { TestStores, type StoreKind } from "../../support/storeKinds";
import { tempDir } from "../../support/tempFiles";
import { ADMIN, Api, INGEST } from "./apiHelpers";

const METRICS = "it-metrics-token-2c8e5a9f0b7d3146";

export function systemRoutesSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    jest.setTimeout(60_000);
    const stores = new TestStores(kind);
    const tmp = tempDir("webhooks-system-");
    const running: RunningRuntime[] = [];
    afterAll(async () => {
      await Promise.all(running.map((r) => r.stop()));
      await stores.dispose();
      tmp.remove();
    });

    /** A runtime whose store counts its `stats` calls. */
    async function start(name: string, env: Record<string, string> = {}): Promise<{ api: Api; statsCalls: () => number }> {
      const dataDir = `${tmp.dir}/${name}`;
      let calls = 0;
      const runtime = await startRuntime({
        env: {
          WEBHOOKS_LISTEN: "127.0.0.1:0",
          WEBHOOKS_DATA_DIR: dataDir,
          WEBHOOKS_STORE: await stores.storeFor(dataDir),
          WEBHOOKS_ADMIN_TOKEN: ADMIN,
          WEBHOOKS_INGEST_TOKEN: INGEST,
          WEBHOOKS_LOG_LEVEL: "error",
          ...env,
        },
        out: () => undefined,
        logWrite: () => undefined,
        async createEngine(options) {
          const engine = await createEngine(options);
          const stats = engine.store.stats.bind(engine.store);
          engine.store.stats = (now) => {
            calls += 1;
            return stats(now);
          };
          return engine;
        },
      });
      running.push(runtime);
      return { api: new Api(runtime.url), statsCalls: () => calls };
    }

    const event = (id: string) => ({ ...mockRequestEvent("RequestCreated"), id });

    describe("without a metrics token", () => {
      let api: Api;
      let statsCalls: () => number;
      beforeAll(async () => ({ api, statsCalls } = await start("open")));

      it("/healthz answers 200 without counting anything", async () => {
        const before = statsCalls();
        for (let i = 0; i < 20; i++) {
          const r = await api.call("GET", "/healthz", { token: null });
          expect([r.status, r.body]).toEqual([200, { status: "ok" }]);
        }
        expect(statsCalls()).toBe(before);
      });

      it("32 concurrent scrapes, then 20 more in a row, read the store's counts once", async () => {
        const before = statsCalls();
        const answers = await Promise.all(Array.from({ length: 32 }, () => api.call("GET", "/metrics", { token: null })));
        for (let i = 0; i < 20; i++) answers.push(await api.call("GET", "/metrics", { token: null }));
        expect(answers.every((a) => a.status === 200 && a.text.includes("webhooks_store_up 1\n"))).toBe(true);
        expect(statsCalls() - before).toBe(1);
      });

      it("counters are right at once after an ingest (they are kept in memory)", async () => {
        const ingest = await api.call("POST", "/v1/events/request", { token: INGEST, body: { events: [event("e1"), event("e2"), event("e1")] } });
        expect(ingest.status).toBe(202);
        const r = await api.call("GET", "/metrics", { token: null });
        expect(r.text).toContain('webhooks_events_ingested_total{kind="request"} 2\n');
        expect(r.text).toContain('webhooks_events_duplicate_total{kind="request"} 1\n');
        expect(r.text).toMatch(/webhooks_store_stats_age_seconds \d/);
      });
    });

    describe("with metricsToken (WEBHOOKS_METRICS_TOKEN)", () => {
      let api: Api;
      beforeAll(async () => ({ api } = await start("token", { WEBHOOKS_METRICS_TOKEN: METRICS })));

      it.each<[string, string | null]>([
        ["no token", null],
        ["a wrong token", "wrong-token-000000000000000000"],
        ["the ingest token", INGEST],
      ])("/metrics with %s: 401 API_UNAUTHORIZED", async (_what, token) => {
        const r = await api.call<{ error: { code: string; message: string } }>("GET", "/metrics", { token });
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe("API_UNAUTHORIZED");
        expect(r.body.error.message).toContain("the metrics token (or the admin token)");
        expect(r.text).not.toContain(METRICS);
      });

      it.each([
        ["the metrics token", METRICS],
        ["the admin token", ADMIN],
      ])("/metrics with %s: 200", async (_what, token) => {
        const r = await api.call("GET", "/metrics", { token });
        expect(r.status).toBe(200);
        expect(r.text).toContain("webhooks_build_info");
      });

      it("/healthz still needs no token", async () => {
        expect((await api.call("GET", "/healthz", { token: null })).status).toBe(200);
      });
    });
  });
}
