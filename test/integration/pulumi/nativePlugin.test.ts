// End to end with the native plugin as a user installs it (`make plugin`'s
// tarball, `pulumi plugin install resource webhooks <v> --file`), the plain
// Pulumi CLI, real runtime processes and a real loopback HTTPS receiver. The
// program (test/fixtures/pulumi/native/program) uses the schema's tokens
// webhooks:index:* through pulumi.CustomResource.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installNativePlugin } from "../../support/nativePlugin";
import { PulumiStack, requireTools, type StateResource } from "../../support/pulumiStack";
import { startReceiver, type Receiver, type RecordedRequest } from "../../support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { createTestCa, type TestCa } from "../../support/testCa";

jest.setTimeout(180_000);

const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/native/program");
const REQUEST = "webhooks:index:RequestWebhook";
const ADMIN_TOKEN = "native-admin-token-6c2e91f0a7d34b58";
const SECOND_TOKEN = "native-second-token-0f8d3a6b2c714e95";
const BEARER = "native-bearer-token-4a7d19e2";
const API_MADE_TOKEN = "api-made-token-91c3e7";
const TEMPLATE_V1 = '{"v": 1, "type": "{{event_type}}"}';
const TEMPLATE_V2 = '{"v": 2, "type": "{{event_type}}"}';

let ca: TestCa;
let rx: Receiver;
let runtime: RuntimeProcess;
let second: RuntimeProcess;
let root = "";
let stack: PulumiStack;

async function startRuntime(name: string, adminToken: string): Promise<RuntimeProcess> {
  mkdirSync(join(root, name));
  return startRuntimeProcess({
    dir: join(root, name),
    config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
    adminToken,
    ingestToken: `${name}-ingest-token-8e1f2a3b4c5d6e7f`,
  });
}

beforeAll(async () => {
  requireTools();
  root = mkdtempSync(join(tmpdir(), "webhooks-native-"));
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  rx.respondWith(() => ({ status: 200 }));
  runtime = await startRuntime("runtime", ADMIN_TOKEN);
  second = await startRuntime("second", SECOND_TOKEN);
  stack = new PulumiStack(root, "native", PROGRAM);
  await installNativePlugin(join(stack.dir, "home"));
  await stack.init(
    { "webhooks:runtimeUrl": runtime.url, requestUrl: "https://hooks.test/native/requests", template: TEMPLATE_V1 },
    { "webhooks:runtimeToken": ADMIN_TOKEN, bearerToken: BEARER },
  );
});

