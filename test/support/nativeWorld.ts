// What every end-to-end test of the native plugin in another language needs: a
// loopback HTTPS receiver with a test CA, two real runtime processes (the second
// one for an explicit provider, with its own admin token), a temp root, and a
// PULUMI_HOME per stack with the plugin installed as a user installs it.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startReceiver, type Receiver, type RecordedRequest } from "./httpsReceiver";
import { installNativePlugin } from "./nativePlugin";
import { offlinePulumiEnv } from "./pulumiOffline";
import { startRuntimeProcess, type RuntimeProcess } from "./runtimeProcess";
import { createTestCa, type TestCa } from "./testCa";

export interface AdminApi {
  url: string;
  token: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** The registered webhooks' names, sorted. */
  names(): Promise<string[]>;
  /** Registers a request webhook out of band, as a person with the admin token would; returns its id. */
  registerByHand(name: string, url: string): Promise<string>;
  /** Deactivates a webhook out of band (GET, then PUT it back with active: false). */
  deactivateByHand(id: string): Promise<void>;
}

export interface NativeWorld {
  root: string;
  rx: Receiver;
  primary: AdminApi;
  second: AdminApi;
  requestsTo(path: string): RecordedRequest[];
  /** Offline CLI environment under `dir` with the native plugin installed into its PULUMI_HOME. */
  stackEnv(dir: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

function adminApi(runtime: RuntimeProcess, token: string): AdminApi {
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) };
  };
  const names = async () => ((await call("GET", "/v1/webhooks")).json as { webhooks: Array<{ name: string }> }).webhooks.map((w) => w.name).sort();
  const registerByHand = async (name: string, url: string) => {
    const made = await call("POST", "/v1/webhooks", { kind: "request", name, url, triggers: ["RequestApproved"], bodyTemplate: '{"by": "hand"}' });
    if (made.status !== 201) throw new Error(`registering ${name} by hand: HTTP ${made.status} ${JSON.stringify(made.json)}`);
    return (made.json as { id: string }).id;
  };
  const deactivateByHand = async (id: string) => {
    // A body read back from GET carries **** for secrets; PUT keeps their stored values.
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...config } = (await call("GET", `/v1/webhooks/${id}`)).json as Record<string, unknown>;
    const put = await call("PUT", `/v1/webhooks/${id}`, { ...config, active: false });
    if (put.status !== 200) throw new Error(`deactivating ${id} by hand: HTTP ${put.status} ${JSON.stringify(put.json)}`);
  };
  return { url: runtime.url, token, call, names, registerByHand, deactivateByHand };
}

/** Starts the receiver (hooks.test pinned to it) and two runtimes that trust the test CA. */
export async function startNativeWorld(prefix: string): Promise<NativeWorld> {
  const root = mkdtempSync(join(tmpdir(), `webhooks-${prefix}-`));
  const ca: TestCa = createTestCa();
  const rx = await startReceiver({ tls: ca });
  const runtimes: RuntimeProcess[] = [];
  const start = async (name: string, token: string) => {
    mkdirSync(join(root, name));
    const runtime = await startRuntimeProcess({
      dir: join(root, name),
      config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
      adminToken: token,
      ingestToken: `${token}-ingest`,
    });
    runtimes.push(runtime);
    return adminApi(runtime, token);
  };
  const primary = await start("runtime-a", `${prefix}-admin-a-6c0e91f2d4b7`);
  const second = await start("runtime-b", `${prefix}-admin-b-1f84a3c9e25d`);
  return {
    root,
    rx,
    primary,
    second,
    requestsTo: (path) => rx.requests.filter((r) => r.url === path),
    async stackEnv(dir) {
      const env = offlinePulumiEnv(dir);
      await installNativePlugin(env.PULUMI_HOME);
      return env;
    },
    async close() {
      for (const runtime of runtimes) await runtime.kill("SIGKILL");
      await rx.close();
      ca.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` as text, for the plaintext-secret scan of state and logs. */
export function allText(dir: string): string {
  let out = "";
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    out += statSync(path).isDirectory() ? allText(path) : readFileSync(path, "utf8");
  }
  return out;
}
