// The dynamic SDK's lookup, explicit provider and import outcome, end to end with the plain
// Pulumi CLI, the BUILT package (dist/, `npm run build`), two real runtime processes (each with
// its own admin token) and a real loopback HTTPS receiver. The program
// (test/fixtures/pulumi/dynsdk/program) switches each part on from stack config.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PulumiStack, REQUEST_TYPE, requireTools } from "../../support/pulumiStack";
import { startReceiver, type Receiver, type RecordedRequest } from "../../support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { createTestCa, type TestCa } from "../../support/testCa";

jest.setTimeout(120_000);

const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/dynsdk/program");
const HOME_TOKEN = "dynsdk-home-admin-token-6a1c93e0";
const EU_TOKEN = "dynsdk-eu-admin-token-2f7b48d5";
const INGEST_TOKEN = "dynsdk-ingest-token-8e3d01a7";
/** The bearer token of the registration made through the API (never in the program). */
const OUT_OF_BAND_TOKEN = "dynsdk-out-of-band-bearer-4c09";

let ca: TestCa;
let rx: Receiver;
let home: RuntimeProcess;
let eu: RuntimeProcess;
let root = "";

beforeAll(async () => {
  requireTools();
  root = mkdtempSync(join(tmpdir(), "webhooks-dynsdk-"));
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  const start = async (name: string, adminToken: string) => {
    mkdirSync(join(root, name));
    return startRuntimeProcess({
      dir: join(root, name),
      config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
      adminToken,
      ingestToken: INGEST_TOKEN,
    });
  };
  [home, eu] = await Promise.all([start("home", HOME_TOKEN), start("eu", EU_TOKEN)]);
});

