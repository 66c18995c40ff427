// `webhooks test` in-process against a real HTTPS receiver on loopback.
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { runCli } from "../../support/cliRunner";
import { createTestCa, type TestCa } from "../../support/testCa";
import { tempDir } from "../../support/tempFiles";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { VERSION } from "../../../provider/version";

const tmp = tempDir();
let ca: TestCa;
let rx: Receiver;

beforeAll(async () => {
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
});
afterAll(async () => {
  await rx.close();
  ca.dispose();
  tmp.remove();
});
beforeEach(() => {
  rx.requests.length = 0;
  rx.respondWith(() => ({ status: 200 }));
});

const REQUEST_TEMPLATE = '{"type": "{{event_type}}", "who": "{{data.requester.email}}"}';

function configFile(fields: Record<string, unknown> = {}): string {
  const config = {
    kind: "request",
    name: "cli test",
    url: "https://hooks.test/in?token=query-secret-1",
    triggers: ["RequestCreated"],
    headers: { "X-Api-Key": "header-secret-2" },
    bodyTemplate: REQUEST_TEMPLATE,
    responseValidators: [{ jsonPath: "$.status", expectedValues: ["200"] }],
    ...fields,
  };
  return tmp.write(`config-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(config));
}

const net = () => ["--resolve", `hooks.test:${rx.host}`, "--allow-cidr", "127.0.0.0/8", "--ca-file", ca.caFile];

describe("webhooks test", () => {
  it("sends the event the providers send: the first trigger's mock, or testEvent; --trigger overrides", async () => {
    const types = async (...args: string[]) => {
      rx.requests.length = 0;
      const r = await runCli("test", ...args, ...net());
      expect(r.code).toBe(0);
      return rx.requests.map((q) => (JSON.parse(q.body) as { type: string }).type);
    };
    const triggers = ["RequestGranted", "RequestExpired"];
    expect(await types(configFile({ triggers }))).toEqual(["RequestGranted"]);
    expect(await types(configFile({ triggers, testEvent: "RequestExpired" }))).toEqual(["RequestExpired"]);
    const custom = { ...mockRequestEvent("RequestExpired"), id: "evt-custom-1" };
    expect(await types(configFile({ triggers, testEvent: custom }))).toEqual(["RequestExpired"]);
    expect(await types(configFile({ triggers }), "--trigger", "RequestFailed")).toEqual(["RequestFailed"]);
  });

  it("sends the mock RequestCreated event and prints a readable success, exit 0", async () => {
    const r = await runCli("test", configFile(), ...net());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("Test invocation succeeded");
    expect(lines[1]).toMatch(/^POST https:\/\/hooks\.test\/in\?token=\*\*\*\* → 200 \(\d+ ms\)$/);
    expect(r.stdout).toContain("  X-Api-Key: ****\n");
    expect(r.stdout).toContain(`  User-Agent: pulumi-webhooks/${VERSION}\n`);
    expect(r.stdout).toMatch(/ {2}webhook-id: test_[0-9a-f-]{36}\n/);
    expect(r.stdout).toContain('  ✓ $.status: actual [200], expected one of ["200"]\n');
    expect(r.stdout).not.toContain("query-secret-1");
    expect(r.stdout).not.toContain("header-secret-2");

    expect(rx.requests).toHaveLength(1);
    expect(JSON.parse(rx.requests[0].body)).toEqual({ type: "RequestCreated", who: mockRequestEvent("RequestCreated").data.requester.email });
    expect(rx.requests[0].url).toBe("/in?token=query-secret-1");
  });

  it("prints the failure code and message first and exits 1 when the target fails", async () => {
    rx.respondWith(() => ({ status: 503, body: "maintenance" }));
    const r = await runCli("test", configFile(), ...net());
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^Test invocation failed: HTTP_STATUS: hooks\.test answered 503; /);
    expect(r.stdout).toContain("Response body:\n  maintenance\n");
    expect(rx.requests).toHaveLength(1); // a Test invocation is one attempt, never retried
  });

  it("--json prints the invocation record, whose deliveryId is the webhook-id the target saw", async () => {
    const r = await runCli("test", configFile(), ...net(), "--json");
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record).toMatchObject({
      isTest: true,
      attempt: 1,
      eventType: "RequestCreated",
      result: "success",
      request: { method: "POST", url: "https://hooks.test/in?token=****" },
      response: { status: 200 },
    });
    expect(record.deliveryId).toMatch(/^test_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(rx.requests[0].headers["webhook-id"]).toBe(record.deliveryId);
  });

  it("refuses the loopback address without --allow-cidr or --allow-private: ADDRESS_REFUSED, exit 1, nothing sent", async () => {
    const r = await runCli("test", configFile(), "--resolve", `hooks.test:${rx.host}`, "--ca-file", ca.caFile);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^Test invocation failed: ADDRESS_REFUSED: hooks\.test resolves to 127\./);
    expect(rx.requests).toHaveLength(0);
    const opened = await runCli("test", configFile(), "--resolve", `hooks.test:${rx.host}`, "--ca-file", ca.caFile, "--allow-private");
    expect(opened.code).toBe(0);
  });

  it("fails TLS without --ca-file: the test CA is not trusted", async () => {
    const r = await runCli("test", configFile(), "--resolve", `hooks.test:${rx.host}`, "--allow-cidr", "127.0.0.0/8");
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^Test invocation failed: TLS_ERROR: /);
  });

  it("sends the mock of --trigger, or the event of --event", async () => {
    await runCli("test", configFile(), ...net(), "--trigger", "RequestGranted");
    const event = mockRequestEvent("RequestRejected");
    event.data.requester.email = "someone.else@example.com";
    await runCli("test", configFile(), ...net(), "--event", tmp.write("event.json", JSON.stringify(event)));
    expect(rx.requests.map((r) => JSON.parse(r.body))).toEqual([
      { type: "RequestGranted", who: mockRequestEvent("RequestGranted").data.requester.email },
      { type: "RequestRejected", who: "someone.else@example.com" },
    ]);
  });

  it("prints config errors like validate (stderr, exit 1) and sends nothing", async () => {
    const file = configFile({ url: "http://hooks.test/in", timeoutSeconds: 0 });
    const r = await runCli("test", file, ...net());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}: url: `);
    expect(r.stderr).toContain("(CONFIG_INVALID_URL)\n");
    expect(r.stderr).toContain("(CONFIG_INVALID_TIMEOUT)\n");
    expect(rx.requests).toHaveLength(0);
  });

  it("reports an invalid --event file and an unreadable --ca-file with exit 1", async () => {
    const bad = tmp.write("bad-event.json", JSON.stringify({ event_type: "RequestCreated" }));
    const r = await runCli("test", configFile(), ...net(), "--event", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("(EVENT_INVALID)");
    const ca2 = await runCli("test", configFile(), "--ca-file", "/nonexistent/ca.pem");
    expect(ca2.code).toBe(1);
    expect(ca2.stderr).toContain("(CONFIG_FILE_UNREADABLE)");
    expect(rx.requests).toHaveLength(0);
  });

  it.each([
    [["test"], "test needs exactly one config file"],
    [["test", "a.yaml", "b.yaml"], "test needs exactly one config file"],
    [["test", "a.yaml", "--resolve", "hooks.test"], "--resolve hooks.test is not host:ip"],
    [["test", "a.yaml", "--resolve", "hooks.test:not-an-ip"], "--resolve hooks.test:not-an-ip is not host:ip"],
    [["test", "a.yaml", "--allow-cidr", "10.0.0.0/33"], "--allow-cidr 10.0.0.0/33 is not an address range"],
    [["test", "a.yaml", "--trigger", "Nope"], "--trigger must be one of"],
    [["test", "a.yaml", "--trigger", "RequestCreated", "--event", "e.json"], "use either --event or --trigger"],
    [["test", "a.yaml", "--bogus"], "Unknown option '--bogus'"],
  ])("exits 2 on the usage error %j", async (argv, message) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`webhooks test: ${message}`);
    expect(r.stderr).toContain("Usage: webhooks test <file>");
  });

  it("exits 2 for --trigger on an audit webhook", async () => {
    const file = configFile({ kind: "audit", triggers: undefined, bodyTemplate: '{"t": "{{event_type}}"}' });
    const r = await runCli("test", file, ...net(), "--trigger", "RequestGranted");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--trigger is for request webhooks");
  });

  it("accepts an IPv6 pin in brackets", async () => {
    // ::1 is loopback, which the default policy refuses: the refusal names the pinned address.
    const r = await runCli("test", configFile(), "--resolve", "hooks.test:[::1]", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: "ADDRESS_REFUSED", message: expect.stringContaining("hooks.test resolves to ::1,") });
  });

  it("--help shows the options and examples; the command is listed in webhooks --help", async () => {
    const r = await runCli("test", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--allow-cidr <cidr>");
    expect(r.stdout).toContain("Examples:\n  webhooks test coralogix.yaml\n");
    expect((await runCli("--help")).stdout).toMatch(/\n {2}test +send the Test invocation/);
  });
});
