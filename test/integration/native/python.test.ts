// A Python Automation API inline program (test/fixtures/pulumi/native-python/auto.py) on
// the generated Python SDK and the installed native plugin — no Python language host —
// against two real runtimes and a loopback HTTPS receiver: up, preview --diff, refresh
// after an out-of-band change, import, .get and getWebhook, an explicit provider for a
// second runtime, destroy, no plaintext secret in state.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { allText, startNativeWorld, type NativeWorld } from "../../support/nativeWorld";
import { PULUMI_BIN, requireTools } from "../../support/pulumiStack";
import { pythonVenv } from "../../support/pythonVenv";
import { REPO_ROOT } from "../../support/runtimeProcess";

jest.setTimeout(240_000);

const AUTO = join(REPO_ROOT, "test/fixtures/pulumi/native-python/auto.py");
const TEMPLATE_V1 = '{"v": 1, "id": "{{data.id}}"}';
const TEMPLATE_V2 = '{"v": 2, "requester": "{{data.requester.email}}"}';
const HEADER_SECRET = "python-header-secret-2a9d4f60";

interface AutoResult {
  changes?: Record<string, number>;
  outputs?: Record<string, unknown>;
  stdout?: string;
}

let world: NativeWorld;
let python = "";
let dir = "";
let env: Record<string, string> = {};
const printed: string[] = [];
const ids = { request: "", imported: "" };

/** Runs auto.py asynchronously (the receiver answers from this process) and parses its last line. */
function auto(command: string, settings: Record<string, string> = {}): Promise<AutoResult> {
  const e2e = {
    requestUrl: "https://hooks.test/py/requests",
    auditUrl: "https://hooks.test/py/audit",
    template: TEMPLATE_V1,
    secondUrl: world.second.url,
    secondToken: world.second.token,
    runtimeUrl: world.primary.url,
    runtimeToken: world.primary.token,
    headerValue: HEADER_SECRET,
    workDir: join(dir, "work"),
    pulumiRoot: join(PULUMI_BIN, ".."),
    importId: "",
    env,
    ...settings,
  };
  const child = spawn(python, [AUTO, command], { env: { ...process.env, ...env, WEBHOOKS_E2E: JSON.stringify(e2e) }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => {
      printed.push(stdout, stderr);
      if (status !== 0) reject(new Error(`auto.py ${command} exited ${status}:\n${stdout}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as AutoResult);
    });
  });
}

beforeAll(async () => {
  requireTools();
  python = await pythonVenv();
  world = await startNativeWorld("native-python");
  dir = join(world.root, "stack");
  mkdirSync(join(dir, "work"), { recursive: true });
  env = await world.stackEnv(dir);
});

afterAll(async () => {
  await world?.close();
});

test("up runs each Test invocation, registers through both runtimes, and .get / getWebhook read it back", async () => {
  const up = await auto("up");
  // The stack, the explicit provider and the two webhooks; the .get is a read.
  expect(up.changes).toEqual({ create: 4 });
  expect(printed.join("\n")).not.toContain("from $PATH");
  const [requestTest] = world.requestsTo("/py/requests");
  expect(JSON.parse(requestTest.body)).toEqual({ v: 1, id: "8c1f0b7e-3d2a-4a8e-9a51-6f0d2c7b9e14" });
  expect(requestTest.headers["x-api-key"]).toBe(HEADER_SECRET);
  expect(world.requestsTo("/py/audit")).toHaveLength(1);
  expect(await world.primary.names()).toEqual(["python access requests"]);
  expect(await world.second.names()).toEqual(["python audit log"]);
  // getWebhook shows the registration with its secrets masked.
  expect(up.outputs).toMatchObject({ lookedName: "python access requests", lookedTemplate: TEMPLATE_V1, foundVersion: 1, foundHeaders: { "X-Api-Key": "****" } });
  ids.request = up.outputs?.requestId as string;
  expect(ids.request).toMatch(/^wh_/);
});

test("preview --diff of a changed template shows that property, as an update", async () => {
  const preview = await auto("preview", { template: TEMPLATE_V2 });
  expect(preview.changes).toMatchObject({ update: 1 });
  expect(preview.stdout).toMatch(/~ webhooks:index:RequestWebhook: \(update\)/);
  expect(preview.stdout).toMatch(/~ bodyTemplate: \(json\)/);
  expect(preview.stdout).toMatch(/~ v\s*: 1 => 2/);
});

test("refresh picks up an out-of-band change made through the runtime's API", async () => {
  await world.primary.deactivateByHand(ids.request);
  // Both the webhook and its .get read the changed registration.
  expect((await auto("refresh")).changes).toMatchObject({ update: 2 });
  const preview = await auto("preview");
  expect(preview.stdout).toMatch(/~ active\s*: false => true/);
});

test("the import option adopts a registration made through the API (no Python language host for `pulumi import`)", async () => {
  ids.imported = await world.primary.registerByHand("python by hand", "https://hooks.test/py/by-hand");
  const up = await auto("up", { importId: ids.imported });
  expect(up.changes).toMatchObject({ import: 1 });
  expect((await world.primary.call("GET", `/v1/webhooks/${ids.imported}`)).json).toMatchObject({ version: 1, name: "python by hand" });
  // Adopting runs no Test invocation: the receiver never heard of it.
  expect(world.requestsTo("/py/by-hand")).toEqual([]);
});

test("destroy deletes every registration in both runtimes, and no secret is in state in plaintext", async () => {
  const state = allText(join(dir, "state"));
  expect(state.includes(ids.imported)).toBe(true);
  for (const secret of [HEADER_SECRET, world.second.token, world.primary.token]) {
    expect(state.includes(secret)).toBe(false);
    expect(printed.join("\n").includes(secret)).toBe(false);
  }
  expect((await auto("destroy", { importId: ids.imported })).changes).toMatchObject({ delete: 5 });
  expect(await world.primary.names()).toEqual([]);
  expect(await world.second.names()).toEqual([]);
});
