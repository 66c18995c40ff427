// End to end with the plain Pulumi CLI, the BUILT package (dist/, `npm run build`), a real
// runtime process and a real loopback HTTPS receiver. Each stack lives in its own temp dir
// (test/fixtures/pulumi/e2e/pulumiStack.ts); the program (test/fixtures/pulumi/e2e/program)
// takes its URLs and template from stack config and every credential from `config set --secret`.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { AUDIT_TYPE, PulumiStack, REQUEST_TYPE, requireTools } from "../../support/pulumiStack";
import { startReceiver, type Receiver, type RecordedRequest } from "../../support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { createTestCa, type TestCa } from "../../support/testCa";

jest.setTimeout(120_000);

const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/e2e/program");
const ADMIN_TOKEN = "e2e-admin-token-3b9f0c7d21e84a65";
const INGEST_TOKEN = "e2e-ingest-token-5d2a8e1c90f74b36";

/** Every secret the stacks use, each set with `pulumi config set --secret`. */
const SECRETS = {
  apiKey: "e2e-api-key-9c41d7aa",
  signingSecret: "whsec_ZTJlIHNpZ25pbmcga2V5LCAzMiBieXRlcyBsb25nISE=",
  bearerToken: "e2e-bearer-token-77ab20f3",
};
const TEMPLATE_V1 = '{"v": 1, "type": "{{event_type}}", "id": "{{data.id}}"}';
const TEMPLATE_V2 = '{"v": 2, "type": "{{event_type}}", "requester": "{{data.requester.email}}"}';

let ca: TestCa;
let rx: Receiver;
let runtime: RuntimeProcess;
let root = "";

beforeAll(async () => {
  requireTools();
  root = mkdtempSync(join(tmpdir(), "webhooks-e2e-"));
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  // Anything under /down fails, so a stack can point at a target that is down.
  rx.respondWith((req) => (req.url.startsWith("/down") ? { status: 503, body: "maintenance window\ntry again at 08:00\n" } : { status: 200 }));
  mkdirSync(join(root, "runtime"));
  runtime = await startRuntimeProcess({
    dir: join(root, "runtime"),
    config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
    adminToken: ADMIN_TOKEN,
    ingestToken: INGEST_TOKEN,
  });
});

afterAll(async () => {
  await runtime?.kill("SIGKILL");
  await rx?.close();
  ca?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, json: text === "" ? undefined : JSON.parse(text) };
}

async function registeredNames(): Promise<string[]> {
  const r = await admin("GET", "/v1/webhooks");
  return (r.json as { webhooks: Array<{ name: string }> }).webhooks.map((w) => w.name).sort();
}

/** A stack of the e2e program with the runtime settings, the secrets and the given plain config. */
async function newStack(name: string, plain: Record<string, string>): Promise<PulumiStack> {
  const stack = new PulumiStack(root, name, PROGRAM);
  await stack.init(
    { "webhooks:runtimeUrl": runtime.url, ...plain },
    { "webhooks:runtimeToken": ADMIN_TOKEN, ...SECRETS },
  );
  return stack;
}

const config = (auditPath: string, requestPath: string, template = TEMPLATE_V1) => ({
  auditUrl: `https://hooks.test${auditPath}`,
  requestUrl: `https://hooks.test${requestPath}`,
  template,
});

const requestsTo = (path: string): RecordedRequest[] => rx.requests.filter((r) => r.url === path);

test("preview of a bad config fails, naming the property and the rule, and calls nothing", async () => {
  const stack = await newStack("bad-config", { ...config("/bad/audit", "/bad/requests"), auditUrl: "http://hooks.test/bad/audit" });
  const preview = await stack.run("preview");
  expect(preview.status).not.toBe(0);
  const output = preview.stdout + preview.stderr;
  expect(output).toContain(
    `${AUDIT_TYPE} resource 'audit': property url value {http://hooks.test/bad/audit} has a problem: ` +
      "url uses http:; only https:// is allowed, so change the scheme to https (CONFIG_INVALID_URL)",
  );
  expect(rx.requests.filter((r) => r.url.startsWith("/bad"))).toEqual([]);
});

