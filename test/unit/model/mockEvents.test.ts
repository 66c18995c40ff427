import { AuditEventSchema, REQUEST_TRIGGERS, RequestEventSchema } from "../../../provider/model/events";
import { mockAuditEvent, mockEventsOf, mockRequestEvent } from "../../../provider/model/mockEvents";
// The mock events of spec Appendix A and §2.4, extracted from the spec text.
import spec from "../../fixtures/events/spec-appendix-a.json";

describe("mock events", () => {
  it.each(REQUEST_TRIGGERS)("%s equals the spec's Appendix A mock and passes the request schema", (trigger) => {
    const mock = mockRequestEvent(trigger);
    expect(mock).toEqual((spec.request as Record<string, unknown>)[trigger]);
    expect(RequestEventSchema.safeParse(mock).success).toBe(true);
  });

  it("the audit mock equals the spec's and passes the audit schema", () => {
    expect(mockAuditEvent()).toEqual(spec.audit);
    expect(AuditEventSchema.safeParse(mockAuditEvent()).success).toBe(true);
  });

  it("returns fresh objects, so a caller's mutation does not leak into the next test invocation", () => {
    const a = mockRequestEvent("RequestCreated");
    a.data.requester.name = "changed";
    expect(mockRequestEvent("RequestCreated").data.requester.name).toBe("Dana Levi");
  });

  it("lists one mock per trigger for request webhooks and one for audit webhooks", () => {
    expect(mockEventsOf("request").map((e) => e.event_type)).toEqual([...REQUEST_TRIGGERS]);
    expect(mockEventsOf("audit")).toHaveLength(1);
  });
});
