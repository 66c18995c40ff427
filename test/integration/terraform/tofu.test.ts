// End to end with a real OpenTofu CLI (built from Go modules), the Go provider through a
// dev override, the BUILT core (dist/) it runs for every operation, a real runtime process
// and a loopback HTTPS receiver with the test CA. One workspace, steps in order.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnCollect } from "../../support/spawnCollect";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { createTestCa, type TestCa } from "../../support/testCa";
import { requireTofuTools, TofuWorkspace } from "../../support/tofuWorkspace";

jest.setTimeout(120_000);

const ADMIN_TOKEN = "tofu-admin-token-8c1e5b2f94d07a36";
const INGEST_TOKEN = "tofu-ingest-token-2a7d9e0c31b54f68";
const SECRETS = {
  apiKey: "tofu-api-key-51c8e3d0",
  signingSecret: "whsec_dG9mdSBzaWduaW5nIGtleSwgMzIgYnl0ZXMgbG9uZyE=",
  bearerToken: "tofu-bearer-token-94fa27c1",
};
const ROTATED = "rotated-by-hand-0d3b6a85";
const PASSPHRASE = "tofu-state-passphrase-7e21c4a9b8";
const TEMPLATE_V1 = '{"v": 1, "type": "{{event_type}}"}';
const TEMPLATE_V2 = '{"v": 2, "type": "{{event_type}}", "action": "{{data.action}}"}';

let ca: TestCa;
let rx: Receiver;
let runtime: RuntimeProcess;
let root = "";
let tofu: TofuWorkspace;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function registered(): Promise<Array<{ id: string; name: string; version: number }>> {
  return (await admin("GET", "/v1/webhooks")).json.webhooks as Array<{ id: string; name: string; version: number }>;
}

const PROVIDER = `terraform {
  required_providers {
    webhooks = { source = "pulumi-webhooks/webhooks" }
  }
}
variable "admin_token" {
  type      = string
  sensitive = true
}
variable "api_key" {
  type      = string
  sensitive = true
}
variable "signing_secret" {
  type      = string
  sensitive = true
}
variable "bearer_token" {
  type      = string
  sensitive = true
}
provider "webhooks" {
  admin_token = var.admin_token
}
`;

const audit = (url: string, template: string) => `
resource "webhooks_audit_webhook" "audit" {
  name          = "tofu audit"
  url           = ${JSON.stringify(url)}
  body_template = ${JSON.stringify(template)}
  headers       = { "X-Api-Key" = var.api_key }
  signing_secret = var.signing_secret
  response_validators = [{ json_path = "$.status", expected_values = ["200"] }]
}
`;

const REQUEST = `
resource "webhooks_request_webhook" "requests" {
  name           = "tofu requests"
  url            = "https://hooks.test/tofu/requests"
  triggers       = ["RequestGranted", "RequestExpired"]
  body_template  = "{\\"user\\": \\"{{data.requester.email}}\\"}"
  authentication = { type = "bearer", token = var.bearer_token }
}
output "request_id" { value = webhooks_request_webhook.requests.id }
`;

const stateText = (): string => readFileSync(join(tofu.dir, "terraform.tfstate"), "utf8");
const allSecrets = [...Object.values(SECRETS), ADMIN_TOKEN, ROTATED];

beforeAll(async () => {
  requireTofuTools();
  root = mkdtempSync(join(tmpdir(), "webhooks-tofu-"));
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  // Anything under /down fails, so a step can point at a target that is down.
  rx.respondWith((req) => (req.url.startsWith("/down") ? { status: 503, body: "maintenance window\n" } : { status: 200 }));
  runtime = await startRuntimeProcess({
    dir: root,
    config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
    adminToken: ADMIN_TOKEN,
    ingestToken: INGEST_TOKEN,
  });
  tofu = new TofuWorkspace(join(root, "tf"), PASSPHRASE, {
    WEBHOOKS_RUNTIME_URL: runtime.url,
    TF_VAR_admin_token: ADMIN_TOKEN,
    TF_VAR_api_key: SECRETS.apiKey,
    TF_VAR_signing_secret: SECRETS.signingSecret,
    TF_VAR_bearer_token: SECRETS.bearerToken,
  });
});