afterAll(async () => {
  await runtime?.kill("SIGKILL");
  await second?.kill("SIGKILL");
  await rx?.close();
  ca?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function admin(on: RuntimeProcess, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`${on.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, json: text === "" ? undefined : JSON.parse(text) };
}
const names = async (on: RuntimeProcess, token: string): Promise<string[]> =>
  ((await admin(on, token, "GET", "/v1/webhooks")).json as { webhooks: Array<{ name: string }> }).webhooks.map((w) => w.name).sort();
const requestsTo = (path: string): RecordedRequest[] => rx.requests.filter((r) => r.url === path);
type FullResource = StateResource & { urn: string; inputs?: Record<string, unknown> };
const outputs = async (): Promise<Record<string, unknown>> => JSON.parse(await stack.ok("stack", "output", "--json")) as Record<string, unknown>;

let requestId = "";

test("the installed plugin is used (no $PATH warning); up runs the Test invocation and registers the webhook", async () => {
  const up = await stack.run("up", "--yes");
  expect({ status: up.status, output: up.status === 0 ? "" : up.stdout + up.stderr }).toEqual({ status: 0, output: "" });
  expect(up.stdout + up.stderr).not.toContain("from $PATH");
  expect(up.stdout).toMatch(/\+ 2 created/);
  const [test] = requestsTo("/native/requests");
  expect(test.headers.authorization).toBe(`Bearer ${BEARER}`);
  expect(JSON.parse(test.body)).toEqual({ v: 1, type: "RequestCreated" });
  const out = await outputs();
  expect(out).toMatchObject({ requestVersion: 1, lastTest: { success: true, statusCode: 200 } });
  requestId = out.requestId as string;
  expect(requestId).toMatch(/^wh_/);
  expect(await names(runtime, ADMIN_TOKEN)).toEqual(["native access requests"]);
  const [resource] = (await stack.resources()).filter((r) => r.type === REQUEST);
  expect(resource.id).toBe(requestId);
});

test("preview --diff of a changed template shows that property (detailedDiff), and up updates in place", async () => {
  await stack.ok("config", "set", "template", TEMPLATE_V2);
  const diff = await stack.ok("preview", "--diff");
  expect(diff).toContain(`~ ${REQUEST}: (update)`);
  expect(diff).toMatch(/\[diff: ~bodyTemplate\]|~ bodyTemplate/);
  expect(diff).toMatch(/~ v\s*: 1 => 2/);
  // The provider's own outputs are not shown as changes (the stock provider server's diff would list them).
  expect(diff).not.toMatch(/- (lastTest|webhookId|runtimeUrl)/);
  rx.requests.length = 0;
  expect(await stack.ok("up", "--yes")).toMatch(/~ 1 updated/);
  expect(requestsTo("/native/requests").map((r) => JSON.parse(r.body) as unknown)).toEqual([{ v: 2, type: "RequestCreated" }]);
  expect((await admin(runtime, ADMIN_TOKEN, "GET", `/v1/webhooks/${requestId}`)).json).toMatchObject({ version: 2, bodyTemplate: TEMPLATE_V2 });
});

test("refresh takes in an out-of-band change", async () => {
  const changed = '{"v": 3, "changedBy": "the API"}';
  const put = await admin(runtime, ADMIN_TOKEN, "PUT", `/v1/webhooks/${requestId}`, {
    kind: "request",
    name: "native access requests",
    url: "https://hooks.test/native/requests",
    bodyTemplate: changed,
    authentication: { type: "bearer", token: BEARER },
    triggers: ["RequestCreated", "RequestGranted"],
    timeoutSeconds: 5,
  });
  expect(put.status).toBe(200);
  expect(await stack.ok("refresh", "--yes")).toMatch(/~ 1 updated/);
  const [resource] = (await stack.resources()).filter((r) => r.type === REQUEST);
  expect(resource.outputs).toMatchObject({ bodyTemplate: changed, version: 3 });
});

test("pulumi import adopts a registration made through the API; its secrets come back masked, as secrets, and a later up sets them", async () => {
  const made = await admin(runtime, ADMIN_TOKEN, "POST", "/v1/webhooks", {
    kind: "request",
    name: "made by the API",
    url: "https://hooks.test/native/api-made",
    bodyTemplate: '{"t": "{{event_type}}"}',
    authentication: { type: "bearer", token: API_MADE_TOKEN },
    triggers: ["RequestCreated"],
  });
  expect({ status: made.status, body: made.status === 201 ? undefined : made.json }).toEqual({ status: 201, body: undefined });
  const id = (made.json as { id: string }).id;
  const imported = await stack.ok("import", REQUEST, "adopted", id, "--yes", "--generate-code=false", "--protect=false");
  expect(imported).toMatch(/= 1 imported/);
  const [resource] = ((await stack.resources()) as FullResource[]).filter((r) => r.id === id);
  expect(resource.inputs).toMatchObject({ name: "made by the API", url: "https://hooks.test/native/api-made", bodyTemplate: '{"t": "{{event_type}}"}' });
  // The runtime never gives a secret back: state holds the mask "****", encrypted as a secret.
  const auth = (resource.inputs as { authentication: Record<string, unknown> }).authentication;
  expect(auth.type).toBe("bearer");
  expect(auth.token).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
  const shown = JSON.parse(await stack.ok("stack", "export", "--show-secrets")) as {
    deployment: { resources: Array<{ id?: string; inputs?: { authentication?: { token?: unknown } } }> };
  };
  expect(shown.deployment.resources.find((r) => r.id === id)?.inputs?.authentication?.token).toMatchObject({ plaintext: '"****"' });
  // Written into the program with the real secret, the next up sees the masked token change and updates with the real one.
  await stack.ok("config", "set", "adoptUrl", "https://hooks.test/native/api-made");
  await stack.ok("config", "set", "--secret", "adoptToken", API_MADE_TOKEN);
  const diff = await stack.ok("preview", "--diff");
  expect(diff).toMatch(/~ webhooks:index:RequestWebhook: \(update\)[\s\S]*adopted/);
  rx.requests.length = 0;
  // (The refreshed out-of-band template goes back to the program's too: two updates.)
  const up = await stack.ok("up", "--yes");
  expect(up).toContain("webhooks:index:RequestWebhook adopted updated");
  expect(up).toMatch(/adopted updated \([\d.]+s\) \[diff: ~authentication\]/);
  expect(requestsTo("/native/api-made").map((r) => r.headers.authorization)).toEqual([`Bearer ${API_MADE_TOKEN}`]);
  expect((await admin(runtime, ADMIN_TOKEN, "GET", `/v1/webhooks/${id}`)).json).toMatchObject({ version: 2 });
});

test(".get and the getWebhook function read a registration; an explicit provider registers with a second runtime", async () => {
  await stack.ok("config", "set", "getId", requestId);
  await stack.ok("config", "set", "auditUrl", "https://hooks.test/native/eu-audit");
  await stack.ok("config", "set", "secondRuntimeUrl", second.url);
  await stack.ok("config", "set", "--secret", "secondRuntimeToken", SECOND_TOKEN);
  rx.requests.length = 0;
  expect(await stack.ok("up", "--yes")).toMatch(/\+ \d created/);
  const out = await outputs();
  expect(out).toMatchObject({ gotName: "native access requests", gotUrl: "https://hooks.test/native/requests", lookedUp: requestId });
  expect(out.euAuditId).toMatch(/^wh_/);
  expect(requestsTo("/native/eu-audit")).toHaveLength(1);
  expect(await names(second, SECOND_TOKEN)).toEqual(["native eu audit"]);
  expect(await names(runtime, ADMIN_TOKEN)).toEqual(["made by the API", "native access requests"]);
});

const ROTATED = "rotated-by-hand-2c8e5a17";
const QUERY_SECRET = "native-query-token-7b3f0d62";

test("a bearer token rotated through the admin API shows in refresh; a credential URL is [secret]; up puts the program's token back", async () => {
  const fingerprints = async () =>
    ((await admin(runtime, ADMIN_TOKEN, "GET", `/v1/webhooks/${requestId}`)).json as { secretFingerprints: Record<string, string> }).secretFingerprints;
  const before = await fingerprints();
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...masked } = (await admin(runtime, ADMIN_TOKEN, "GET", `/v1/webhooks/${requestId}`)).json as Record<string, unknown>;
  const put = await admin(runtime, ADMIN_TOKEN, "PUT", `/v1/webhooks/${requestId}`, { ...masked, authentication: { type: "bearer", token: ROTATED } });
  expect(put.status).toBe(200);
  const version = (put.json as { version: number }).version;

  const refresh = await stack.ok("refresh", "--diff", "--yes");
  expect(refresh).toMatch(/~ secretFingerprints: \{\n\s+~ authentication\.token: "hmac-sha256:[\w-]{22}" => "hmac-sha256:[\w-]{22}"\n/);
  expect(refresh).toMatch(new RegExp(`~ version\\s+: ${version - 1} => ${version}`));

  // The same up moves the webhook to a URL with a credential: [secret] in the diff, never its value.
  await stack.ok("config", "set", "--secret", "requestUrl", `https://hooks.test/native/requests?token=${QUERY_SECRET}`);
  const diff = await stack.ok("preview", "--diff");
  expect(diff).toMatch(/~ url\s*: "https:\/\/hooks\.test\/native\/requests" => \[secret\]/);
  stack.printed.push(refresh, diff);
  // The native plugin's detailedDiff names the drifted secret's object (the engine prints a secret-to-secret change as - / +).
  expect(diff).toMatch(/- authentication: \{\n\s+- token: \[secret\][^]*\+ authentication: \{\n\s+\+ token: \[secret\]/);
  rx.requests.length = 0;
  expect(await stack.ok("up", "--yes")).toMatch(/~ 1 updated/);
  const [test] = requestsTo(`/native/requests?token=${QUERY_SECRET}`);
  expect(test.headers.authorization).toBe(`Bearer ${BEARER}`);
  expect((await fingerprints())["authentication.token"]).toBe(before["authentication.token"]);
  // (The .get of the same id is another resource in state.)
  const [resource] = ((await stack.resources()) as FullResource[]).filter((r) => r.urn.endsWith(`${REQUEST}::request`));
  expect(resource.outputs?.url).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
});

test("the same config registered again through the API (only the version moves) shows in refresh and the next up applies the program's", async () => {
  const { id: _i, version, createdAt: _c, updatedAt: _u, secretFingerprints: _f, ...masked } = (await admin(runtime, ADMIN_TOKEN, "GET", `/v1/webhooks/${requestId}`))
    .json as Record<string, unknown>;
  const put = await admin(runtime, ADMIN_TOKEN, "PUT", `/v1/webhooks/${requestId}`, masked);
  expect({ status: put.status, version: (put.json as { version: number }).version }).toEqual({ status: 200, version: (version as number) + 1 });
  const refresh = await stack.ok("refresh", "--diff", "--yes");
  stack.printed.push(refresh);
  // Nothing else moved: the resource's only line is its version (an output diff, shown old => new).
  expect(refresh).toMatch(new RegExp(`~ ${REQUEST}: \\(update\\)\\n.*\\n.*${REQUEST}::request\\]\\n\\s+~ version\\s*: ${version as number} => ${(version as number) + 1}\\n`));
  expect(await stack.ok("preview", "--diff")).toMatch(/~ 1 to update/);
  expect(await stack.ok("up", "--yes")).toMatch(/~ 1 updated/);
  expect(await stack.ok("preview", "--diff")).not.toMatch(/to update/);
});

test("no plaintext secret in state or in what preview and up printed", async () => {
  const exported = await stack.ok("stack", "export");
  expect(exported).toContain('"ciphertext"');
  for (const value of [ADMIN_TOKEN, SECOND_TOKEN, BEARER, API_MADE_TOKEN, ROTATED, QUERY_SECRET]) {
    expect([exported, ...stack.printed].filter((t) => t.includes(value))).toEqual([]);
  }
});

test("destroy deregisters from both runtimes", async () => {
  expect(await stack.ok("destroy", "--yes")).toMatch(/- \d deleted/);
  expect(await names(runtime, ADMIN_TOKEN)).toEqual([]);
  expect(await names(second, SECOND_TOKEN)).toEqual([]);
});
