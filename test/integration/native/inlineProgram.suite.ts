// The end-to-end story of an Automation API inline program on a generated SDK and the
// installed native plugin, shared by python.test.ts and go.test.ts (the programs in
// test/fixtures/pulumi/native-<language>/ do the same thing in their language): against two
// real runtimes and a loopback HTTPS receiver — up, preview --diff, refresh after an
// out-of-band change, adoption with the import option, .get and getWebhook, an explicit
// provider for a second runtime, destroy, no plaintext secret in state or output.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { allText, startNativeWorld, type NativeWorld } from "../../support/nativeWorld";
import { PULUMI_BIN, requireTools } from "../../support/pulumiStack";
import { spawnCollect } from "../../support/spawnCollect";

const TEMPLATE_V1 = '{"v": 1, "id": "{{data.id}}"}';
const TEMPLATE_V2 = '{"v": 2, "requester": "{{data.requester.email}}"}';

/**
 * @param label the program's language: its webhooks are named "<label> access requests", "<label> audit log",
 *   "<label> by hand", and call https://hooks.test/<label>/…
 * @param argv builds (once) and returns the command that runs the program; the test appends the command name
 */
export function describeInlineProgram(label: string, argv: () => Promise<string[]>): void {
  const HEADER_SECRET = `${label}-header-secret-2a9d4f60`;

  interface AutoResult {
    changes?: Record<string, number>;
    outputs?: Record<string, unknown>;
    stdout?: string;
  }

  let world: NativeWorld;
  let program: string[] = [];
  let dir = "";
  let env: Record<string, string> = {};
  const printed: string[] = [];
  const ids = { request: "", imported: "" };

  /** Runs the program asynchronously (the receiver answers from this process) and parses its last line. */
  async function auto(command: string, settings: Record<string, string> = {}): Promise<AutoResult> {
    const e2e = {
      requestUrl: `https://hooks.test/${label}/requests`,
      auditUrl: `https://hooks.test/${label}/audit`,
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
    const r = await spawnCollect(program[0], [...program.slice(1), command], { env: { ...process.env, ...env, WEBHOOKS_E2E: JSON.stringify(e2e) } });
    printed.push(r.stdout, r.stderr);
    if (r.status !== 0) throw new Error(`${label} program ${command} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as AutoResult;
  }

  beforeAll(async () => {
    requireTools();
    program = await argv();
    world = await startNativeWorld(`native-${label}`);
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
    const [requestTest] = world.requestsTo(`/${label}/requests`);
    expect(JSON.parse(requestTest.body)).toEqual({ v: 1, id: "8c1f0b7e-3d2a-4a8e-9a51-6f0d2c7b9e14" });
    expect(requestTest.headers["x-api-key"]).toBe(HEADER_SECRET);
    expect(world.requestsTo(`/${label}/audit`)).toHaveLength(1);
    expect(await world.primary.names()).toEqual([`${label} access requests`]);
    expect(await world.second.names()).toEqual([`${label} audit log`]);
    // getWebhook shows the registration with its secrets masked.
    expect(up.outputs).toMatchObject({ lookedName: `${label} access requests`, lookedTemplate: TEMPLATE_V1, foundVersion: 1, foundHeaders: { "X-Api-Key": "****" } });
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

  test("the import option adopts a registration made through the API (no language host for `pulumi import`)", async () => {
    ids.imported = await world.primary.registerByHand(`${label} by hand`, `https://hooks.test/${label}/by-hand`);
    const up = await auto("up", { importId: ids.imported });
    expect(up.changes).toMatchObject({ import: 1 });
    expect((await world.primary.call("GET", `/v1/webhooks/${ids.imported}`)).json).toMatchObject({ version: 1, name: `${label} by hand` });
    // Adopting runs no Test invocation: the receiver never heard of it.
    expect(world.requestsTo(`/${label}/by-hand`)).toEqual([]);
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
}
