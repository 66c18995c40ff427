// Pulumi preview: values computed by other resources arrive as a sentinel.
// A rule on such a value (or on anything below it) is skipped, and so is a
// cross-field rule that depends on it; rules on known values still apply.
import { validateWebhookConfig } from "../../../provider/model/validateConfig";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const audit = { name: "Audit to SIEM", url: "https://siem.example.com/ingest", bodyTemplate: "{}" };
const request = { ...audit, triggers: ["RequestCreated"] };

function errorsOf(input: unknown, kind: "audit" | "request" = "audit") {
  const r = validateWebhookConfig(input, { kind, unknownSentinel: U });
  return r.ok ? [] : r.errors.map((e) => ({ code: e.code, path: e.path }));
}

describe("unknown values in preview", () => {
  it.each<[string, Record<string, unknown>]>([
    ["the url", { url: U }],
    ["the name", { name: U }],
    ["the timeout", { timeoutSeconds: U }],
    ["a header value", { headers: { "X-Api-Key": U } }],
    ["the whole headers map", { headers: U }],
    ["the bearer token", { authentication: { type: "bearer", token: U } }],
    ["the whole authentication block", { authentication: U }],
    ["the oauth endpoint and secret", { authentication: { type: "oauth", clientId: "c", clientSecret: U, tokenEndpointUrl: U } }],
    ["a validator path", { responseValidators: [{ jsonPath: U, expectedValues: ["ok"] }] }],
    ["the signing secret", { signingSecret: U }],
    // Cross-field: bodyTemplate is required for POST, but the method is not known yet.
    ["the method, with no body", { method: U, bodyTemplate: "" }],
    // Cross-field: GET refuses a body, but the body is not known yet.
    ["the body of a GET", { method: "GET", bodyTemplate: U }],
    // Cross-field: Authorization conflicts with bearer, but the type is not known yet.
    ["the auth type, with an Authorization header", { authentication: { type: U, token: "t" }, headers: { Authorization: "x" } }],
  ])("skips rules on %s", (_d, patch) => {
    expect(errorsOf({ ...audit, ...patch })).toEqual([]);
  });

  it("skips rules on an unknown trigger and on an unknown repeat", () => {
    expect(errorsOf({ ...request, triggers: [U, U, "RequestGranted"] }, "request")).toEqual([]);
  });

  it("skips everything when the whole configuration is unknown", () => {
    expect(validateWebhookConfig(U, { kind: "audit", unknownSentinel: U }).ok).toBe(true);
  });

  it("still reports problems on known values beside unknown ones", () => {
    expect(
      errorsOf({ ...audit, name: " bad", url: U, headers: { "X-Api-Key": U, Host: "h" }, timeoutSeconds: 0 }),
    ).toEqual([
      { code: "CONFIG_INVALID_NAME", path: "name" },
      { code: "CONFIG_FORBIDDEN_HEADER", path: "headers.Host" },
      { code: "CONFIG_INVALID_TIMEOUT", path: "timeoutSeconds" },
    ]);
  });

  it("still applies a cross-field rule whose inputs are known", () => {
    expect(errorsOf({ ...audit, url: U, method: "GET" })).toEqual([{ code: "CONFIG_BODY_NOT_ALLOWED", path: "bodyTemplate" }]);
  });

  it("does not hide a problem at a sibling path that shares a prefix", () => {
    expect(errorsOf({ ...audit, headers: { X: U, "X.Y": "a\n" } })).toEqual([{ code: "CONFIG_INVALID_HEADER", path: "headers.X.Y" }]);
  });

  it("keeps unknown values as given and fills defaults around them", () => {
    const r = validateWebhookConfig({ ...audit, url: U, method: U }, { kind: "audit", unknownSentinel: U });
    expect(r).toEqual({
      ok: true,
      config: {
        kind: "audit",
        name: "Audit to SIEM",
        active: true,
        type: "http",
        method: U,
        url: U,
        bodyTemplate: "{}",
        headers: {},
        authentication: { type: "none" },
        timeoutSeconds: 10,
        responseValidators: [],
        testBeforeApply: true,
      },
    });
  });

  it("treats the sentinel as an ordinary string without the option", () => {
    const r = validateWebhookConfig({ ...audit, url: U }, { kind: "audit" });
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(["CONFIG_INVALID_URL"]);
  });
});
