import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { runCli } from "../../support/cliRunner";
import { tempDir } from "../../support/tempFiles";

const examples = join(__dirname, "../../../examples/configs");
const coralogix = join(examples, "coralogix-request.yaml");
const audit = join(examples, "audit-webhook.yaml");
const tmp = tempDir();
afterAll(() => tmp.remove());

describe("webhooks render", () => {
  it("renders the Coralogix seed to JSON whose nested JSON string parses to the event's values", async () => {
    const r = await runCli("render", coralogix, "--trigger", "RequestGranted");
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { alias: string; integration_type_fields: string };
    expect(body.alias).toBe("apono-webhook");
    const inner = JSON.parse(body.integration_type_fields) as Record<string, string>;
    const e = mockRequestEvent("RequestGranted");
    expect(inner).toEqual({
      event_type: "RequestGranted",
      event_time: String(e.event_time),
      id: e.data.id,
      friendly_id: "AR-5127",
      requester_id: "usr_7Qm2xZ",
      requester_name: "Dana Levi",
      requester_email: "dana.levi@acme.example",
      justification: "Investigate stuck payouts job, INC-2291",
      creation_date: String(e.data.creation_date),
      access_flow_id: "af_91c2",
      access_flow_name: "Prod DB read-only (on-call)",
      access_bundle_id: "",
      access_bundle_name: "",
      access_groups_integration_name: "payments-prod-pg",
      access_groups_integration_type: "postgresql",
    });
  });

  it("renders the audit seed: objects become JSON-encoded strings that parse back to the objects", async () => {
    const r = await runCli("render", audit);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { event_type: string; data: Record<string, string> };
    expect(body.event_type).toBe("AuditLogEvent");
    expect(body.data.action).toBe("updated");
    expect(JSON.parse(body.data.current_target_object)).toEqual({
      id: "af_91c2",
      name: "Prod DB read-only (on-call)",
      active: true,
      revoke_after_in_sec: 14400,
    });
    expect(JSON.parse(body.data.metadata)).toEqual({ request_id: "req-5f1c" });
  });

  it("renders a given event, keeping hostile strings valid at both nesting levels", async () => {
    const event = mockRequestEvent("RequestCreated");
    event.data.justification = 'He said "drop table"; \\ \n </script> {{x}}';
    const file = tmp.write("event.json", JSON.stringify(event));
    const r = await runCli("render", coralogix, "--event", file);
    expect(r.code).toBe(0);
    const inner = JSON.parse((JSON.parse(r.stdout) as { integration_type_fields: string }).integration_type_fields);
    expect(inner.justification).toBe(event.data.justification);
  });

  it("defaults to the Test invocation's event: the first trigger's mock, or testEvent; --trigger overrides", async () => {
    const config = (extra: string) =>
      tmp.write(`first-${extra.length}.yaml`, `kind: request\nname: grants\nurl: https://hooks.example.com/x\nbodyTemplate: '{"t": "{{event_type}}"}'\ntriggers: [RequestGranted, RequestExpired]\n${extra}`);
    const plain = config("");
    expect((await runCli("render", plain)).stdout).toBe('{"t": "RequestGranted"}\n');
    expect((await runCli("render", config("testEvent: RequestExpired\n"))).stdout).toBe('{"t": "RequestExpired"}\n');
    expect((await runCli("render", plain, "--trigger", "RequestFailed")).stdout).toBe('{"t": "RequestFailed"}\n');
  });

  it("--pretty indents the body", async () => {
    const r = await runCli("render", audit, "--pretty");
    expect(r.stdout.startsWith('{\n  "event_type": "AuditLogEvent"')).toBe(true);
  });

  it("refuses an invalid event with EVENT_INVALID and the event's path (exit 1)", async () => {
    const event = mockRequestEvent("RequestCreated") as unknown as { event_type: string };
    event.event_type = "RequestDone";
    const file = tmp.write("bad-event.json", JSON.stringify(event));
    const r = await runCli("render", coralogix, "--event", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: event_type: .*\\(EVENT_INVALID\\)\\n$`));
  });

  it("refuses an unknown trigger and --trigger on an audit webhook (exit 2)", async () => {
    const r1 = await runCli("render", coralogix, "--trigger", "Granted");
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("--trigger must be one of RequestCreated");
    const r2 = await runCli("render", audit, "--trigger", "RequestCreated");
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("--trigger is for request webhooks");
  });

  it("fails with the config's errors when the config is invalid (exit 1)", async () => {
    const file = tmp.write("bad.yaml", "kind: audit\nname: x\nurl: https://a.example.com\nbodyTemplate: '{\"a\": {{#if}}'\n");
    const r = await runCli("render", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: bodyTemplate: `);
    expect(r.stderr).toContain("(TEMPLATE_SYNTAX)");
  });
});

describe("webhooks --help", () => {
  it.each(["validate", "render"])("%s --help shows usage and examples", async (cmd) => {
    const r = await runCli(cmd, "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: webhooks ${cmd}`);
    expect(r.stdout).toContain("Examples:");
  });

  it("the top-level help lists the commands; an unknown command exits 2", async () => {
    const help = await runCli("--help");
    expect(help.stdout).toMatch(/validate\s+check webhook config files/);
    expect(help.stdout).toMatch(/render\s+print the body/);
    const bad = await runCli("deploy");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "deploy"');
  });

  it("an unknown flag is a usage error (exit 2)", async () => {
    const r = await runCli("validate", "--jsn", "x.yaml");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--jsn");
  });
});
