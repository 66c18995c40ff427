// The Test invocation's event: the first trigger's mock by default, testEvent to
// choose, an explicit trigger over both; testEvent is checked offline.
import { validateWebhookConfig } from "../../../provider/model/validateConfig";
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import { testEventFor } from "../../../provider/model/testEvent";

const request = { name: "grants", url: "https://hooks.example.com/x", bodyTemplate: '{"t":"{{event_type}}"}', triggers: ["RequestGranted", "RequestExpired"] };
const audit = { name: "audit", url: "https://hooks.example.com/a", bodyTemplate: '{"t":"{{event_type}}"}' };

const problems = (kind: "audit" | "request", input: Record<string, unknown>) => {
  const r = validateWebhookConfig(input, { kind });
  return r.ok ? [] : r.errors.map((e) => [e.code, e.path, e.message]);
};

describe("testEventFor", () => {
  it("sends the mock of the first trigger of a request webhook, not RequestCreated", () => {
    expect(testEventFor({ kind: "request", triggers: ["RequestGranted", "RequestExpired"] }).event_type).toBe("RequestGranted");
  });

  it("sends the mock of testEvent's trigger, or the whole event it gives", () => {
    expect(testEventFor({ kind: "request", triggers: ["RequestGranted", "RequestExpired"], testEvent: "RequestExpired" }).event_type).toBe("RequestExpired");
    const custom = { ...mockRequestEvent("RequestGranted"), id: "evt-1" };
    expect(testEventFor({ kind: "request", triggers: ["RequestGranted"], testEvent: custom })).toMatchObject({ id: "evt-1", event_type: "RequestGranted" });
    const auditEvent = { ...mockAuditEvent(), data: { ...mockAuditEvent().data, action: "deleted" } };
    expect(testEventFor({ kind: "audit", testEvent: auditEvent }).data).toMatchObject({ action: "deleted" });
    expect(testEventFor({ kind: "audit" }).event_type).toBe("AuditLogEvent");
  });

  it("lets an explicit trigger (the CLI's --trigger, the test route's ?trigger=) override testEvent", () => {
    expect(testEventFor({ kind: "request", triggers: ["RequestGranted"], testEvent: "RequestGranted" }, "RequestFailed").event_type).toBe("RequestFailed");
  });
});

describe("testEvent in check", () => {
  it("accepts one of the webhook's triggers and a valid event of one of them", () => {
    expect(problems("request", { ...request, testEvent: "RequestExpired" })).toEqual([]);
    expect(problems("request", { ...request, testEvent: mockRequestEvent("RequestGranted") })).toEqual([]);
    expect(problems("audit", { ...audit, testEvent: mockAuditEvent() })).toEqual([]);
  });

  it("refuses a trigger the webhook does not have, naming testEvent and the fix", () => {
    expect(problems("request", { ...request, testEvent: "RequestCreated" })).toEqual([
      [
        "CONFIG_INVALID_TEST_EVENT",
        "testEvent",
        "testEvent is a RequestCreated event, but the webhook's triggers are RequestGranted, RequestExpired: it would never be sent one; name one of its triggers, or add the trigger to triggers",
      ],
    ]);
    expect(problems("request", { ...request, testEvent: mockRequestEvent("RequestCreated") })[0][0]).toBe("CONFIG_INVALID_TEST_EVENT");
  });

  it("refuses an unknown trigger with a did-you-mean, an invalid event, and a string on an audit webhook", () => {
    const [unknown] = problems("request", { ...request, testEvent: "RequestGrantd" });
    expect(unknown.slice(0, 2)).toEqual(["CONFIG_INVALID_TEST_EVENT", "testEvent"]);
    expect(unknown[2]).toContain('Did you mean "RequestGranted"');
    const [invalid] = problems("request", { ...request, testEvent: { event_type: "RequestGranted", event_time: "soon", data: {} } });
    expect(invalid.slice(0, 2)).toEqual(["CONFIG_INVALID_TEST_EVENT", "testEvent"]);
    expect(invalid[2]).toMatch(/^testEvent is not a valid request event: event_time/);
    expect(problems("audit", { ...audit, testEvent: "RequestGranted" })[0].slice(0, 2)).toEqual(["CONFIG_INVALID_TEST_EVENT", "testEvent"]);
    expect(problems("request", { ...request, testEvent: 5 })[0].slice(0, 2)).toEqual(["CONFIG_INVALID_TEST_EVENT", "testEvent"]);
  });

  it("skips the rules on a value not known yet in preview", () => {
    const sentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(validateWebhookConfig({ ...request, testEvent: sentinel }, { kind: "request", unknownSentinel: sentinel }).ok).toBe(true);
  });
});
