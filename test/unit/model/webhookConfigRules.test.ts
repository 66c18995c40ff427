// Every configuration rule of product.md §3: the exact code and property path
// a user sees, one row per rule. Rows start from a valid config and change one thing.
import { validateWebhookConfig, type ValidateOptions } from "../../../provider/model/validateConfig";

const audit = { name: "Audit to SIEM", url: "https://siem.example.com/ingest", bodyTemplate: '{"e":"{{event_type}}"}' };
const request = { ...audit, name: "Requests to SIEM", triggers: ["RequestCreated"] };
const secret = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString("base64")}`;

type Found = { code: string; path: string };
function errorsOf(input: unknown, options: ValidateOptions = { kind: "audit" }): Found[] {
  const r = validateWebhookConfig(input, options);
  return r.ok ? [] : r.errors.map((e) => ({ code: e.code, path: e.path }));
}
const err = (code: string, path: string): Found => ({ code, path });

type Row = [string, Record<string, unknown>, Found[]];
const auditRows = (rows: Row[]) => rows.map(([d, patch, want]) => [d, { ...audit, ...patch }, want] as const);

describe("the valid baselines", () => {
  it("a minimal audit and request webhook pass", () => {
    expect(errorsOf(audit)).toEqual([]);
    expect(errorsOf(request, { kind: "request" })).toEqual([]);
  });
});

describe("kind (file shape)", () => {
  it.each<[string, unknown, ValidateOptions, Found[]]>([
    ["missing", audit, {}, [err("CONFIG_REQUIRED", "kind")]],
    ["not a kind", { ...audit, kind: "requests" }, {}, [err("CONFIG_INVALID_KIND", "kind")]],
    ["not a string", { ...audit, kind: 1 }, {}, [err("CONFIG_INVALID_KIND", "kind")]],
    ["audit", { ...audit, kind: "audit" }, {}, []],
    ["request", { ...request, kind: "request" }, {}, []],
    // With the resource shape the kind comes from the resource; a contradicting one is refused.
    ["contradicts the resource", { ...audit, kind: "request" }, { kind: "audit" }, [err("CONFIG_INVALID_KIND", "kind")]],
    ["repeats the resource's", { ...audit, kind: "audit" }, { kind: "audit" }, []],
  ])("%s", (_d, input, options, want) => {
    expect(errorsOf(input, options)).toEqual(want);
  });

  it("still checks the other fields when kind is wrong", () => {
    expect(errorsOf({ kind: "x", name: "ok", url: "http://a.example.com", bodyTemplate: "{}" }, {})).toEqual([
      err("CONFIG_INVALID_KIND", "kind"),
      err("CONFIG_INVALID_URL", "url"),
    ]);
  });
});

describe.each([
  [
    "name",
    auditRows([
      ["missing", { name: undefined }, [err("CONFIG_REQUIRED", "name")]],
      ["not a string", { name: 7 }, [err("CONFIG_INVALID_TYPE", "name")]],
      ["empty", { name: "" }, [err("CONFIG_INVALID_NAME", "name")]],
      ["blank", { name: "   " }, [err("CONFIG_INVALID_NAME", "name")]],
      ["leading space", { name: " Hook" }, [err("CONFIG_INVALID_NAME", "name")]],
      ["trailing space", { name: "Hook " }, [err("CONFIG_INVALID_NAME", "name")]],
      ["a slash", { name: "a/b" }, [err("CONFIG_INVALID_NAME", "name")]],
      ["a non-ASCII letter", { name: "Café" }, [err("CONFIG_INVALID_NAME", "name")]],
      ["101 characters", { name: "a".repeat(101) }, [err("CONFIG_INVALID_NAME", "name")]],
      ["100 characters", { name: "a".repeat(100) }, []],
      ["every allowed character", { name: "Prod hook_1.v-2" }, []],
    ]),
  ],
  [
    "active, type, testBeforeApply",
    auditRows([
      ["active not boolean", { active: "yes" }, [err("CONFIG_INVALID_TYPE", "active")]],
      ["type not http", { type: "grpc" }, [err("CONFIG_INVALID_WEBHOOK_TYPE", "type")]],
      ["type http", { type: "http" }, []],
      ["testBeforeApply not boolean", { testBeforeApply: "no" }, [err("CONFIG_INVALID_TYPE", "testBeforeApply")]],
    ]),
  ],
  [
    "method",
    auditRows([
      ["lower case", { method: "post" }, [err("CONFIG_INVALID_METHOD", "method")]],
      ["not offered", { method: "OPTIONS" }, [err("CONFIG_INVALID_METHOD", "method")]],
      ["PUT", { method: "PUT" }, []],
      ["PATCH", { method: "PATCH" }, []],
      ["DELETE", { method: "DELETE" }, []],
      ["GET without a body", { method: "GET", bodyTemplate: "" }, []],
    ]),
  ],
  [
    "url",
    auditRows([
      ["missing", { url: undefined }, [err("CONFIG_REQUIRED", "url")]],
      ["not a string", { url: 443 }, [err("CONFIG_INVALID_TYPE", "url")]],
      ["empty", { url: "" }, [err("CONFIG_INVALID_URL", "url")]],
      ["not a URL", { url: "siem.example.com/ingest" }, [err("CONFIG_INVALID_URL", "url")]],
      ["http", { url: "http://siem.example.com/ingest" }, [err("CONFIG_INVALID_URL", "url")]],
      ["another port", { url: "https://siem.example.com:8443/ingest" }, [err("CONFIG_INVALID_URL", "url")]],
      ["userinfo", { url: "https://u:p@siem.example.com/ingest" }, [err("CONFIG_INVALID_URL", "url")]],
      ["a fragment", { url: "https://siem.example.com/ingest#top" }, [err("CONFIG_INVALID_URL", "url")]],
      ["a space", { url: "https://siem.example.com/in gest" }, [err("CONFIG_INVALID_URL", "url")]],
      ["2049 characters", { url: `https://siem.example.com/${"a".repeat(2049 - 25)}` }, [err("CONFIG_INVALID_URL", "url")]],
      ["2048 characters", { url: `https://siem.example.com/${"a".repeat(2048 - 25)}` }, []],
      ["a query", { url: "https://listener.logz.io:443/?token=abc&type=apono" }, []],
      // Each broken rule is its own error.
      [
        "http, a port and a fragment",
        { url: "http://siem.example.com:8080/#x" },
        [err("CONFIG_INVALID_URL", "url"), err("CONFIG_INVALID_URL", "url"), err("CONFIG_INVALID_URL", "url")],
      ],
    ]),
  ],
  [
    "bodyTemplate",
    auditRows([
      ["missing for POST", { bodyTemplate: undefined }, [err("CONFIG_REQUIRED", "bodyTemplate")]],
      ["blank for PUT", { method: "PUT", bodyTemplate: "  \n" }, [err("CONFIG_REQUIRED", "bodyTemplate")]],
      ["empty for PATCH", { method: "PATCH", bodyTemplate: "" }, [err("CONFIG_REQUIRED", "bodyTemplate")]],
      ["set for GET", { method: "GET" }, [err("CONFIG_BODY_NOT_ALLOWED", "bodyTemplate")]],
      ["blank for GET", { method: "GET", bodyTemplate: " " }, [err("CONFIG_BODY_NOT_ALLOWED", "bodyTemplate")]],
      ["empty for DELETE", { method: "DELETE", bodyTemplate: "" }, []],
      ["set for DELETE", { method: "DELETE" }, []],
      ["not a string", { bodyTemplate: { a: 1 } }, [err("CONFIG_INVALID_TYPE", "bodyTemplate")]],
    ]),
  ],
  [
    "headers",
    auditRows([
      ["not a map", { headers: ["X-A: 1"] }, [err("CONFIG_INVALID_TYPE", "headers")]],
      ["a value not a string", { headers: { "X-A": 1 } }, [err("CONFIG_INVALID_TYPE", "headers.X-A")]],
      ["a name with a space", { headers: { "X Api": "1" } }, [err("CONFIG_INVALID_HEADER", "headers.X Api")]],
      ["a name with a colon", { headers: { "X-Api:": "1" } }, [err("CONFIG_INVALID_HEADER", "headers.X-Api:")]],
      ["a value with CR LF", { headers: { "X-Api": "a\r\nX-Evil: 1" } }, [err("CONFIG_INVALID_HEADER", "headers.X-Api")]],
      ["a value with LF", { headers: { "X-Api": "a\n" } }, [err("CONFIG_INVALID_HEADER", "headers.X-Api")]],
      ["a value with NUL", { headers: { "X-Api": "a\u0000" } }, [err("CONFIG_INVALID_HEADER", "headers.X-Api")]],
      ["a value with a tab", { headers: { "X-Api": "a\tb" } }, []],
      ["Host", { headers: { Host: "a" } }, [err("CONFIG_FORBIDDEN_HEADER", "headers.Host")]],
      ["content-length", { headers: { "content-length": "1" } }, [err("CONFIG_FORBIDDEN_HEADER", "headers.content-length")]],
      ["Transfer-Encoding", { headers: { "Transfer-Encoding": "x" } }, [err("CONFIG_FORBIDDEN_HEADER", "headers.Transfer-Encoding")]],
      ["CONNECTION", { headers: { CONNECTION: "close" } }, [err("CONFIG_FORBIDDEN_HEADER", "headers.CONNECTION")]],
      ["webhook-id", { headers: { "webhook-id": "1" } }, [err("CONFIG_FORBIDDEN_HEADER", "headers.webhook-id")]],
      ["Webhook-Timestamp", { headers: { "Webhook-Timestamp": "1" } }, [err("CONFIG_FORBIDDEN_HEADER", "headers.Webhook-Timestamp")]],
      ["webhook-signature", { headers: { "webhook-signature": "v1,x" } }, [err("CONFIG_FORBIDDEN_HEADER", "headers.webhook-signature")]],
      ["two names equal ignoring case", { headers: { "X-Api": "1", "x-api": "2" } }, [err("CONFIG_INVALID_HEADER", "headers.x-api")]],
      // Custom auth is plain headers, so Authorization is allowed without an authentication block.
      ["Authorization with no authentication", { headers: { Authorization: "Basic abc", "DD-API-KEY": "k" } }, []],
      [
        "every bad header at once",
        { headers: { Host: "a", "X A": "1", "X-B": "\n" } },
        [
          err("CONFIG_FORBIDDEN_HEADER", "headers.Host"),
          err("CONFIG_INVALID_HEADER", "headers.X A"),
          err("CONFIG_INVALID_HEADER", "headers.X-B"),
        ],
      ],
    ]),
  ],
  [
    "authentication",
    auditRows([
      ["not an object", { authentication: "bearer" }, [err("CONFIG_INVALID_TYPE", "authentication")]],
      ["no type", { authentication: { token: "t" } }, [err("CONFIG_REQUIRED", "authentication.type")]],
      ["unknown type", { authentication: { type: "basic" } }, [err("CONFIG_INVALID_AUTH", "authentication.type")]],
      ["none", { authentication: { type: "none" } }, []],
      ["none with a token", { authentication: { type: "none", token: "t" } }, [err("CONFIG_UNKNOWN_FIELD", "authentication.token")]],
      ["bearer", { authentication: { type: "bearer", token: "t0k" } }, []],
      ["bearer without token", { authentication: { type: "bearer" } }, [err("CONFIG_REQUIRED", "authentication.token")]],
      ["bearer with empty token", { authentication: { type: "bearer", token: "" } }, [err("CONFIG_INVALID_AUTH", "authentication.token")]],
      ["bearer token with a newline", { authentication: { type: "bearer", token: "t0k\n" } }, [err("CONFIG_INVALID_AUTH", "authentication.token")]],
      ["bearer token mistyped key", { authentication: { type: "bearer", tokn: "t" } }, [
        err("CONFIG_REQUIRED", "authentication.token"),
        err("CONFIG_UNKNOWN_FIELD", "authentication.tokn"),
      ]],
      [
        "bearer and an Authorization header",
        { authentication: { type: "bearer", token: "t" }, headers: { Authorization: "Bearer x" } },
        [err("CONFIG_AUTH_CONFLICT", "headers.Authorization")],
      ],
    ]),
  ],
])("%s", (_field, rows) => {
  it.each(rows)("%s", (_d, input, want) => {
    expect(errorsOf(input)).toEqual(want);
  });
});

