// Issue 13 item 3, the shipped heap cap: `webhooks runtime start` (the built CLI, a real process)
// runs the runtime with V8's heap capped at memory.maxHeapMb (default 192), the default cap holds
// the default ingest budget under a burst of wide events, and a runtime that does run out of heap
// exits 1 with a line naming the limit instead of thrashing or being OOM-killed.
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { ADMIN, INGEST, rawPost } from "./apiHelpers";

jest.setTimeout(90_000);

const tmp = tempDir("webhooks-heap-cap-");
afterAll(() => tmp.remove());

/** The heap limit the runtime reports in its "runtime started" log line. */
function heapLimitMb(rt: RuntimeProcess): number {
  const line = rt
    .output()
    .split("\n")
    .find((l) => l.includes('"msg":"runtime started"'));
  if (line === undefined) throw new Error(`no "runtime started" line in:\n${rt.output()}`);
  return (JSON.parse(line) as { heapLimitMb: number }).heapLimitMb;
}

async function withRuntime<T>(name: string, config: Record<string, unknown>, env: Record<string, string>, body: (rt: RuntimeProcess) => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let rt: RuntimeProcess;
  try {
    mkdirSync(join(tmp.dir, name));
    rt = await startRuntimeProcess({ dir: join(tmp.dir, name), config, adminToken: ADMIN, ingestToken: INGEST });
  } finally {
    process.env = saved;
  }
  try {
    return await body(rt);
  } finally {
    if (rt.child.exitCode === null && rt.child.signalCode === null) await rt.kill("SIGKILL");
  }
}

describe("the runtime's heap is capped by default", () => {
  // heap_size_limit is the old-space cap plus the young generation, which the runtime fixes at 48 MB (Node 24
  // would pick 192 MB); Node's own limit on this 24 GiB machine is about 4 GB.
  it("runs with the 192 MB default cap when nothing is configured: 240 MB of heap on every Node", async () => {
    expect(await withRuntime("default", {}, {}, async (rt) => heapLimitMb(rt))).toBe(192 + 48);
  });

  it("takes memory.maxHeapMb from the config and WEBHOOKS_MAX_HEAP_MB from the environment", async () => {
    expect(await withRuntime("config", { memory: { maxHeapMb: 512 } }, {}, async (rt) => heapLimitMb(rt))).toBe(512 + 48);
    const fromEnv = await withRuntime("env", { memory: { maxHeapMb: 512 } }, { WEBHOOKS_MAX_HEAP_MB: "320" }, async (rt) => heapLimitMb(rt));
    expect(fromEnv).toBe(320 + 48);
  });

  it("runs with Node's own limit when memory.maxHeapMb is 0", async () => {
    expect(await withRuntime("uncapped", { memory: { maxHeapMb: 0 } }, {}, async (rt) => heapLimitMb(rt))).toBeGreaterThan(1000);
  });

  it("is still one process: SIGTERM drains and exits 0, SIGKILL of the pid leaves nothing listening", async () => {
    await withRuntime("signals", {}, {}, async (rt) => {
      expect(await rt.kill("SIGTERM")).toBe(0);
      expect(rt.output()).toContain('"msg":"runtime stopped"');
    });
    await withRuntime("sigkill", {}, {}, async (rt) => {
      await rt.kill("SIGKILL");
      await expect(fetch(`${rt.url}/healthz`)).rejects.toThrow();
    });
  });

  it("refuses a cap below what the ingest budget may hold parsed, naming both fields and the fix", async () => {
    const dir = tempDir("webhooks-heap-cap-bad-");
    try {
      const file = dir.write("runtime.json", JSON.stringify({ listen: "127.0.0.1:0", dataDir: join(dir.dir, "data"), memory: { maxHeapMb: 100 } }));
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, [join(REPO_ROOT, "dist/provider/cli/main.js"), "runtime", "start", "--config", file], (_e, _out, err) => resolve({ code: child.exitCode, stderr: err }));
      });
      expect(code).toBe(1);
      expect(stderr).toContain("memory.maxHeapMb 100 is below the 144 MB that ingest.maxBytesInFlight (10485760 bytes) may hold parsed");
      expect(stderr).toContain("RUNTIME_CONFIG_INVALID");
    } finally {
      dir.remove();
    }
  });
});

describe("the default cap holds the default ingest budget", () => {
  it("answers a burst of 24 concurrent 3.5 MB, 300,000-key events with 202 or 503 + Retry-After and stays up", async () => {
    const event = mockRequestEvent("RequestCreated") as unknown as { data: Record<string, unknown> };
    const attributes: Record<string, number> = {};
    for (let k = 0; k < 300_000; k++) attributes[`k${k}`] = k % 10;
    const text = JSON.stringify({ ...event, id: "wide-000", data: { ...event.data, attributes } });
    await withRuntime("burst", {}, {}, async (rt) => {
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) => rawPost(rt.url, "/v1/events/request", Buffer.from(text.replace("wide-000", `wide-${String(i).padStart(3, "0")}`)), { token: INGEST })),
      );
      expect(answers.every((a) => a.status === 202 || a.status === 503)).toBe(true);
      expect(answers.filter((a) => a.status === 202).length).toBeGreaterThan(0);
      expect(rt.child.exitCode).toBeNull();
      expect((await fetch(`${rt.url}/healthz`)).status).toBe(200);
      expect(rt.output()).not.toContain("ran out of heap");
    });
  });
});

describe("out of heap", () => {
  it("ends the process with exit 1 and a RUNTIME_OUT_OF_HEAP line naming memory.maxHeapMb", async () => {
    const worker = join(REPO_ROOT, "dist/provider/cli/heapCappedWorker.js");
    const fixture = join(REPO_ROOT, "test/fixtures/runtime/allocateForever.js");
    const driver = `require(${JSON.stringify(worker)}).runHeapCapped(${JSON.stringify(fixture)}, [], 64).then((c) => { process.exitCode = c; })`;
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ["-e", driver], { timeout: 60_000 }, (_e, _out, err) => resolve({ code: child.exitCode, stderr: err }));
    });
    expect(code).toBe(1);
    const line = JSON.parse(stderr.trim().split("\n").pop() as string) as { level: string; msg: string; error: { code: string } };
    expect(line.level).toBe("error");
    expect(line.error.code).toBe("RUNTIME_OUT_OF_HEAP");
    expect(line.msg).toContain("memory.maxHeapMb = 64");
  });
});
