// A real runtime process and a real loopback HTTPS receiver for the provider's
// integration tests, plus a plain-object stand-in for the engine's Config.
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";

export const ADMIN_TOKEN = "provider-admin-token-0123456789abcdef";
const INGEST_TOKEN = "provider-ingest-token-0123456789abcdef";

export interface ProviderWorld {
  ca: TestCa;
  rx: Receiver;
  runtime: RuntimeProcess & { port: number };
  /** A call to the runtime's admin API, answered as is. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** The names of every webhook the runtime holds (GET /v1/webhooks). */
  registeredNames(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startWorld(prefix: string): Promise<ProviderWorld> {
  const ca = createTestCa();
  const rx = await startReceiver({ tls: ca });
  const tmp = tempDir(prefix);
  const runtime = await startRuntimeProcess({
    dir: tmp.dir,
    config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
    adminToken: ADMIN_TOKEN,
    ingestToken: INGEST_TOKEN,
  });
  const admin: ProviderWorld["admin"] = async (method, path, body) => {
    const r = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, json: text === "" ? undefined : JSON.parse(text) };
  };
  return {
    ca,
    rx,
    runtime,
    admin,
    async registeredNames() {
      const r = await admin("GET", "/v1/webhooks");
      return (r.json as { webhooks: Array<{ name: string }> }).webhooks.map((w) => w.name);
    },
    async close() {
      await runtime.kill("SIGKILL");
      await rx.close();
      ca.dispose();
      tmp.remove();
    },
  };
}

/** The engine's Config for configure(): fully qualified keys, as the engine passes them to dynamic providers. */
export function stackConfig(values: Record<string, string>): { config: { get(key: string): string | undefined } } {
  return { config: { get: (key: string) => values[key] } };
}