afterAll(async () => {
  await home?.kill("SIGKILL");
  await eu?.kill("SIGKILL");
  await rx?.close();
  ca?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function admin(runtime: RuntimeProcess, token: string, method: string, path: string, body?: unknown) {
  const r = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, json: (text === "" ? undefined : JSON.parse(text)) as Record<string, unknown> };
}

const names = async (runtime: RuntimeProcess, token: string): Promise<string[]> =>
  ((await admin(runtime, token, "GET", "/v1/webhooks")).json.webhooks as Array<{ name: string }>).map((w) => w.name).sort();

/** A stack of the program on the home runtime (stack config), plus the given plain config and secrets. */
async function newStack(name: string, plain: Record<string, string>, secrets: Record<string, string> = {}): Promise<PulumiStack> {
  const stack = new PulumiStack(root, name, PROGRAM);
  await stack.init({ "webhooks:runtimeUrl": home.url, ...plain }, { "webhooks:runtimeToken": HOME_TOKEN, ...secrets });
  return stack;
}

/** A request webhook registered with the home runtime through the API, as a team that already has webhooks made them. */
async function registerOutOfBand(name: string, path: string, extra: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const made = await admin(home, HOME_TOKEN, "POST", "/v1/webhooks", {
    kind: "request",
    name,
    url: `https://hooks.test${path}`,
    bodyTemplate: '{"type": "{{event_type}}"}',
    triggers: ["RequestApproved", "RequestGranted"],
    ...extra,
  });
  expect(made.status).toBe(201);
  return { id: made.json.id as string, version: made.json.version as number };
}

const requestsTo = (path: string): RecordedRequest[] => rx.requests.filter((r) => r.url === path);

describe("RequestWebhook.get and an explicit Provider for a second runtime", () => {
  let stack: PulumiStack;
  let outOfBand: { id: string; version: number };

  beforeAll(async () => {
    outOfBand = await registerOutOfBand("made through the api", "/oob/requests", { authentication: { type: "bearer", token: OUT_OF_BAND_TOKEN } });
    stack = await newStack(
      "get-and-provider",
      { getId: outOfBand.id, euUrl: eu.url, euTargetUrl: "https://hooks.test/eu/requests" },
      // The program passes it on unsecret: the Provider must make it secret itself.
      { euToken: EU_TOKEN },
    );
  });

  test("up reads the out-of-band registration and registers through the eu Provider on the eu runtime only", async () => {
    expect(await stack.ok("up", "--yes")).toMatch(/\+ 3 created/); // the stack, the eu provider, eu-requests (the get is a read)
    const outputs = JSON.parse(await stack.ok("stack", "output", "--json", "--show-secrets")) as Record<string, unknown>;
    expect(outputs).toMatchObject({
      gotName: "made through the api",
      gotUrl: "https://hooks.test/oob/requests",
      gotTemplate: '{"type": "{{event_type}}"}',
      gotTriggers: ["RequestApproved", "RequestGranted"],
      gotVersion: outOfBand.version,
      gotRuntimeUrl: home.url,
      // The runtime never hands a secret back: the lookup holds the mask, as a secret.
      gotAuthentication: { type: "bearer", token: "****" },
      euRuntimeUrl: eu.url,
    });
    // The eu webhook ran its Test invocation and is registered there, not on the home runtime.
    expect(requestsTo("/eu/requests").map((r) => JSON.parse(r.body) as unknown)).toEqual([{ region: "eu", type: "RequestCreated" }]);
    expect(await names(eu, EU_TOKEN)).toEqual(["eu access requests"]);
    expect(await names(home, HOME_TOKEN)).toEqual(["made through the api"]);
    // The lookup changed nothing: same version, and the receiver never saw the out-of-band target.
    expect((await admin(home, HOME_TOKEN, "GET", `/v1/webhooks/${outOfBand.id}`)).json.version).toBe(outOfBand.version);
    expect(requestsTo("/oob/requests")).toEqual([]);

    const resources = await stack.resources();
    const got = resources.find((r) => r.type === REQUEST_TYPE && r.id === outOfBand.id) as { external?: boolean; outputs: Record<string, unknown> } | undefined;
    expect(got?.external).toBe(true);
    // The lookup's state is complete: every field the registration has, the outputs, and the masked token as a secret.
    expect(Object.keys(got?.outputs ?? {}).sort()).toEqual(
      ["__provider", "active", "authentication", "bodyTemplate", "headers", "method", "name", "responseValidators", "runtimeUrl", "secretFingerprints"]
        .concat(["testBeforeApply", "timeoutSeconds", "triggers", "type", "url", "version", "webhookId"])
        .sort(),
    );
    expect(got?.outputs.authentication).toMatchObject({ type: "bearer", token: { ciphertext: expect.any(String) } });
  });

  test("the eu token is secret in state, and no token is in state or in the output of up", async () => {
    const exported = await stack.ok("stack", "export");
    const provider = (await stack.resources()).find((r) => (r as { urn?: string }).urn?.endsWith("::pulumi:providers:pulumi-nodejs::eu")) as
      | { inputs?: Record<string, unknown> }
      | undefined;
    expect(provider?.inputs?.["webhooks:runtimeUrl"]).toBe(eu.url);
    expect(provider?.inputs?.["webhooks:runtimeToken"]).toMatchObject({ ciphertext: expect.any(String) });
    for (const value of [HOME_TOKEN, EU_TOKEN, OUT_OF_BAND_TOKEN]) {
      expect([exported, ...stack.printed].filter((t) => t.includes(value))).toEqual([]);
    }
  });

  test("a lookup through the eu Provider reads the eu runtime", async () => {
    const euId = (JSON.parse(await stack.ok("stack", "output", "--json")) as { euId: string }).euId;
    await stack.ok("config", "set", "euGetId", euId);
    await stack.ok("up", "--yes");
    expect(JSON.parse(await stack.ok("stack", "output", "--json"))).toMatchObject({ euGotName: "eu access requests" });
  });

  test("destroy deregisters what the stack made and leaves the looked-up registration alone", async () => {
    expect(await stack.ok("destroy", "--yes")).toMatch(/- \d+ deleted/);
    expect(await names(eu, EU_TOKEN)).toEqual([]);
    expect(await names(home, HOME_TOKEN)).toEqual(["made through the api"]);
  });
});

test("RequestWebhook.get of an id the runtime does not have fails the program, naming the id", async () => {
  const stack = await newStack("get-missing", { getId: "wh_doesnotexist" });
  const up = await stack.run("up", "--yes");
  expect(up.status).not.toBe(0);
  expect(up.stdout + up.stderr).toContain(
    "no request webhook with id wh_doesnotexist is registered with the provider's runtime (webhooks:runtimeUrl, or the Provider's runtimeUrl); GET /v1/webhooks lists the ids (API_NOT_FOUND)",
  );
  expect(await stack.webhooks()).toEqual([]);
});

test("RequestWebhook.get of an audit webhook's id fails the program, naming the class to use", async () => {
  const made = await admin(home, HOME_TOKEN, "POST", "/v1/webhooks", { kind: "audit", name: "an audit hook", url: "https://hooks.test/audit", bodyTemplate: "{}" });
  expect(made.status).toBe(201);
  const stack = await newStack("get-other-kind", { getId: made.json.id as string });
  const up = await stack.run("up", "--yes");
  expect(up.status).not.toBe(0);
  expect(up.stdout + up.stderr).toMatch(/webhook wh_\S+ is not a request webhook; look it up with AuditWebhook\.get/);
  expect(await stack.webhooks()).toEqual([]);
});

describe("adopting a registration made through the API", () => {
  let id = "";
  beforeAll(async () => {
    id = (await registerOutOfBand("to adopt", "/adopt")).id;
  });

  test("the import option fails at once with CONFIG_IMPORT_UNSUPPORTED, pointing at the native plugin and .get", async () => {
    const stack = await newStack("import-option", { importId: id });
    const up = await stack.run("up", "--yes");
    expect(up.status).not.toBe(0);
    const output = up.stdout + up.stderr;
    expect(output).toContain("CONFIG_IMPORT_UNSUPPORTED");
    expect(output).toContain(`pulumi import webhooks:index:RequestWebhook imported ${id}`);
    expect(output).toContain(`RequestWebhook.get("imported", "${id}")`);
    expect(output).not.toContain("toJavaScript");
    expect(await stack.webhooks()).toEqual([]);
  });

  // What docs/dynamic-vs-native.md and docs/troubleshooting.md say of the command line: the host fails
  // before any code of this package runs (its message differs by release: 3.248.0 reads a property of
  // undefined, 3.276.0 hands require-from-string no code). When a Pulumi release fixes its host, this fails: update the docs.
  test("pulumi import of the dynamic type fails in Pulumi's dynamic-provider host and changes nothing", async () => {
    const stack = await newStack("import-cli", {});
    const r = await stack.run("import", REQUEST_TYPE, "adopted", id, "--yes", "--generate-code=false", "--protect=false");
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Cannot read properties of undefined \(reading 'toJavaScript'\)|code must be a string, not undefined/);
    expect(await stack.webhooks()).toEqual([]);
  });
});
