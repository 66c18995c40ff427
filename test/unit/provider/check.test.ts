// The provider's `check`: offline, every problem at once with its property path
// and code, no secret in any failure, values unknown in preview tolerated, and
// the normalised inputs returned (defaults filled, :443 dropped, secrets wrapped).
import { WebhookProvider } from "../../../provider/resources";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "../../../provider/resources/secretValues";

const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });
const request = new WebhookProvider("request", { env: {} });
const audit = new WebhookProvider("audit", { env: {} });

const TOKEN = "tok-c2e1-secret";
const HEADER = "hv-91aa-secret";
const CLIENT_SECRET = "cs-77f0-secret";

const valid = {
  name: "Coralogix access requests",
  url: "https://ingress.example.com:443/api/v1/logs",
  triggers: ["RequestCreated"],
  bodyTemplate: '{"id": "{{data.id}}", "who": "{{data.requester.email}}"}',
  headers: { "X-Api-Key": HEADER },
  authentication: { type: "bearer", token: TOKEN },
};

describe("check", () => {
  it("returns the normalised inputs: defaults filled, :443 dropped, secret fields wrapped, __provider left to the engine", async () => {
    const r = await request.check({}, { ...valid, __provider: "exports.handler = ..." });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toEqual({
      name: "Coralogix access requests",
      active: true,
      type: "http",
      method: "POST",
      url: "https://ingress.example.com/api/v1/logs",
      bodyTemplate: valid.bodyTemplate,
      headers: { "X-Api-Key": secret(HEADER) },
      authentication: { type: "bearer", token: secret(TOKEN) },
      timeoutSeconds: 10,
      responseValidators: [],
      testBeforeApply: true,
      triggers: ["RequestCreated"],
    });
  });

  it("accepts secret envelopes in the news and plain values alike", async () => {
    const plain = await request.check({}, valid);
    const wrapped = await request.check({}, { ...valid, headers: { "X-Api-Key": secret(HEADER) }, signingSecret: undefined });
    expect(wrapped).toEqual(plain);
  });

  it("reports every problem with its property path and code", async () => {
    const r = await request.check({}, {
      name: "bad!",
      url: "https://hooks.example.com/in",
      method: "FETCH",
      triggers: ["RequestMade"],
      timeoutSeconds: 61,
      bodyTemplate: '{"who": "{{data.requestor.email}}"}',
      responseValidators: [{ jsonPath: "$.data.ok", expectedValues: ["true"] }, { jsonPath: "$.body", expectedValues: ["x"] }],
      filters: { integrationTypes: [""] },
      colour: "blue",
    });
    // A nested path is the start of the reason, property "": the engine looks up top-level keys only.
    const got = r.failures!.map((f) => [f.property || f.reason.split(/[: ]/)[0], f.reason.match(/\(([A-Z_]+)\)$/)?.[1]]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["name", "CONFIG_INVALID_NAME"],
        ["method", "CONFIG_INVALID_METHOD"],
        ["triggers[0]", "CONFIG_INVALID_TRIGGER"],
        ["timeoutSeconds", "CONFIG_INVALID_TIMEOUT"],
        ["responseValidators[1].jsonPath", "CONFIG_INVALID_VALIDATOR"],
        ["filters.integrationTypes[0]", "CONFIG_INVALID_FILTER"],
        ["colour", "CONFIG_UNKNOWN_FIELD"],
        ["bodyTemplate", "TEMPLATE_UNKNOWN_FIELD"],
      ]),
    );
    expect(r.failures!.filter((f) => /[.[]/.test(f.property))).toEqual([]);
    expect(r.failures!.find((f) => f.property === "bodyTemplate")!.reason).toContain("did you mean `data.requester.email`?");
  });

  it("reports a problem in a secret field with property \"\" and the path in the reason, never the value", async () => {
    const r = await request.check({}, {
      ...valid,
      headers: { "X-Api-Key": `${HEADER}\r\nInjected: yes`, Host: HEADER },
      authentication: { type: "oauth", clientId: "cid", clientSecret: CLIENT_SECRET, tokenEndpointUrl: "http://auth.example.com/token" },
      signingSecret: "not-a-whsec-value-91",
    });
    const failures = r.failures!;
    expect(failures.filter((f) => f.property.startsWith("headers") || f.property === "signingSecret")).toEqual([]);
    const reasons = failures.map((f) => f.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^headers\.X-Api-Key.*\(CONFIG_INVALID_HEADER\)$/),
        expect.stringMatching(/^headers\.Host: .*\(CONFIG_FORBIDDEN_HEADER\)$/),
        expect.stringMatching(/^signingSecret.*\(CONFIG_INVALID_SIGNING_SECRET\)$/),
      ]),
    );
    // The engine looks up top-level keys only: a nested path goes in the reason (else it prints `value {<nil>}`).
    expect(failures).toContainEqual({ property: "", reason: expect.stringMatching(/^authentication\.tokenEndpointUrl.*\(CONFIG_INVALID_AUTH\)$/) });
    const text = JSON.stringify(failures);
    for (const s of [HEADER, CLIENT_SECRET, "not-a-whsec-value-91", TOKEN]) expect(text).not.toContain(s);
  });

  it("reports a whole secret-holding object and a URL with a query under property \"\"", async () => {
    const r = await request.check({}, { ...valid, headers: [HEADER], url: "http://h.example.com/x?key=q-secret-1" });
    expect(r.failures).toEqual([
      { property: "", reason: "url uses http:; only https:// is allowed, so change the scheme to https (CONFIG_INVALID_URL)" },
      { property: "", reason: "headers must be an object (a map of names to string values), not a list (CONFIG_INVALID_TYPE)" },
    ]);
    // A Slack URL's path is its secret: also reported under "" (here it fails for its http: scheme).
    const slack = await request.check({}, { ...valid, url: "http://hooks.slack.com/services/T1/B2/slack-path-secret" });
    expect(slack.failures).toEqual([{ property: "", reason: expect.stringMatching(/^url uses http:/) }]);
    const plainUrl = await request.check({}, { ...valid, url: "http://h.example.com/x" });
    expect(plainUrl.failures).toEqual([{ property: "url", reason: expect.stringMatching(/\(CONFIG_INVALID_URL\)$/) }]);
    expect(JSON.stringify(r.failures)).not.toContain("q-secret-1");
    expect(JSON.stringify(r.failures)).not.toContain(TOKEN);
  });

  it("tolerates values not known yet in preview, anywhere, and keeps them as given", async () => {
    const r = await request.check({}, {
      name: UNKNOWN,
      url: UNKNOWN,
      triggers: ["RequestCreated"],
      bodyTemplate: UNKNOWN,
      headers: UNKNOWN,
      authentication: { type: "bearer", token: UNKNOWN },
      timeoutSeconds: UNKNOWN,
    });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toMatchObject({ name: UNKNOWN, url: UNKNOWN, headers: UNKNOWN, authentication: { type: "bearer", token: UNKNOWN }, timeoutSeconds: UNKNOWN, method: "POST" });
  });

  it("still reports the known problems next to unknown values", async () => {
    const r = await request.check({}, { name: UNKNOWN, url: "ftp://x.example.com/", triggers: UNKNOWN, bodyTemplate: UNKNOWN });
    expect(r.failures).toEqual([{ property: "url", reason: expect.stringMatching(/\(CONFIG_INVALID_URL\)$/) }]);
  });

  it("refuses request-only fields on an audit webhook, and a kind that does not match", async () => {
    const r = await audit.check({}, { ...valid, bodyTemplate: '{"a": "{{data.action}}"}', kind: "request" });
    expect(r.failures!.map((f) => f.property)).toEqual(expect.arrayContaining(["triggers", "kind"]));
  });
});
