// Every program in examples/ run as a user runs it: the plain Pulumi CLI with ts-node's type
// check on (so the examples compile against the BUILT package's declarations), a real runtime,
// a real loopback HTTPS receiver (and a real OAuth token endpoint), each stack in its own temp
// dir. Each example: `pulumi up` runs the Test invocation the receiver sees, registers, keeps
// its secrets out of state and output, and `pulumi destroy` deregisters it.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PulumiStack, requireTools } from "../../support/pulumiStack";
import { startReceiver, type Receiver, type RecordedRequest } from "../../support/httpsReceiver";
import { startOAuthServer, type OAuthServer } from "../../support/oauthServer";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { createTestCa, type TestCa } from "../../support/testCa";

jest.setTimeout(120_000);

const ADMIN_TOKEN = "examples-admin-token-8e21c4f07b6d93a5";
const INGEST_TOKEN = "examples-ingest-token-1f6b0e9d2c7a4358";

let ca: TestCa;
let rx: Receiver;
let oauth: OAuthServer;
let runtime: RuntimeProcess;
let root = "";

beforeAll(async () => {
  requireTools();
  root = mkdtempSync(join(tmpdir(), "webhooks-examples-"));
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  oauth = await startOAuthServer({ tls: ca, clients: { "apono-webhooks": "oauth-client-secret-4c9e1b" } });
  // Each path answers as the real service does.
  rx.respondWith((req) => {
    if (req.url.startsWith("/datadog/")) return { status: 202, headers: { "content-type": "application/json" }, body: "{}" };
    if (req.url.startsWith("/services/")) return { status: 200, headers: { "content-type": "text/plain" }, body: "ok" };
    if (req.url.startsWith("/itsm/")) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      return token !== undefined && oauth.isValid(token) ? { status: 201, body: '{"created":true}' } : { status: 401, body: "{}" };
    }
    return { status: 200 };
  });
  mkdirSync(join(root, "runtime"));
  runtime = await startRuntimeProcess({
    dir: join(root, "runtime"),
    config: { network: { resolve: { ...rx.pin("hooks.test"), ...oauth.pin() }, allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
    adminToken: ADMIN_TOKEN,
    ingestToken: INGEST_TOKEN,
  });
});

afterAll(async () => {
  await runtime?.kill("SIGKILL");
  await rx?.close();
  await oauth?.close();
  ca?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function registeredNames(): Promise<string[]> {
  const r = await fetch(`${runtime.url}/v1/webhooks`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await r.json()) as { webhooks: Array<{ name: string }> }).webhooks.map((w) => w.name).sort();
}

const requestsUnder = (prefix: string): RecordedRequest[] => rx.requests.filter((r) => r.url.startsWith(prefix));

/**
 * Inits a stack of examples/<name> with the runtime settings and the given config, runs
 * `pulumi up`, hands the stack to `check`, then proves no secret leaked and destroy deregisters.
 */
async function upAndDown(
  name: string,
  plain: Record<string, string>,
  secrets: Record<string, string>,
  check: (outputs: Record<string, unknown>) => Promise<void>,
  /** Secret parts to search for besides the whole values (e.g. the credential inside a secret URL). */
  alsoSecret: string[] = [],
): Promise<void> {
  const stack = new PulumiStack(root, name, join(REPO_ROOT, "examples", name), true);
  await stack.init({ "webhooks:runtimeUrl": runtime.url, ...plain }, { "webhooks:runtimeToken": ADMIN_TOKEN, ...secrets });
  expect(await stack.ok("up", "--yes")).toMatch(/\+ \d created/);
  await check(JSON.parse(await stack.ok("stack", "output", "--json")) as Record<string, unknown>);

  const texts = [await stack.ok("stack", "export"), ...stack.printed];
  for (const value of [ADMIN_TOKEN, ...Object.values(secrets), ...alsoSecret]) {
    expect({ value, leaks: texts.filter((t) => t.includes(value)).length }).toEqual({ value, leaks: 0 });
  }

  await stack.ok("destroy", "--yes");
  expect(await registeredNames()).toEqual([]);
  expect(await stack.webhooks()).toEqual([]);
}

test("quickstart: one audit and one request webhook to a local receiver", async () => {
  await upAndDown("quickstart", { receiverUrl: "https://hooks.test/quickstart" }, {}, async (outputs) => {
    expect(requestsUnder("/quickstart/").map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      "POST /quickstart/audit",
      "POST /quickstart/requests",
    ]);
    expect(JSON.parse(requestsUnder("/quickstart/audit")[0].body)).toEqual({
      event_type: "AuditLogEvent",
      action: "updated",
      actor: "Noa Shalev",
      target: "Prod DB read-only (on-call)",
    });
    expect(JSON.parse(requestsUnder("/quickstart/requests")[0].body)).toEqual({
      event_type: "RequestCreated",
      request: "AR-5127",
      requester: "dana.levi@acme.example",
      integration: "payments-prod-pg",
    });
    expect(outputs).toMatchObject({ requestTest: { success: true, statusCode: 200 } });
    expect(outputs.auditWebhookId).toMatch(/^wh_/);
    expect(await registeredNames()).toEqual(["Quickstart access requests", "Quickstart audit log"]);
  });
});

test("audit-datadog: the keys travel as custom headers, the log message is JSON inside JSON", async () => {
  const secrets = { datadogApiKey: "dd-api-key-0a1b2c3d4e", datadogAppKey: "dd-app-key-5f6e7d8c9b" };
  await upAndDown("audit-datadog", { intakeUrl: "https://hooks.test/datadog/api/v2/logs" }, secrets, async (outputs) => {
    const [call] = requestsUnder("/datadog/");
    expect(call.headers).toMatchObject({ "dd-api-key": secrets.datadogApiKey, "dd-application-key": secrets.datadogAppKey });
    const logs = JSON.parse(call.body) as Array<{ ddsource: string; message: string }>;
    expect(logs).toHaveLength(1);
    expect(logs[0].ddsource).toBe("apono");
    expect(JSON.parse(logs[0].message)).toMatchObject({ event_type: "AuditLogEvent", actor_name: "Noa Shalev", target_type: "access flow" });
    expect(outputs.lastTest).toMatchObject({ success: true, statusCode: 202 });
    expect(await registeredNames()).toEqual(["Apono audit log to Datadog"]);
  });
});

test("request-coralogix: the seed's JSON-in-JSON template and triggers, the URL kept secret", async () => {
  const credential = "cx-generated-7d3f0a9e";
  const secrets = { coralogixUrl: `https://hooks.test/coralogix/api/v1/webhooks/${credential}` };
  await upAndDown(
    "request-coralogix",
    {},
    secrets,
    async (outputs) => {
      const [call] = requestsUnder("/coralogix/");
      const body = JSON.parse(call.body) as { alias: string; integration_type_fields: string };
      expect(body.alias).toBe("apono-webhook");
      expect(JSON.parse(body.integration_type_fields)).toMatchObject({
        event_type: "RequestCreated",
        friendly_id: "AR-5127",
        requester_email: "dana.levi@acme.example",
        justification: "Investigate stuck payouts job, INC-2291",
        access_groups_integration_type: "postgresql",
      });
      expect(outputs.lastTest).toMatchObject({ success: true, statusCode: 200 });
      const [registered] = ((await (await fetch(`${runtime.url}/v1/webhooks`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
        webhooks: Array<{ triggers: string[]; filters: unknown }>;
      }).webhooks;
      expect(registered.triggers).toEqual(["RequestCreated", "RequestApproved", "RequestGranted", "RequestRejected", "RequestExpired", "RequestFailed"]);
      expect(registered.filters).toMatchObject({ integrationTypes: ["postgresql"] });
    },
    [credential],
  );
});

test("request-slack: a text and a block from the secret incoming-webhook URL", async () => {
  const credential = "slackSecretPart9Qx2";
  const secrets = { slackWebhookUrl: `https://hooks.test/services/T000/B000/${credential}` };
  await upAndDown(
    "request-slack",
    {},
    secrets,
    async (outputs) => {
      const [call] = requestsUnder("/services/");
      const body = JSON.parse(call.body) as { text: string; blocks: Array<{ text: { text: string } }> };
      expect(body.text).toBe("RequestCreated: Dana Levi asked for payments-prod-pg (AR-5127)");
      expect(body.blocks[0].text.text).toContain("*Requester:* Dana Levi (dana.levi@acme.example)");
      expect(outputs.lastTest).toMatchObject({ success: true, statusCode: 200 });
      expect(await registeredNames()).toEqual(["Slack access requests"]);
    },
    [credential],
  );
});

test("request-oauth: the runtime gets a client-credentials token and sends it as a bearer token", async () => {
  const secrets = { clientSecret: "oauth-client-secret-4c9e1b" };
  await upAndDown(
    "request-oauth",
    { endpointUrl: "https://hooks.test/itsm/events", tokenEndpointUrl: oauth.tokenUrl, clientId: "apono-webhooks" },
    secrets,
    async (outputs) => {
      expect(oauth.tokenRequests).toEqual([
        expect.objectContaining({ clientId: "apono-webhooks", grantType: "client_credentials", scope: "webhooks.write", issued: true }),
      ]);
      const [call] = requestsUnder("/itsm/");
      expect(call.headers.authorization).toBe(`Bearer ${oauth.issued[0]}`);
      expect(JSON.parse(call.body)).toMatchObject({ type: "RequestCreated", request_id: "AR-5127", requester: { name: "Dana Levi" } });
      expect(outputs.lastTest).toMatchObject({ success: true, statusCode: 201 });
      expect(await registeredNames()).toEqual(["Access requests to the ITSM API"]);
    },
  );
});