test("a failed Test invocation fails up with an actionable message and registers nothing", async () => {
  const stack = await newStack("target-down", config("/down/audit", "/down/requests"));
  const up = await stack.run("up", "--yes");
  expect(up.status).not.toBe(0);
  const output = up.stdout + up.stderr;
  expect(output).toContain('webhook "e2e access requests": Test invocation failed: HTTP_STATUS');
  expect(output).toMatch(/POST https:\/\/hooks\.test\/down\/requests → 503 \(\d+ ms\)/);
  expect(output).toContain("maintenance window");
  expect(output).toContain("Nothing was registered.");
  expect(requestsTo("/down/requests")).toHaveLength(1);
  expect(await registeredNames()).toEqual([]);
  expect(await stack.webhooks()).toEqual([]);
  for (const value of [...Object.values(SECRETS), ADMIN_TOKEN]) expect(output).not.toContain(value);
});

describe("secret drift and credential URLs", () => {
  const QUERY_SECRET = "e2e-query-token-4f1c9a07";
  const ROTATED = "rotated-by-hand-6e2d0b19";
  let stack: PulumiStack;
  let requestId = "";
  const printed: string[] = [];
  const fingerprints = async (): Promise<Record<string, string>> =>
    ((await admin("GET", `/v1/webhooks/${requestId}`)).json as { secretFingerprints: Record<string, string> }).secretFingerprints;

  beforeAll(async () => {
    // Plain config on purpose: the program passes the URL in plaintext, and the CLI (which masks the values of
    // secret config in what it prints) does not know it; making it secret is the provider's doing.
    stack = await newStack("drift", { ...config("/drift/audit", "/drift/requests"), requestUrl: `https://hooks.test/drift/requests?token=${QUERY_SECRET}` });
  });

  test("a URL with a credential is [secret] in preview, and up sends it to the target", async () => {
    const preview = await stack.ok("preview", "--diff");
    printed.push(preview);
    expect(preview).toMatch(/\+ pulumi-nodejs:dynamic\/webhooks:RequestWebhook: \(create\)[^]*?\n\s+url\s+: \[secret\]\n/);
    expect(preview).toMatch(/url\s+: "https:\/\/hooks\.test\/drift\/audit"/);
    await stack.ok("up", "--yes");
    expect(rx.requests.filter((r) => r.url === `/drift/requests?token=${QUERY_SECRET}`)).toHaveLength(1);
    requestId = (JSON.parse(await stack.ok("stack", "output", "--json")) as { requestId: string }).requestId;
  });

  test("a bearer token rotated through the admin API shows in refresh as changed, without its value; up puts the program's back", async () => {
    const before = await fingerprints();
    const shown = (await admin("GET", `/v1/webhooks/${requestId}`)).json as Record<string, unknown>;
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, secretFingerprints: _f, ...masked } = shown;
    const rotated = await admin("PUT", `/v1/webhooks/${requestId}`, { ...masked, authentication: { type: "bearer", token: ROTATED } });
    expect(rotated.status).toBe(200);
    expect(await fingerprints()).not.toEqual(before);

    const refresh = await stack.ok("refresh", "--diff", "--yes");
    printed.push(refresh);
    // The engine marks no change of one secret to another, so the fingerprint names the field (and the version moved).
    expect(refresh).toMatch(/~ pulumi-nodejs:dynamic\/webhooks:RequestWebhook: \(update\)/);
    expect(refresh).toMatch(/~ secretFingerprints: \{\n\s+~ authentication\.token: "hmac-sha256:[\w-]{22}" => "hmac-sha256:[\w-]{22}"\n\s+url\s+: "hmac-sha256:[\w-]{22}"\n/);
    expect(refresh).toMatch(/~ version\s+: 1 => 2/);
    expect(refresh).toMatch(/token: \[secret\]/);
    // The program's token differs from what refresh read: the next up updates.
    const preview = await stack.ok("preview", "--diff");
    printed.push(preview);
    expect(preview).toMatch(/~ 1 to update/);

    rx.requests.length = 0;
    const up = await stack.ok("up", "--yes");
    printed.push(up);
    expect(up).toMatch(/~ 1 updated/);
    const [test] = rx.requests.filter((r) => r.url.startsWith("/drift/requests"));
    expect(test.headers.authorization).toBe(`Bearer ${SECRETS.bearerToken}`);
    expect(await fingerprints()).toEqual(before);
  });

  test("the same config registered again outside Pulumi (only the version moves) shows in refresh; up applies the program's", async () => {
    const shown = (await admin("GET", `/v1/webhooks/${requestId}`)).json as Record<string, unknown>;
    const { id: _i, version, createdAt: _c, updatedAt: _u, secretFingerprints: _f, ...masked } = shown;
    // `****` keeps each stored secret (same destination): nothing but the version changes.
    const again = await admin("PUT", `/v1/webhooks/${requestId}`, masked);
    expect(again.status).toBe(200);
    const bumped = (again.json as { version: number }).version;
    expect(bumped).toBe((version as number) + 1);

    const refresh = await stack.ok("refresh", "--diff", "--yes");
    printed.push(refresh);
    expect(refresh).toMatch(/~ pulumi-nodejs:dynamic\/webhooks:RequestWebhook: \(update\)/);
    expect(refresh).toContain(`~ version           : ${version as number} => ${bumped}`);
    expect(refresh).not.toMatch(/~ secretFingerprints/);
    expect(await stack.ok("preview", "--diff")).toMatch(/~ 1 to update/);

    const up = await stack.ok("up", "--yes");
    printed.push(up);
    expect(up).toMatch(/~ 1 updated/);
    // Written back once: a refresh now finds nothing.
    const settled = await stack.ok("refresh", "--diff", "--yes");
    expect(settled).not.toMatch(/\(update\)/);
    expect(await stack.ok("preview", "--diff")).not.toMatch(/to update/);
  });

  test("neither the state nor anything printed holds the URL's credential or a token", async () => {
    const exported = await stack.ok("stack", "export");
    // The stack's own config (plain, as set) is in the export too: the webhooks' state must not hold the URL.
    const state = JSON.stringify(await stack.webhooks());
    expect(state).toContain('"ciphertext"');
    for (const value of [ROTATED, ...Object.values(SECRETS), ADMIN_TOKEN]) {
      expect({ value, in: [exported, ...printed, ...stack.printed].filter((t) => t.includes(value)).length }).toEqual({ value, in: 0 });
    }
    expect({ in: [state, ...printed, ...stack.printed].filter((t) => t.includes(QUERY_SECRET)).length }).toEqual({ in: 0 });
    expect(await stack.ok("destroy", "--yes")).toMatch(/- 3 deleted/);
  });
});

