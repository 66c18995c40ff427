// A Pulumi YAML program (pulumi-language-yaml v1.25.0 from `make pulumi`) on the
// native plugin installed with `pulumi plugin install --file`, against real
// runtimes and a loopback HTTPS receiver: up, preview --diff, refresh after an
// out-of-band change, import with YAML code generation, get:, an explicit
// provider for a second runtime, destroy, and no plaintext secret in state.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { installNativePlugin } from "../../support/nativePlugin";
import { allText, startNativeWorld, type NativeWorld } from "../../support/nativeWorld";
import { PULUMI_BIN, PulumiStack, requireTools } from "../../support/pulumiStack";
import { REPO_ROOT } from "../../support/runtimeProcess";

jest.setTimeout(180_000);

const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/native-yaml");
// The program's two body templates (Pulumi.yaml, variables.templates), chosen by config templateIndex.
const TEMPLATE_V1 = '{"v": 1, "id": "{{data.id}}"}';
const HEADER_SECRET = "yaml-header-secret-5e0b77c1";

let world: NativeWorld;
let stack: PulumiStack;
const ids = { request: "", audit: "", imported: "" };

beforeAll(async () => {
  requireTools();
  if (!existsSync(join(PULUMI_BIN, "pulumi-language-yaml"))) throw new Error(`${PULUMI_BIN}/pulumi-language-yaml is missing: run "make pulumi" first`);
  world = await startNativeWorld("native-yaml");
  stack = new PulumiStack(world.root, "yaml", PROGRAM);
  await installNativePlugin(join(stack.dir, "home"));
  await stack.init(
    { "webhooks:runtimeUrl": world.primary.url, requestUrl: "https://hooks.test/yaml/requests", auditUrl: "https://hooks.test/yaml/audit", templateIndex: "0", secondUrl: world.second.url },
    { "webhooks:runtimeToken": world.primary.token, secondToken: world.second.token, headerValue: HEADER_SECRET },
  );
});

afterAll(async () => {
  await world?.close();
});

test("up runs each Test invocation, registers through the stack's runtime and the explicit provider's, and get: reads it back", async () => {
  const up = await stack.ok("up", "--yes");
  expect(up).toMatch(/\+ 4 created/);
  expect(up).not.toContain("from $PATH");
  const [requestTest] = world.requestsTo("/yaml/requests");
  expect(JSON.parse(requestTest.body)).toEqual({ v: 1, id: "8c1f0b7e-3d2a-4a8e-9a51-6f0d2c7b9e14" });
  expect(requestTest.headers["x-api-key"]).toBe(HEADER_SECRET);
  expect(world.requestsTo("/yaml/audit")).toHaveLength(1);
  expect(await world.primary.names()).toEqual(["yaml access requests"]);
  expect(await world.second.names()).toEqual(["yaml audit log"]);

  const outputs = JSON.parse(await stack.ok("stack", "output", "--json")) as Record<string, string | number>;
  expect(outputs).toMatchObject({ requestVersion: 1, lookedName: "yaml access requests", lookedTemplate: TEMPLATE_V1 });
  ids.request = outputs.requestId as string;
  ids.audit = outputs.auditId as string;
  expect(ids.request).toMatch(/^wh_/);
});

test("preview --diff of a changed template shows that property, as an update", async () => {
  await stack.ok("config", "set", "templateIndex", "1");
  const preview = await stack.ok("preview", "--diff");
  expect(preview).toMatch(/~ webhooks:index:RequestWebhook: \(update\)/);
  expect(preview).toMatch(/~ bodyTemplate\s*:/);
  expect(preview).toMatch(/~ v\s*: 1 => 2/);
  await stack.ok("config", "set", "templateIndex", "0");
});

test("refresh picks up an out-of-band change made through the runtime's API", async () => {
  await world.primary.deactivateByHand(ids.request);
  await stack.ok("refresh", "--yes");
  const hook = (await stack.resources()).find((r) => r.id === ids.request);
  expect(hook?.outputs).toMatchObject({ active: false, version: 2 });
  // The program still says active (the default): the next preview wants it back.
  expect(await stack.ok("preview", "--diff")).toMatch(/~ active\s*: false => true/);
});

test("pulumi import adopts a registration made through the API and prints the YAML for it", async () => {
  ids.imported = await world.primary.registerByHand("made by hand", "https://hooks.test/yaml/by-hand");
  const imported = await stack.ok("import", "webhooks:index:RequestWebhook", "byHand", ids.imported, "--yes", "--protect=false");
  expect(imported).toMatch(/= +webhooks:index:RequestWebhook +byHand +imported/);
  // The YAML host generates the program text for the adopted resource.
  expect(imported).toMatch(/byHand:\s+type: webhooks:RequestWebhook\s+properties:/);
  expect(imported).toContain("name: made by hand");
  expect(imported).toContain("url: https://hooks.test/yaml/by-hand");
  const adopted = (await stack.resources()).find((r) => r.id === ids.imported);
  expect(adopted?.outputs).toMatchObject({ name: "made by hand", triggers: ["RequestApproved"], version: 1 });
});

test("destroy deletes every registration in both runtimes, and no secret is in state in plaintext", async () => {
  const state = allText(join(stack.dir, "state"));
  expect(state).toContain(ids.request);
  for (const secret of [HEADER_SECRET, world.second.token, world.primary.token]) {
    expect(state.includes(secret)).toBe(false);
    expect(stack.printed.join("\n").includes(secret)).toBe(false);
  }
  expect(await stack.ok("destroy", "--yes")).toMatch(/- 5 deleted/);
  expect(await world.primary.names()).toEqual([]);
  expect(await world.second.names()).toEqual([]);
});
