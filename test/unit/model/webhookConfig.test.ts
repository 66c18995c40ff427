// The configuration's shape: defaults, the normalised URL, the field lists the
// SDK and schema.json are checked against, and the file/registration shape.
import {
  type AuditWebhookArgs,
  AuditWebhookConfigSchema,
  isSecretFieldPath,
  type RequestWebhookArgs,
  RequestWebhookConfigSchema,
  SECRET_FIELD_PATHS,
  WEBHOOK_FIELDS,
  WebhookFileSchema,
} from "../../../provider/model/webhookConfig";
import { validateWebhookConfig } from "../../../provider/model/validateConfig";

const audit: AuditWebhookArgs = { name: "Audit to SIEM", url: "https://siem.example.com/ingest", bodyTemplate: "{}" };
const request: RequestWebhookArgs = { ...audit, name: "Requests", triggers: ["RequestCreated", "Manual"] };

function configOf(input: unknown, kind?: "audit" | "request") {
  const r = validateWebhookConfig(input, kind ? { kind } : {});
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

describe("defaults", () => {
  it("fills every default of an audit webhook", () => {
    expect(configOf(audit, "audit")).toEqual({
      kind: "audit",
      name: "Audit to SIEM",
      active: true,
      type: "http",
      method: "POST",
      url: "https://siem.example.com/ingest",
      bodyTemplate: "{}",
      headers: {},
      authentication: { type: "none" },
      timeoutSeconds: 10,
      responseValidators: [],
      testBeforeApply: true,
    });
  });

  it("keeps what is given and adds triggers and filters for a request webhook", () => {
    const config = configOf(
      { ...request, active: false, method: "DELETE", bodyTemplate: "", timeoutSeconds: 60, filters: { integrationTypes: ["postgresql"] } },
      "request",
    );
    expect(config).toMatchObject({
      kind: "request",
      active: false,
      method: "DELETE",
      bodyTemplate: "",
      timeoutSeconds: 60,
      triggers: ["RequestCreated", "Manual"],
      filters: { integrationTypes: ["postgresql"] },
    });
  });

  it("an empty body is the default for GET", () => {
    expect(configOf({ ...audit, method: "GET", bodyTemplate: undefined }, "audit")).toMatchObject({ method: "GET", bodyTemplate: "" });
  });
});

describe("url normalisation", () => {
  it.each([
    ["https://siem.example.com:443/ingest?token=a", "https://siem.example.com/ingest?token=a"],
    ["https://siem.example.com:443", "https://siem.example.com"],
    ["https://siem.example.com:/x", "https://siem.example.com/x"],
    ["https://[2001:db8::1]:443/x", "https://[2001:db8::1]/x"],
    // Nothing else is rewritten: the URL is what the user wrote, so diffs stay quiet.
    ["https://Siem.Example.com/a/../b?q=1", "https://Siem.Example.com/a/../b?q=1"],
  ])("%s → %s", (url, want) => {
    expect(configOf({ ...audit, url }, "audit").url).toBe(want);
  });
});

describe("field lists", () => {
  it("names every field of each kind", () => {
    expect(WEBHOOK_FIELDS.audit).toEqual([
      "name",
      "active",
      "type",
      "method",
      "url",
      "bodyTemplate",
      "headers",
      "authentication",
      "timeoutSeconds",
      "responseValidators",
      "signingSecret",
      "testBeforeApply",
      "testEvent",
    ]);
    expect(WEBHOOK_FIELDS.request).toEqual([...WEBHOOK_FIELDS.audit, "triggers", "filters"]);
  });

  it("lists the secret fields", () => {
    expect(SECRET_FIELD_PATHS).toEqual(["headers.*", "authentication.token", "authentication.clientSecret", "signingSecret"]);
  });

  it.each<[PropertyKey[], boolean]>([
    [["headers", "X-Api-Key"], true],
    [["authentication", "token"], true],
    [["authentication", "clientSecret"], true],
    [["signingSecret"], true],
    [["headers"], false],
    [["authentication", "clientId"], false],
    [["url"], false],
  ])("isSecretFieldPath(%j) is %s", (path, want) => {
    expect(isSecretFieldPath(path)).toBe(want);
  });
});

describe("schemas used directly", () => {
  it("the resource schemas apply the same rules, cross-field ones included", () => {
    expect(AuditWebhookConfigSchema.safeParse(audit).success).toBe(true);
    expect(RequestWebhookConfigSchema.safeParse(audit).success).toBe(false); // no triggers
    const conflict = AuditWebhookConfigSchema.safeParse({ ...audit, method: "GET" });
    expect(conflict.success ? [] : conflict.error.issues.map((i) => i.path)).toEqual([["bodyTemplate"]]);
  });

  it("the file schema picks the shape by kind", () => {
    expect(WebhookFileSchema.parse({ kind: "request", ...request })).toMatchObject({ kind: "request", triggers: ["RequestCreated", "Manual"] });
    expect(WebhookFileSchema.parse({ kind: "audit", ...audit })).toMatchObject({ kind: "audit", method: "POST" });
    expect(WebhookFileSchema.safeParse({ kind: "audit", ...request }).success).toBe(false);
  });

  it("validates a file-shaped config without a kind option", () => {
    expect(configOf({ kind: "request", ...request })).toMatchObject({ kind: "request", name: "Requests" });
  });
});