describe("authentication: oauth", () => {
  const oauth = {
    type: "oauth",
    clientId: "client-1",
    clientSecret: "s3cret",
    tokenEndpointUrl: "https://auth.example.com/oauth2/token",
  };
  it.each<[string, Record<string, unknown>, Found[]]>([
    ["complete", {}, []],
    ["with scopes and audience", { scopes: ["logs.write", "read"], audience: "https://api.example.com" }, []],
    ["a token endpoint on another port", { tokenEndpointUrl: "https://auth.example.com:8443/token" }, []],
    ["missing clientId", { clientId: undefined }, [err("CONFIG_REQUIRED", "authentication.clientId")]],
    ["empty clientId", { clientId: "" }, [err("CONFIG_INVALID_AUTH", "authentication.clientId")]],
    ["missing clientSecret", { clientSecret: undefined }, [err("CONFIG_REQUIRED", "authentication.clientSecret")]],
    ["empty clientSecret", { clientSecret: "" }, [err("CONFIG_INVALID_AUTH", "authentication.clientSecret")]],
    ["missing tokenEndpointUrl", { tokenEndpointUrl: undefined }, [err("CONFIG_REQUIRED", "authentication.tokenEndpointUrl")]],
    ["http token endpoint", { tokenEndpointUrl: "http://auth.example.com/token" }, [err("CONFIG_INVALID_AUTH", "authentication.tokenEndpointUrl")]],
    ["token endpoint with userinfo", { tokenEndpointUrl: "https://a:b@auth.example.com/token" }, [err("CONFIG_INVALID_AUTH", "authentication.tokenEndpointUrl")]],
    ["token endpoint without host", { tokenEndpointUrl: "https://" }, [err("CONFIG_INVALID_AUTH", "authentication.tokenEndpointUrl")]],
    ["a scope with a space", { scopes: ["read", "logs write"] }, [err("CONFIG_INVALID_AUTH", "authentication.scopes[1]")]],
    ["scopes not a list", { scopes: "read write" }, [err("CONFIG_INVALID_TYPE", "authentication.scopes")]],
    ["empty audience", { audience: "" }, [err("CONFIG_INVALID_AUTH", "authentication.audience")]],
  ])("%s", (_d, patch, want) => {
    expect(errorsOf({ ...audit, authentication: { ...oauth, ...patch } })).toEqual(want);
  });

  it("refuses an Authorization header in any case", () => {
    expect(errorsOf({ ...audit, authentication: oauth, headers: { authorization: "x" } })).toEqual([
      err("CONFIG_AUTH_CONFLICT", "headers.authorization"),
    ]);
  });
});

