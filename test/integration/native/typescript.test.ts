// A TypeScript program (test/fixtures/pulumi/native-ts) on the generated Node.js SDK
// (pulumi-webhooks-native) and the installed native plugin, against two real runtimes and a
// loopback HTTPS receiver: up (Test invocations), .get, a typed explicit provider for a second
// runtime, preview --diff of a changed template, destroy, no plaintext secret in state.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { installNativePlugin } from "../../support/nativePlugin";
import { nativeNodeSdk } from "../../support/nativeNodeSdk";
import { allText, startNativeWorld, type NativeWorld } from "../../support/nativeWorld";
import { PulumiStack, requireTools } from "../../support/pulumiStack";
import { REPO_ROOT } from "../../support/runtimeProcess";

jest.setTimeout(180_000);

const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/native-ts");
const TEMPLATE_V1 = '{"v": 1, "id": "{{data.id}}"}';
const TEMPLATE_V2 = '{"v": 2, "requester": "{{data.requester.email}}"}';

let world: NativeWorld;
let stack: PulumiStack;
let requestId = "";

beforeAll(async () => {
  requireTools();
  const sdk = await nativeNodeSdk();
  world = await startNativeWorld("native-ts");
  // typeCheck: ts-node checks the program against the SDK's .d.ts, as a user's `pulumi up` does.
  stack = new PulumiStack(world.root, "ts", PROGRAM, true);
  symlinkSync(sdk, join(stack.work, "node_modules/pulumi-webhooks-native"), "dir");
  await installNativePlugin(join(stack.dir, "home"));
  await stack.init(
    { "webhooks:runtimeUrl": world.primary.url, requestUrl: "https://hooks.test/ts/requests", auditUrl: "https://hooks.test/ts/audit", template: TEMPLATE_V1, secondUrl: world.second.url },
    { "webhooks:runtimeToken": world.primary.token, secondToken: world.second.token },
  );
});

afterAll(async () => {
  await world?.close();
});

test("up runs each Test invocation and registers through the stack's runtime and the typed explicit provider's; .get reads it back", async () => {
  const up = await stack.ok("up", "--yes");
  expect(up).toMatch(/\+ 4 created/);
  expect(up).not.toContain("from $PATH");
  expect(JSON.parse(world.requestsTo("/ts/requests")[0].body)).toEqual({ v: 1, id: "8c1f0b7e-3d2a-4a8e-9a51-6f0d2c7b9e14" });
  expect(world.requestsTo("/ts/audit")).toHaveLength(1);
  expect(await world.primary.names()).toEqual(["ts access requests"]);
  expect(await world.second.names()).toEqual(["ts audit log"]);
  const outputs = JSON.parse(await stack.ok("stack", "output", "--json")) as Record<string, string>;
  expect(outputs).toMatchObject({ lookedName: "ts access requests", lookedTemplate: TEMPLATE_V1 });
  requestId = outputs.requestId;
  expect((await stack.resources()).find((r) => r.id === requestId)?.type).toBe("webhooks:index:RequestWebhook");
});

test("preview --diff of a changed template shows that property, as an update", async () => {
  await stack.ok("config", "set", "template", TEMPLATE_V2);
  const preview = await stack.ok("preview", "--diff");
  expect(preview).toMatch(/~ webhooks:index:RequestWebhook: \(update\)/);
  expect(preview).toMatch(/~ bodyTemplate: \(json\)/);
  expect(preview).toMatch(/~ v\s*: 1 => 2/);
});

test("destroy deletes the registrations in both runtimes, and no secret is in state in plaintext", async () => {
  const state = allText(join(stack.dir, "state"));
  for (const secret of [world.second.token, world.primary.token]) expect(state.includes(secret)).toBe(false);
  expect(await stack.ok("destroy", "--yes")).toMatch(/- 4 deleted/);
  expect(await world.primary.names()).toEqual([]);
  expect(await world.second.names()).toEqual([]);
});