describe("one stack through its life: up, change, out-of-band deletion, refresh, destroy", () => {
  let stack: PulumiStack;
  let ids: { auditId: string; requestId: string };

  beforeAll(async () => {
    stack = await newStack("life", config("/life/audit", "/life/requests"));
  });

  test("up runs the Test invocation against the receiver and registers both webhooks", async () => {
    const preview = JSON.parse(await stack.ok("preview", "--json")) as { changeSummary: Record<string, number> };
    expect(preview.changeSummary).toEqual({ create: 3 });
    // preview is offline: the receiver has seen nothing yet.
    expect(requestsTo("/life/audit")).toEqual([]);
    expect(await stack.ok("up", "--yes")).toMatch(/\+ 3 created/);

    const [auditTest] = requestsTo("/life/audit");
    expect(auditTest.method).toBe("POST");
    expect(auditTest.headers["x-api-key"]).toBe(SECRETS.apiKey);
    expect(auditTest.headers["webhook-signature"]).toMatch(/^v1,/);
    const [requestTest] = requestsTo("/life/requests");
    expect(requestTest.headers.authorization).toBe(`Bearer ${SECRETS.bearerToken}`);
    expect(JSON.parse(requestTest.body)).toEqual({ v: 1, type: "RequestCreated", id: "8c1f0b7e-3d2a-4a8e-9a51-6f0d2c7b9e14" });

    const outputs = JSON.parse(await stack.ok("stack", "output", "--json")) as Record<string, unknown>;
    expect(outputs).toMatchObject({ requestVersion: 1, requestTemplate: TEMPLATE_V1, lastTest: { success: true, statusCode: 200 } });
    ids = { auditId: outputs.auditId as string, requestId: outputs.requestId as string };
    expect(ids.auditId).toMatch(/^wh_/);
    expect(await registeredNames()).toEqual(["e2e access requests", "e2e audit log"]);
    expect((await stack.webhooks()).map((r) => r.id).sort()).toEqual([ids.auditId, ids.requestId].sort());
  });

  test("a changed template shows as a readable diff, and up registers a new version that new deliveries use", async () => {
    await stack.ok("config", "set", "template", TEMPLATE_V2);
    const diff = await stack.ok("preview", "--diff");
    expect(diff).toContain(`~ ${REQUEST_TYPE}: (update)`);
    // Pulumi shows a JSON string as a JSON diff: only the keys that changed are marked.
    expect(diff).toMatch(/~ bodyTemplate\s+: \(json\) \{\n\s+- id\s+: "\{\{data\.id\}\}"\n\s+\+ requester: "\{\{data\.requester\.email\}\}"\n\s+type\s+: "\{\{event_type\}\}"\n\s+~ v\s+: 1 => 2\n/);
    expect(diff).toMatch(/ 2 unchanged/);
    expect(diff).toMatch(/~ 1 to update/);

    rx.requests.length = 0;
    expect(await stack.ok("up", "--yes")).toMatch(/~ 1 updated/);
    // The update ran its own Test invocation with the new template.
    expect(requestsTo("/life/requests").map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { v: 2, type: "RequestCreated", requester: "dana.levi@acme.example" },
    ]);
    expect(requestsTo("/life/audit")).toEqual([]);
    const got = await admin("GET", `/v1/webhooks/${ids.requestId}`);
    expect(got.json).toMatchObject({ version: 2, bodyTemplate: TEMPLATE_V2 });

    rx.requests.length = 0;
    const event = { ...mockRequestEvent("RequestGranted"), id: "e2e-granted-1" };
    expect((await admin("POST", "/v1/events/request", event)).status).toBe(202);
    const deadline = Date.now() + 30_000;
    while (requestsTo("/life/requests").length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(requestsTo("/life/requests").map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { v: 2, type: "RequestGranted", requester: "dana.levi@acme.example" },
    ]);
  });

  test("the exported state and the output of preview and up hold no plaintext secret", async () => {
    const exported = await stack.ok("stack", "export");
    // The passphrase provider's envelope: the secret fields are there, encrypted.
    expect(exported).toContain('"ciphertext"');
    const texts = [exported, ...stack.printed];
    expect(stack.printed.length).toBe(8); // preview --json, up, preview --diff, up: stdout and stderr each
    const signingKey = SECRETS.signingSecret.slice("whsec_".length);
    for (const value of [...Object.values(SECRETS), signingKey, ADMIN_TOKEN]) {
      expect(texts.filter((t) => t.includes(value))).toEqual([]);
    }
  });

  test("an out-of-band deletion followed by refresh removes the resource from state", async () => {
    expect((await admin("DELETE", `/v1/webhooks/${ids.auditId}`)).status).toBeLessThan(300);
    const refresh = await stack.ok("refresh", "--yes");
    expect(refresh).toMatch(/- 1 deleted/);
    expect((await stack.webhooks()).map((r) => r.id)).toEqual([ids.requestId]);
  });

  test("destroy deregisters everything", async () => {
    expect(await stack.ok("destroy", "--yes")).toMatch(/- 2 deleted/);
    expect(await registeredNames()).toEqual([]);
    expect(await stack.resources()).toEqual([]);
  });
});