describe("timeoutSeconds", () => {
  it.each<[unknown, Found[]]>([
    [1, []],
    [60, []],
    [0, [err("CONFIG_INVALID_TIMEOUT", "timeoutSeconds")]],
    [61, [err("CONFIG_INVALID_TIMEOUT", "timeoutSeconds")]],
    [-5, [err("CONFIG_INVALID_TIMEOUT", "timeoutSeconds")]],
    [1.5, [err("CONFIG_INVALID_TIMEOUT", "timeoutSeconds")]],
    ["10", [err("CONFIG_INVALID_TYPE", "timeoutSeconds")]],
  ])("%p", (timeoutSeconds, want) => {
    expect(errorsOf({ ...audit, timeoutSeconds })).toEqual(want);
  });
});

describe("responseValidators", () => {
  const ok = { jsonPath: "$.data.status", expectedValues: ["ok"] };
  it.each<[string, unknown, Found[]]>([
    ["on the body", [ok], []],
    ["on the status, bracket form", [{ jsonPath: "$['status']", expectedValues: ["200", "201"] }], []],
    ["on a header", [{ jsonPath: "$.headers.content-type", expectedValues: ["application/json"] }], []],
    ["the whole body", [{ jsonPath: "$.data", expectedValues: ["x"] }], []],
    ["not a list", ok, [err("CONFIG_INVALID_TYPE", "responseValidators")]],
    ["bad syntax", [ok, { jsonPath: "$.data[", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[1].jsonPath")]],
    ["no $", [{ jsonPath: "data.status", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[0].jsonPath")]],
    ["another root", [{ jsonPath: "$.body.status", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[0].jsonPath")]],
    ["the bare root", [{ jsonPath: "$", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[0].jsonPath")]],
    ["a descendant root", [{ jsonPath: "$..status", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[0].jsonPath")]],
    ["a filter", [{ jsonPath: "$.data.items[?(@.ok)]", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[0].jsonPath")]],
    ["a script", [{ jsonPath: "$.data.items[(@.length-1)]", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[0].jsonPath")]],
    // Response headers are lower-cased before validation, so a capitalised name never matches.
    ["a capitalised header", [{ jsonPath: "$.headers.Content-Type", expectedValues: ["x"] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[0].jsonPath")]],
    ["no expected values", [ok, { jsonPath: "$.status", expectedValues: [] }], [err("CONFIG_INVALID_VALIDATOR", "responseValidators[1].expectedValues")]],
    ["expected values not a list", [{ jsonPath: "$.status", expectedValues: "200" }], [err("CONFIG_INVALID_TYPE", "responseValidators[0].expectedValues")]],
    ["missing jsonPath", [{ expectedValues: ["x"] }], [err("CONFIG_REQUIRED", "responseValidators[0].jsonPath")]],
    ["a misspelt key", [{ ...ok, expectedValue: ["x"] }], [err("CONFIG_UNKNOWN_FIELD", "responseValidators[0].expectedValue")]],
  ])("%s", (_d, responseValidators, want) => {
    expect(errorsOf({ ...audit, responseValidators })).toEqual(want);
  });
});

describe("signingSecret", () => {
  it.each<[string, unknown, Found[]]>([
    ["32 bytes", secret(32), []],
    ["24 bytes", secret(24), []],
    ["64 bytes", secret(64), []],
    ["23 bytes", secret(23), [err("CONFIG_INVALID_SIGNING_SECRET", "signingSecret")]],
    ["65 bytes", secret(65), [err("CONFIG_INVALID_SIGNING_SECRET", "signingSecret")]],
    ["no whsec_ prefix", Buffer.alloc(32, 1).toString("base64"), [err("CONFIG_INVALID_SIGNING_SECRET", "signingSecret")]],
    ["not base64", "whsec_not*base64!", [err("CONFIG_INVALID_SIGNING_SECRET", "signingSecret")]],
    ["nothing after the prefix", "whsec_", [err("CONFIG_INVALID_SIGNING_SECRET", "signingSecret")]],
    ["not a string", 32, [err("CONFIG_INVALID_TYPE", "signingSecret")]],
  ])("%s", (_d, signingSecret, want) => {
    expect(errorsOf({ ...audit, signingSecret })).toEqual(want);
  });

  it("says how to make a secret", () => {
    const r = validateWebhookConfig({ ...audit, signingSecret: "abc" }, { kind: "audit" });
    expect(r.ok ? "" : r.errors[0].message).toContain("whsec_$(openssl rand -base64 32)");
  });
});

describe("request webhooks: triggers and filters", () => {
  const req = (patch: Record<string, unknown>) => errorsOf({ ...request, ...patch }, { kind: "request" });
  it.each<[string, Record<string, unknown>, Found[]]>([
    ["missing triggers", { triggers: undefined }, [err("CONFIG_REQUIRED", "triggers")]],
    ["no triggers", { triggers: [] }, [err("CONFIG_INVALID_TRIGGER", "triggers")]],
    ["triggers not a list", { triggers: "RequestCreated" }, [err("CONFIG_INVALID_TYPE", "triggers")]],
    ["an unknown trigger", { triggers: ["RequestGranted", "Created"] }, [err("CONFIG_INVALID_TRIGGER", "triggers[1]")]],
    ["a repeated trigger", { triggers: ["RequestCreated", "RequestGranted", "RequestCreated"] }, [err("CONFIG_INVALID_TRIGGER", "triggers[2]")]],
    ["every trigger, Manual included", { triggers: ["RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed", "Manual"] }, []],
    ["empty filters", { filters: {} }, []],
    ["every filter", { filters: { integrations: ["a"], integrationTypes: ["postgresql"], resourceTypes: ["Database"], permissions: ["ReadOnly"], accessFlows: ["af"], bundles: ["b"], requesters: ["dana@x.example"] } }, []],
    ["an empty filter list", { filters: { integrations: [] } }, []],
    ["an empty filter value", { filters: { integrations: ["pg", ""] } }, [err("CONFIG_INVALID_FILTER", "filters.integrations[1]")]],
    ["a blank filter value", { filters: { requesters: ["  "] } }, [err("CONFIG_INVALID_FILTER", "filters.requesters[0]")]],
    ["a filter not a list", { filters: { bundles: "b" } }, [err("CONFIG_INVALID_TYPE", "filters.bundles")]],
    ["an unknown filter", { filters: { integration: ["pg"] } }, [err("CONFIG_UNKNOWN_FIELD", "filters.integration")]],
    ["filters not an object", { filters: ["pg"] }, [err("CONFIG_INVALID_TYPE", "filters")]],
  ])("%s", (_d, patch, want) => {
    expect(req(patch)).toEqual(want);
  });
});

describe("unknown fields", () => {
  it("an audit webhook refuses triggers and filters, saying they are for request webhooks", () => {
    const r = validateWebhookConfig({ ...audit, triggers: ["RequestCreated"], filters: {} }, { kind: "audit" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.path, e.message])).toEqual([
      [
        "CONFIG_UNKNOWN_FIELD",
        "triggers",
        "triggers is for request webhooks only: an audit webhook receives every audit event; remove triggers, or declare a request webhook",
      ],
      [
        "CONFIG_UNKNOWN_FIELD",
        "filters",
        "filters is for request webhooks only: an audit webhook receives every audit event; remove filters, or declare a request webhook",
      ],
    ]);
  });

  it("reports one error per unknown key", () => {
    expect(errorsOf({ ...audit, timeout: 5, retries: 3 })).toEqual([err("CONFIG_UNKNOWN_FIELD", "timeout"), err("CONFIG_UNKNOWN_FIELD", "retries")]);
  });

  it("treats a key set to undefined as absent, as JavaScript callers spread optional args", () => {
    expect(errorsOf({ ...audit, triggers: undefined, signingSecret: undefined })).toEqual([]);
  });

  it("refuses input that is not an object", () => {
    expect(errorsOf("name: x")).toEqual([err("CONFIG_INVALID_TYPE", "")]);
    expect(errorsOf(null)).toEqual([err("CONFIG_INVALID_TYPE", "")]);
    expect(errorsOf([audit])).toEqual([err("CONFIG_INVALID_TYPE", "")]);
  });
});

describe("every error at once", () => {
  it("reports all problems across fields, not the first", () => {
    const input = {
      kind: "request",
      name: "",
      method: "GET",
      url: "http://hooks.example.com",
      bodyTemplate: "{}",
      headers: { Host: "x" },
      timeoutSeconds: 0,
      triggers: [],
      colour: "blue",
    };
    expect(errorsOf(input, {})).toEqual([
      err("CONFIG_INVALID_NAME", "name"),
      err("CONFIG_INVALID_URL", "url"),
      err("CONFIG_FORBIDDEN_HEADER", "headers.Host"),
      err("CONFIG_INVALID_TIMEOUT", "timeoutSeconds"),
      err("CONFIG_INVALID_TRIGGER", "triggers"),
      err("CONFIG_UNKNOWN_FIELD", "colour"),
      err("CONFIG_BODY_NOT_ALLOWED", "bodyTemplate"),
    ]);
  });

  it("returns WebhookErrors that serialise to {code, message, path}", () => {
    const r = validateWebhookConfig({ ...audit, timeoutSeconds: 0 }, { kind: "audit" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toBeInstanceOf(Error);
    expect(JSON.parse(JSON.stringify(r.errors))).toEqual([
      {
        code: "CONFIG_INVALID_TIMEOUT",
        path: "timeoutSeconds",
        message: "timeoutSeconds is 0; it must be a whole number of seconds from 1 to 60",
      },
    ]);
  });
});
