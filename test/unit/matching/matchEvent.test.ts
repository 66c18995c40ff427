// Which webhooks get an event (product.md §3): kinds equal, webhook active,
// trigger listed, filters passed — OR within a list, AND across lists, and the
// group-level lists satisfied by one access group.
import { matchesWebhook } from "../../../provider/matching/matchEvent";
import type { RequestEvent, RequestTrigger } from "../../../provider/model/events";
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import { validateWebhookConfig } from "../../../provider/model/validateConfig";
import type { RequestFilters, WebhookConfig } from "../../../provider/model/webhookConfig";

const base = { name: "hook", url: "https://hooks.example.com/in", bodyTemplate: "{}" };

function webhook(kind: "audit" | "request", fields: Record<string, unknown> = {}): WebhookConfig {
  const input = kind === "request" ? { triggers: ["RequestCreated"], ...base, ...fields } : { ...base, ...fields };
  const r = validateWebhookConfig(input, { kind });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}
const withFilters = (filters: RequestFilters, triggers: RequestTrigger[] = ["RequestCreated", "Manual"]) =>
  webhook("request", { triggers, filters });
const request = (trigger: RequestTrigger = "RequestCreated", edit: (e: RequestEvent) => void = () => {}) => {
  const event = mockRequestEvent(trigger);
  edit(event);
  return { kind: "request" as const, event };
};
const audit = { kind: "audit" as const, event: mockAuditEvent() };

describe("kinds, active, triggers", () => {
  it.each<[string, WebhookConfig, Parameters<typeof matchesWebhook>[1], boolean]>([
    // An audit webhook gets every audit event.
    ["audit webhook, audit event", webhook("audit"), audit, true],
    // Inactive webhooks are registered but get nothing.
    ["inactive audit webhook", webhook("audit", { active: false }), audit, false],
    // Kinds never cross.
    ["audit webhook, request event", webhook("audit"), request(), false],
    ["request webhook, audit event", webhook("request"), audit, false],
    // The event's trigger must be listed.
    ["trigger listed", webhook("request"), request("RequestCreated"), true],
    ["trigger not listed", webhook("request"), request("RequestGranted"), false],
    ["one of several triggers", webhook("request", { triggers: ["RequestApproved", "RequestGranted"] }), request("RequestGranted"), true],
    ["Manual listed", webhook("request", { triggers: ["Manual"] }), request("Manual"), true],
    ["inactive request webhook", webhook("request", { active: false }), request(), false],
  ])("%s → %s", (_d, hook, event, want) => {
    expect(matchesWebhook(hook, event)).toBe(want);
  });
});

