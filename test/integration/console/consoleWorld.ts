// The console tests' world: a real runtime process (the built CLI) delivering to
// a loopback HTTPS receiver, with a few webhooks registered by bearer token the
// way the provider does (one active, one inactive, one whose receiver fails).
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { TestStores, type StoreKind } from "../../support/storeKinds";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, requestWebhook, runtimeConfig, until } from "../runtime/apiHelpers";

export { ADMIN, INGEST, until };
/** The runtime's read token: every GET of the admin API, a read-only console session. */
export const READ = "it-read-token-2e7d9a41c6b8f035";

export interface ConsoleWorld {
  runtime: RuntimeProcess;
  rx: Receiver;
  api: Api;
  /** Webhook ids by name. */
  ids: Record<"active" | "inactive" | "failing" | "bulk", string>;
  /** While true, the receiver answers 500 on /fail paths. */
  setFailing(on: boolean): void;
  /** Ingests `count` mock events of a trigger in batches of 1,000 (RequestExpired: only the bulk webhook takes it). */
  ingest(trigger: Parameters<typeof mockRequestEvent>[0], count: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleWorld(kind: StoreKind = "sqlite"): Promise<ConsoleWorld> {
  const tmp = tempDir("webhooks-console-");
  const stores = new TestStores(kind);
  const ca: TestCa = createTestCa();
  const rx = await startReceiver({ tls: ca });
  let failing = true;
  rx.respondWith((req) => (req.url.startsWith("/fail") && failing ? { status: 500, body: '{"error":"down"}' } : { status: 200, body: '{"ok":true}' }));
  const runtime = await startRuntimeProcess({
    dir: tmp.dir,
    config: runtimeConfig(rx.pin("hooks.test"), ca.caFile, { store: await stores.storeFor(tmp.dir), readToken: READ, ingest: { maxBodyBytes: 8 * 1024 * 1024, maxBatch: 1000 } }),
    adminToken: ADMIN,
    ingestToken: INGEST,
  });
  const api = new Api(runtime.url);
  const register = async (body: Record<string, unknown>) => {
    const r = await api.call<{ id: string }>("POST", "/v1/webhooks", { body });
    if (r.status !== 201) throw new Error(`register failed: ${r.text}`);
    return r.body.id;
  };
  const managedBy = { project: "shop", stack: "prod", resource: "orders" };
  const ids = {
    active: await register({ ...requestWebhook("orders-active", "/ok", { triggers: ["RequestCreated", "RequestGranted", "Manual"] }), managedBy }),
    inactive: await register({ ...requestWebhook("paused-inactive", "/ok"), active: false }),
    failing: await register(requestWebhook("always-fails", "/fail")),
    // The only webhook that takes RequestExpired: bulk seeding lands here alone.
    bulk: await register(requestWebhook("bulk-sink", "/bulk", { triggers: ["RequestExpired"] })),
  };
  return {
    runtime,
    rx,
    api,
    ids,
    setFailing: (on) => (failing = on),
    async ingest(trigger, count) {
      for (let done = 0; done < count; done += 1000) {
        const events = Array.from({ length: Math.min(1000, count - done) }, () => mockRequestEvent(trigger));
        const r = await api.call("POST", "/v1/events/request", { token: INGEST, body: { events } });
        if (r.status !== 202) throw new Error(`ingest failed: ${r.text.slice(0, 300)}`);
      }
    },
    async stop() {
      await runtime.kill("SIGKILL");
      await stores.dispose();
      await rx.close();
      ca.dispose();
      tmp.remove();
    },
  };
}