afterAll(async () => {
  await runtime?.kill("SIGKILL");
  await rx?.close();
  ca?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

test("plan of a bad config fails naming the attribute, with the code and message of webhooks validate, and calls nothing", async () => {
  tofu.write("main.tf", PROVIDER + audit("http://hooks.test/tofu/audit", TEMPLATE_V1));
  const plan = await tofu.run("plan");
  expect(plan.status).not.toBe(0);
  const output = plan.stdout + plan.stderr;
  // The same config through `webhooks validate --json`: the same code and message.
  const file = join(root, "bad.json");
  writeFileSync(file, JSON.stringify({ kind: "audit", name: "tofu audit", url: "http://hooks.test/tofu/audit", bodyTemplate: TEMPLATE_V1 }));
  const validate = await spawnCollect(process.execPath, [join(REPO_ROOT, "dist/provider/cli/main.js"), "validate", "--json", file], {});
  const [error] = (JSON.parse(validate.stdout) as { files: Array<{ errors: Array<{ code: string; path: string; message: string }> }> }).files[0].errors;
  expect(error.code).toBe("CONFIG_INVALID_URL");
  expect(output).toContain(`Error: ${error.message} (${error.code})`);
  expect(output).toMatch(/with webhooks_audit_webhook\.audit,\n\s+on main\.tf line \d+, in resource "webhooks_audit_webhook" "audit":\n\s+\d+:\s+url\s+= "http:\/\/hooks\.test\/tofu\/audit"/);
  expect(rx.requests).toEqual([]);
});

test("a failed Test invocation fails apply with the core's message and registers nothing", async () => {
  tofu.write("main.tf", PROVIDER + audit("https://hooks.test/down/audit", TEMPLATE_V1));
  const apply = await tofu.run("apply", "-auto-approve");
  expect(apply.status).not.toBe(0);
  const output = apply.stdout + apply.stderr;
  expect(output).toContain('Error: webhook "tofu audit": Test invocation failed: HTTP_STATUS');
  expect(output).toContain("maintenance window");
  expect(output).toContain("Nothing was registered.");
  // Told in Terraform's words (the core's TERRAFORM_WORDS), not Pulumi's.
  const error = output.slice(output.indexOf("Error:")).replace(/\s+/g, " ");
  expect(error).toContain("run terraform apply (tofu apply) again; set test_before_apply = false to register without the test");
  expect(error).not.toMatch(/pulumi|testBeforeApply|responseValidators/i);
  expect(rx.requests.filter((r) => r.url === "/down/audit")).toHaveLength(1);
  expect(await registered()).toEqual([]);
  expect(await tofu.ok(["state", "list"])).not.toContain("webhooks_audit_webhook");
});

test("apply runs the Test invocation, then registers; state and output hold no secret in plaintext", async () => {
  tofu.write("main.tf", PROVIDER + audit("https://hooks.test/tofu/audit", TEMPLATE_V1) + REQUEST);
  const plan = await tofu.ok(["plan"]);
  expect(plan).toContain("Plan: 2 to add, 0 to change, 0 to destroy.");
  expect(plan).toMatch(/headers\s+= \(sensitive value\)/);
  expect(plan).toMatch(/signing_secret\s+= \(sensitive value\)/);
  await tofu.ok(["apply", "-auto-approve"]);
  const tests = rx.requests.filter((r) => r.url === "/tofu/audit");
  expect(tests).toHaveLength(1);
  expect(tests[0].headers["x-api-key"]).toBe(SECRETS.apiKey);
  expect(JSON.parse(tests[0].body)).toEqual({ v: 1, type: "AuditLogEvent" });
  expect(rx.requests.filter((r) => r.url === "/tofu/requests")[0].headers.authorization).toBe(`Bearer ${SECRETS.bearerToken}`);
  expect((await registered()).map((w) => w.name).sort()).toEqual(["tofu audit", "tofu requests"]);
  // OpenTofu's state encryption: the state file is ciphertext; tofu itself reads it back.
  expect(JSON.parse(stateText())).toHaveProperty("encrypted_data");
  const shown = await tofu.ok(["state", "show", "webhooks_audit_webhook.audit"]);
  expect(shown).toMatch(/version\s+= 1/);
  expect(shown).toMatch(/signing_secret\s+= \(sensitive value\)/);
});

test("a changed template shows in plan, and apply updates the registration (version 2) after a new Test invocation", async () => {
  tofu.write("main.tf", PROVIDER + audit("https://hooks.test/tofu/audit", TEMPLATE_V2) + REQUEST);
  const plan = await tofu.ok(["plan", "-detailed-exitcode"], 2);
  expect(plan).toContain("~ resource \"webhooks_audit_webhook\" \"audit\"");
  // tofu shows a JSON string's change as a change of the document.
  expect(plan).toMatch(/~ body_template\s+= jsonencode\(\n\s+~ \{\n\s+\+ action = "\{\{data\.action\}\}"\n\s+~ v\s+= 1 -> 2\n/);
  expect(plan).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");
  await tofu.ok(["apply", "-auto-approve"]);
  const tests = rx.requests.filter((r) => r.url === "/tofu/audit");
  expect(tests).toHaveLength(2);
  expect(JSON.parse(tests[1].body)).toMatchObject({ v: 2 });
  expect((await registered()).find((w) => w.name === "tofu audit")?.version).toBe(2);
  await tofu.ok(["plan", "-detailed-exitcode"], 0);
});

test("an out-of-band change (PUT through the admin API) shows on refresh and plan, the rotated secret without its value", async () => {
  const id = JSON.parse(await tofu.ok(["output", "-json"])).request_id.value as string;
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, secretFingerprints: _f, ...masked } = (await admin("GET", `/v1/webhooks/${id}`)).json;
  const put = await admin("PUT", `/v1/webhooks/${id}`, { ...masked, active: false, authentication: { type: "bearer", token: ROTATED } });
  expect(put.status).toBe(200);
  const refresh = await tofu.ok(["plan", "-refresh-only"]);
  expect(refresh).toContain("Objects have changed outside of OpenTofu");
  expect(refresh).toMatch(/\+ active\s+= false/);
  expect(refresh).toMatch(/~ version\s+= 1 -> 2/);
  expect(refresh).toMatch(/~ authentication\s+= \{\n\s+~ token\s+= \(sensitive value\)/);
  expect(refresh).toMatch(/~ "authentication\.token" = "hmac-sha256:[\w-]+" -> "hmac-sha256:[\w-]+"/);
  // plan puts the configuration's values back: active unset (default true) and the configured token.
  const plan = await tofu.ok(["plan", "-detailed-exitcode"], 2);
  expect(plan).toMatch(/- active\s+= false -> null/);
  expect(plan).toMatch(/~ authentication\s+= \{\n\s+~ token\s+= \(sensitive value\)/);
  expect(plan).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");
  // apply puts the configuration's values back.
  await tofu.ok(["apply", "-auto-approve"]);
  const back = rx.requests.filter((r) => r.url === "/tofu/requests");
  expect(back[back.length - 1].headers.authorization).toBe(`Bearer ${SECRETS.bearerToken}`);
  expect((await admin("GET", `/v1/webhooks/${id}`)).json).toMatchObject({ active: true, version: 3 });
});

test("import of an out-of-band registration (import block), and the webhooks_webhook data source", async () => {
  const created = await admin("POST", "/v1/webhooks", {
    kind: "audit",
    name: "made by hand",
    url: "https://hooks.test/tofu/by-hand",
    bodyTemplate: '{"by": "hand"}',
    timeoutSeconds: 5,
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const imported = `
import {
  to = webhooks_audit_webhook.by_hand
  id = ${JSON.stringify(id)}
}
resource "webhooks_audit_webhook" "by_hand" {
  name            = "made by hand"
  url             = "https://hooks.test/tofu/by-hand"
  body_template   = "{\\"by\\": \\"hand\\"}"
  timeout_seconds = 5
}
data "webhooks_webhook" "by_name" { name = "made by hand" }
output "by_hand" { value = data.webhooks_webhook.by_name }
`;
  tofu.write("main.tf", PROVIDER + audit("https://hooks.test/tofu/audit", TEMPLATE_V2) + REQUEST + imported);
  const plan = await tofu.ok(["plan"]);
  expect(plan).toContain("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.");
  await tofu.ok(["apply", "-auto-approve"]);
  expect((await registered()).find((w) => w.id === id)?.version).toBe(1);
  const shown = await tofu.ok(["state", "show", "webhooks_audit_webhook.by_hand"]);
  expect(shown).toContain(`id                  = "${id}"`);
  expect(shown).toMatch(/timeout_seconds\s+= 5/);
  const out = JSON.parse(await tofu.ok(["output", "-json"])).by_hand.value as Record<string, unknown>;
  expect(out).toMatchObject({ id, kind: "audit", name: "made by hand", version: 1 });
  expect(JSON.parse(out.registration as string)).toMatchObject({ url: "https://hooks.test/tofu/by-hand" });
  await tofu.ok(["plan", "-detailed-exitcode"], 0);
  // The import command too: forget it, import it again by id, and nothing is planned.
  tofu.write("main.tf", PROVIDER + audit("https://hooks.test/tofu/audit", TEMPLATE_V2) + REQUEST + imported.slice(imported.indexOf("resource")));
  await tofu.ok(["state", "rm", "webhooks_audit_webhook.by_hand"]);
  expect(await tofu.ok(["import", "webhooks_audit_webhook.by_hand", id])).toContain("Import successful!");
  await tofu.ok(["plan", "-detailed-exitcode"], 0);
  expect((await registered()).find((w) => w.id === id)?.version).toBe(1);
});

test("examples/terraform/main.tf is a valid configuration", async () => {
  const example = new TofuWorkspace(join(root, "example"), PASSPHRASE, {});
  example.write("main.tf", readFileSync(join(REPO_ROOT, "examples/terraform/main.tf"), "utf8"));
  expect(await example.ok(["validate"])).toContain("Success! The configuration is valid");
});

test("a webhook deleted outside OpenTofu is planned again; destroy deregisters everything; nothing tofu printed or wrote holds a secret in plaintext", async () => {
  const byHand = (await registered()).find((w) => w.name === "made by hand")!;
  expect((await admin("DELETE", `/v1/webhooks/${byHand.id}`)).status).toBeLessThan(300);
  // The lookup of it would fail now (API_NOT_FOUND, rightly): leave it out.
  const main = readFileSync(join(tofu.dir, "main.tf"), "utf8");
  tofu.write("main.tf", main.replace(/\ndata "webhooks_webhook"[^\n]*\noutput "by_hand"[^\n]*\n/, "\n"));
  const plan = await tofu.ok(["plan"]);
  expect(plan).toContain("webhooks_audit_webhook.by_hand will be created");
  expect(plan).toContain("Plan: 1 to add, 0 to change, 0 to destroy.");
  await tofu.ok(["destroy", "-auto-approve"]);
  expect(await registered()).toEqual([]);
  const files = readdirSync(tofu.dir).filter((f) => f.endsWith(".tfstate") || f.endsWith(".backup"));
  expect(files).toContain("terraform.tfstate");
  for (const value of allSecrets) {
    for (const f of files) expect(readFileSync(join(tofu.dir, f), "utf8")).not.toContain(value);
    for (const printed of tofu.printed) expect(printed).not.toContain(value);
  }
});
