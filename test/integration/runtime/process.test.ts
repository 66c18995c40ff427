// The runtime as an operator runs it: a real `webhooks runtime start` process.
// First start prints generated tokens once; SIGTERM drains an attempt in flight
// and exits 0; a bad config or a taken port exits 1 with the code and path.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { VERSION } from "../../../provider/version";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { REPO_ROOT, freePort, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, requestWebhook, runtimeConfig, until } from "./apiHelpers";

jest.setTimeout(60_000);

const BIN = join(REPO_ROOT, "dist/provider/cli/main.js");
const tmp = tempDir("webhooks-process-");
const children: ChildProcess[] = [];
const runtimes: RuntimeProcess[] = [];
let ca: TestCa;
let rx: Receiver;

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `webhooks runtime start --config <file>` with no token variables, stdout and stderr kept apart. */
function spawnRuntime(configFile: string): Spawned {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("WEBHOOKS_")) delete env[name];
  const child = spawn(process.execPath, [BIN, "runtime", "start", "--config", configFile], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function healthy(url: string, s: Spawned): Promise<void> {
  await until("the runtime to answer /healthz", async () => {
    if (s.child.exitCode !== null) throw new Error(`runtime exited ${s.child.exitCode}:\n${s.stdout()}${s.stderr()}`);
    try {
      return (await fetch(`${url}/healthz`)).ok ? true : undefined;
    } catch {
      return undefined;
    }
  });
}

async function stop(s: Spawned): Promise<number | null> {
  s.child.kill("SIGTERM");
  return s.exited;
}

beforeAll(async () => {
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const r of runtimes) await r.kill("SIGKILL");
  await rx?.close();
  ca?.dispose();
  tmp.remove();
});

describe("webhooks runtime start", () => {
  it("generates tokens on the first start, prints them once, stores them 0600, and keeps them out of the log", async () => {
    const dir = join(tmp.dir, "first-start");
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const configFile = tmp.write("first-start.json", JSON.stringify({ listen: `127.0.0.1:${port}`, dataDir: dir }));

    const first = spawnRuntime(configFile);
    await healthy(url, first);
    const admin = /admin token: +(\S+)/.exec(first.stdout())?.[1];
    const ingest = /ingest token: +(\S+)/.exec(first.stdout())?.[1];
    expect(admin).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ingest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.stdout()).toBe(
      `webhooks runtime ${VERSION} listening on ${url} (store: sqlite, data dir: ${dir})\n` +
        `Generated API token(s), shown this once; kept in ${join(dir, "tokens.json")} (mode 0600):\n` +
        `  admin token:  ${admin}\n` +
        `  ingest token: ${ingest}\n`,
    );
    expect(statSync(join(dir, "tokens.json")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, "tokens.json"), "utf8"))).toEqual({ adminToken: admin, ingestToken: ingest });

    const api = new Api(url);
    expect((await api.call("GET", "/v1/webhooks", { token: admin! })).status).toBe(200);
    expect((await api.call("POST", "/v1/events/audit", { token: ingest!, body: { events: [] } })).status).toBe(202);
    expect(await stop(first)).toBe(0);

    const second = spawnRuntime(configFile);
    await healthy(url, second);
    expect(second.stdout()).toBe(first.stdout().split("\n")[0] + "\n");
    expect((await api.call("GET", "/v1/webhooks", { token: admin! })).status).toBe(200);
    expect(await stop(second)).toBe(0);

    for (const s of [first, second]) {
      const lines = s.stderr().trimEnd().split("\n");
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) {
        expect(Object.keys(JSON.parse(line) as object).slice(0, 3)).toEqual(["time", "level", "msg"]);
      }
      expect(s.stderr()).not.toContain(admin!);
      expect(s.stderr()).not.toContain(ingest!);
    }
    expect(first.stderr()).toContain('"msg":"request","method":"GET","path":"/v1/webhooks","status":200');
  });

  it("on SIGTERM lets the delivery attempt in flight finish, records it, and exits 0", async () => {
    rx.respondWith((req) => (req.url === "/slow" ? { status: 200, delayMs: 1500 } : { status: 200 }));
    const dir = join(tmp.dir, "drain");
    const config = runtimeConfig(rx.pin("hooks.test"), ca.caFile);
    const runtime = await startRuntimeProcess({ dir: tmp.dir, config: { ...config, dataDir: dir }, adminToken: ADMIN, ingestToken: INGEST });
    runtimes.push(runtime);
    const api = new Api(runtime.url);
    const { kind: _k, ...rest } = requestWebhook("slow", "/slow");
    const reg = await api.call<{ id: string }>("POST", "/v1/webhooks", { body: { kind: "request", ...rest, url: "https://hooks.test/slow" } });
    expect(reg.status).toBe(201);
    const ingested = await api.call("POST", "/v1/events/request", { token: INGEST, body: { ...mockRequestEvent("RequestCreated"), id: "evt-drain" } });
    expect(ingested.status).toBe(202);

    // The receiver has the request and holds its answer: the attempt is in flight.
    const sent = await until("the attempt to reach the receiver", async () => rx.requests.find((q) => q.url === "/slow"));
    expect(await runtime.kill("SIGTERM")).toBe(0);
    expect(runtime.output()).toContain('"msg":"runtime stopped"');
    expect(runtime.output()).not.toContain("still in flight");

    // Restarted on the same data dir: the attempt was recorded as delivered, and not sent again.
    const again = await startRuntimeProcess({ dir: tmp.dir, config: { ...config, dataDir: dir }, adminToken: ADMIN, ingestToken: INGEST, port: runtime.port });
    runtimes.push(again);
    const list = await new Api(again.url).call<{ deliveries: Array<{ id: string; status: string; attempts: number }> }>(
      "GET",
      `/v1/deliveries?webhookId=${reg.body.id}`,
    );
    expect(list.body.deliveries).toEqual([expect.objectContaining({ id: sent.headers["webhook-id"], status: "delivered", attempts: 1 })]);
    expect(rx.requests.filter((q) => q.url === "/slow")).toHaveLength(1);
    expect(await again.kill("SIGTERM")).toBe(0);
  });

  it("exits 1 with RUNTIME_CONFIG_INVALID and the path for an invalid config", async () => {
    const configFile = tmp.write("bad.yaml", "delivery:\n  concurrency: 0\n");
    const s = spawnRuntime(configFile);
    expect(await s.exited).toBe(1);
    expect(s.stderr()).toMatch(new RegExp(`^${configFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: delivery\\.concurrency: .+ \\(RUNTIME_CONFIG_INVALID\\)\n$`));
    expect(s.stdout()).toBe("");
  });

  it("exits 1 with RUNTIME_CONFIG_INVALID at listen when the port is taken", async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const configFile = tmp.write("taken.json", JSON.stringify({ listen: `127.0.0.1:${port}`, dataDir: join(tmp.dir, "taken") }));
      const s = spawnRuntime(configFile);
      expect(await s.exited).toBe(1);
      expect(s.stderr()).toContain(`${configFile}: listen: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
      expect(s.stderr()).toContain("(RUNTIME_CONFIG_INVALID)");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
