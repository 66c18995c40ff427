// The seed templates (spec §1.4 and §4): each passes check for its kind, renders
// every mock event, and its JSON-in-JSON string decodes to the event's values.
import { mockEventsOf } from "../../../provider/model/mockEvents";
import { checkTemplate, compileTemplate, renderBody } from "../../../provider/templating";
import { AUDIT_FIELDS, REQUEST_FIELDS, seed, text, valueAt } from "./seedFields";

describe.each([
  ["coralogix.hbs", (body: unknown) => (body as { integration_type_fields: string }).integration_type_fields],
  ["datadog.hbs", (body: unknown) => (body as Array<{ message: string }>)[0].message],
  ["servicenow.hbs", (body: unknown) => (body as { description: string }).description],
])("%s", (file, nestedOf) => {
  const template = seed(file);

  it("passes checkTemplate for request webhooks", () => {
    expect(checkTemplate(template, "request")).toEqual([]);
  });

  it.each(mockEventsOf("request").map((e) => [e.event_type, e] as const))("renders the %s mock with the event's values", (_t, event) => {
    const body: unknown = JSON.parse(renderBody(compileTemplate(template), event));
    const nested = JSON.parse(nestedOf(body)) as Record<string, unknown>;
    expect(Object.keys(nested)).toEqual(Object.keys(REQUEST_FIELDS));
    for (const [key, path] of Object.entries(REQUEST_FIELDS)) expect([key, nested[key]]).toEqual([key, text(valueAt(event, path))]);
  });
});

it("coralogix.hbs fills access_bundle_name from the bundle's name, not its id (the docs' bug)", () => {
  const manual = mockEventsOf("request").find((e) => e.event_type === "Manual");
  const body = JSON.parse(renderBody(compileTemplate(seed("coralogix.hbs")), manual)) as { integration_type_fields: string };
  expect(JSON.parse(body.integration_type_fields)).toMatchObject({ access_bundle_id: "bndl_2f7a", access_bundle_name: "Payments on-call kit" });
});

it("servicenow.hbs fills the incident record fields", () => {
  const [created] = mockEventsOf("request");
  const body = JSON.parse(renderBody(compileTemplate(seed("servicenow.hbs")), created)) as Record<string, string>;
  expect(body).toMatchObject({ caused_by: "Dana Levi", short_description: "payments-prod-pg", cause: "RequestCreated" });
});

describe("audit-body.hbs", () => {
  const template = seed("audit-body.hbs");

  it("passes checkTemplate for audit webhooks", () => {
    expect(checkTemplate(template, "audit")).toEqual([]);
  });

  it("echoes the whole audit envelope, objects as JSON-encoded strings", () => {
    const [event] = mockEventsOf("audit");
    const body = JSON.parse(renderBody(compileTemplate(template), event)) as { data: Record<string, string> } & Record<string, unknown>;
    expect(body.event_type).toBe("AuditLogEvent");
    expect(body.event_time).toBe("1717420012.551024000");
    expect(Object.keys(body.data)).toEqual(AUDIT_FIELDS);
    expect(JSON.parse(body.data.current_target_object)).toEqual(event.data.current_target_object);
    expect(body.data.current_target_object).toBe(
      '{"id":"af_91c2","name":"Prod DB read-only (on-call)","active":true,"revoke_after_in_sec":14400}',
    );
    for (const field of AUDIT_FIELDS) expect([field, body.data[field]]).toEqual([field, text(valueAt(event, `data.${field}`))]);
  });
});