// The RequestCreated mock: requester Dana Levi (usr_7Qm2xZ, dana.levi@acme.example),
// access flow af_91c2 "Prod DB read-only (on-call)", no bundle, one group:
// integration int_6c1e "payments-prod-pg" (postgresql), resource type
// postgresql-database / Database / PostgreSQL/Database, permission readonly / ReadOnly.
// The Manual mock adds bundle bndl_2f7a "Payments on-call kit" and a second group:
// int_a91d "payments-prod-aws" (aws-account), S3 Bucket, permission ReadOnly.
describe("filters", () => {
  it.each<[string, RequestFilters, ReturnType<typeof request>, boolean]>([
    // No filters, or only empty lists: nothing is restricted.
    ["empty filters", {}, request(), true],
    ["only empty lists", { integrations: [], bundles: [], requesters: [] }, request(), true],
    // integrationTypes compare case-insensitively.
    ["integration type, other case", { integrationTypes: ["PostgreSQL"] }, request(), true],
    ["integration type not present", { integrationTypes: ["mysql"] }, request(), false],
    // OR within a list.
    ["one of two integration types", { integrationTypes: ["mysql", "postgresql"] }, request(), true],
    // integrations: id or name, exact.
    ["integration by id", { integrations: ["int_6c1e"] }, request(), true],
    ["integration by name", { integrations: ["payments-prod-pg"] }, request(), true],
    ["integration name in another case", { integrations: ["Payments-Prod-PG"] }, request(), false],
    // resourceTypes: id, name or display path, from resource_types or the units' resource.type.
    ["resource type by id", { resourceTypes: ["postgresql-database"] }, request(), true],
    ["resource type by name", { resourceTypes: ["Database"] }, request(), true],
    ["resource type by display path", { resourceTypes: ["PostgreSQL/Database"] }, request(), true],
    [
      "resource type only on an access unit",
      { resourceTypes: ["Database"] },
      request("RequestCreated", (e) => {
        e.data.access_groups[0].resource_types = [];
      }),
      true,
    ],
    ["resource type not present", { resourceTypes: ["S3 Bucket"] }, request(), false],
    // permissions: id or name of an access unit's permission.
    ["permission by id", { permissions: ["readonly"] }, request(), true],
    ["permission by name", { permissions: ["ReadOnly"] }, request(), true],
    ["permission not present", { permissions: ["Admin"] }, request(), false],
    // accessFlows: id or name.
    ["access flow by id", { accessFlows: ["af_91c2"] }, request(), true],
    ["access flow by name", { accessFlows: ["Prod DB read-only (on-call)"] }, request(), true],
    ["another access flow", { accessFlows: ["af_other"] }, request(), false],
    [
      "no access flow on the request",
      { accessFlows: ["af_91c2"] },
      request("RequestCreated", (e) => {
        e.data.access_flow = null;
      }),
      false,
    ],
    // bundles: id or name; a request without a bundle never matches a bundle filter.
    ["bundle on a request without one", { bundles: ["bndl_2f7a"] }, request(), false],
    ["bundle by id", { bundles: ["bndl_2f7a"] }, request("Manual"), true],
    ["bundle by name", { bundles: ["Payments on-call kit"] }, request("Manual"), true],
    // requesters: id, name (exact) or email (case-insensitive).
    ["requester by id", { requesters: ["usr_7Qm2xZ"] }, request(), true],
    ["requester by name", { requesters: ["Dana Levi"] }, request(), true],
    ["requester by email, other case", { requesters: ["Dana.Levi@ACME.example"] }, request(), true],
    ["requester name in another case", { requesters: ["dana levi"] }, request(), false],
    ["another requester", { requesters: ["noa.shalev@acme.example"] }, request(), false],
    // AND across lists.
    ["two lists both pass", { integrationTypes: ["postgresql"], accessFlows: ["af_91c2"] }, request(), true],
    ["two lists, one fails", { integrationTypes: ["postgresql"], accessFlows: ["af_other"] }, request(), false],
    ["an empty list beside a passing one", { integrations: [], integrationTypes: ["postgresql"] }, request(), true],
    // Group-level lists must hold for ONE access group (Manual: pg group + aws group).
    ["type of group A, name of group B", { integrationTypes: ["postgresql"], integrations: ["payments-prod-aws"] }, request("Manual"), false],
    ["type and name of group B", { integrationTypes: ["aws-account"], integrations: ["payments-prod-aws"] }, request("Manual"), true],
    ["type of A, resource type of B", { integrationTypes: ["postgresql"], resourceTypes: ["S3 Bucket"] }, request("Manual"), false],
    ["any group may be the one", { resourceTypes: ["S3 Bucket"] }, request("Manual"), true],
    ["name of B, permission id of A", { integrations: ["payments-prod-aws"], permissions: ["readonly"] }, request("Manual"), false],
    // Request-level lists are not tied to a group.
    ["group list on B with a request list", { integrations: ["payments-prod-aws"], bundles: ["bndl_2f7a"] }, request("Manual"), true],
    // No access groups: a group-level list cannot pass, a request-level one can.
    [
      "group list, no groups",
      { integrationTypes: ["postgresql"] },
      request("RequestCreated", (e) => {
        e.data.access_groups = [];
      }),
      false,
    ],
    [
      "request list, no groups",
      { accessFlows: ["af_91c2"] },
      request("RequestCreated", (e) => {
        e.data.access_groups = [];
      }),
      true,
    ],
  ])("%s → %s", (_d, filters, event, want) => {
    expect(matchesWebhook(withFilters(filters), event)).toBe(want);
  });

  it("filters do not override the trigger list", () => {
    expect(matchesWebhook(withFilters({ integrationTypes: ["postgresql"] }, ["RequestGranted"]), request())).toBe(false);
  });
});
