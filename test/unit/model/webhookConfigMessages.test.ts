// What a person reads: each message names the field, says how to fix it, lists
// the allowed values, suggests the likely intended name — and never quotes a secret.
import fc from "fast-check";
import { validateWebhookConfig, type ValidateOptions } from "../../../provider/model/validateConfig";
import { didYouMean } from "../../../provider/model/suggest";

const audit = { name: "Audit to SIEM", url: "https://siem.example.com/ingest", bodyTemplate: "{}" };
const request = { ...audit, triggers: ["RequestCreated"] };

function messages(input: unknown, options: ValidateOptions = { kind: "audit" }): Array<[string, string]> {
  const r = validateWebhookConfig(input, options);
  return r.ok ? [] : r.errors.map((e) => [e.path, e.message]);
}

describe("messages", () => {
  it.each<[string, unknown, ValidateOptions, Array<[string, string]>]>([
    [
      "a method in lower case suggests the upper-case form",
      { ...audit, method: "post" },
      { kind: "audit" },
      [["method", 'method is "post"; use one of "POST", "PUT", "PATCH", "DELETE" or "GET". Did you mean "POST"?']],
    ],
    [
      "an old trigger label suggests the current name",
      { ...request, triggers: ["Created"] },
      { kind: "request" },
      [
        [
          "triggers[0]",
          'triggers[0] is "Created"; use one of "RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", "RequestExpired", "RequestFailed" or "Manual". Did you mean "RequestCreated"?',
        ],
      ],
    ],
    [
      "a misspelt field suggests the field",
      { ...audit, timeout_seconds: 10 },
      { kind: "audit" },
      [["timeout_seconds", 'timeout_seconds is not a field of an audit webhook. Did you mean "timeoutSeconds"?']],
    ],
    [
      "a field with no likely match lists the fields",
      { ...audit, zzz: 1 },
      { kind: "audit" },
      [
        [
          "zzz",
          "zzz is not a field of an audit webhook. Known fields: name, active, type, method, url, bodyTemplate, headers, authentication, timeoutSeconds, responseValidators, signingSecret, testBeforeApply, testEvent.",
        ],
      ],
    ],
    [
      "a misspelt filter suggests the filter",
      { ...request, filters: { integrationType: ["postgresql"] } },
      { kind: "request" },
      [["filters.integrationType", 'integrationType is not a field of filters. Did you mean "integrationTypes"?']],
    ],
    [
      "a wrong type says the expected type",
      { ...audit, headers: ["X-A"] },
      { kind: "audit" },
      [["headers", "headers must be an object (a map of names to string values), not a list"]],
    ],
    [
      "a missing field says what to set",
      { ...audit, url: undefined },
      { kind: "audit" },
      [["url", "url is required; set it to the https:// URL to call"]],
    ],
    [
      "an unknown authentication type lists the types",
      { ...audit, authentication: { type: "basic" } },
      { kind: "audit" },
      [["authentication.type", 'authentication.type is "basic"; use one of "none", "bearer" or "oauth".']],
    ],
    [
      "a forbidden header says who sets it",
      { ...audit, headers: { "Content-Length": "10" } },
      { kind: "audit" },
      [["headers.Content-Length", 'header "Content-Length" cannot be set: the HTTP client sets it from the request itself; remove it from headers']],
    ],
    [
      "a port says only 443 is allowed",
      { ...audit, url: "https://siem.example.com:8088/ingest" },
      { kind: "audit" },
      [["url", "url has port 8088; only the default https port (443) is allowed, so remove the port"]],
    ],
    [
      "a GET with a body says why",
      { ...audit, method: "GET" },
      { kind: "audit" },
      [["bodyTemplate", 'a GET request carries no body: remove bodyTemplate (or set it to ""), or use POST to send one']],
    ],
    [
      "a missing kind lists the kinds",
      audit,
      {},
      [["kind", 'kind is required; set it to "audit" or "request"']],
    ],
  ])("%s", (_d, input, options, want) => {
    expect(messages(input, options)).toEqual(want);
  });
});

describe("didYouMean", () => {
  it.each<[string, string[], string | undefined]>([
    ["post", ["POST", "PUT", "GET"], "POST"], // case
    ["body_template", ["bodyTemplate", "headers"], "bodyTemplate"], // separators
    ["timout", ["timeoutSeconds", "type"], "timeoutSeconds"], // a misspelt prefix
    ["tokn", ["type", "token"], "token"], // one edit
    ["timeout", ["timeoutSeconds", "type"], "timeoutSeconds"], // contained in the name
    ["AccessRequestCreated", ["RequestCreated", "RequestGranted"], "RequestCreated"], // contains a candidate
    ["Request", ["RequestCreated", "RequestGranted"], undefined], // ambiguous
    ["zzz", ["name", "url"], undefined], // nothing close
  ])("%s → %s", (input, candidates, want) => {
    expect(didYouMean(input, candidates)).toBe(want);
  });
});

// Secret values: header values, bearer token, OAuth client secret, signing
// secret, and the URL's query and credentials. Each case breaks a rule ON the
// secret, the likeliest place for a message to quote it.
describe("no message contains a secret value", () => {
  const secretText = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `S3CR3T${s}`);
  it("for any secret placed where rules fail", () => {
    fc.assert(
      fc.property(secretText, (s) => {
        const input = {
          ...audit,
          url: `http://user:${s}@siem.example.com:8443/in?token=${s}#${s}`,
          headers: { "X-Api-Key": `${s}\r\nX: y`, Authorization: `Bearer ${s}`, "DD-API-KEY": 5 },
          authentication: {
            type: "oauth",
            clientId: "c",
            clientSecret: `${s}\n`,
            tokenEndpointUrl: `http://${s}@auth.example.com/t?secret=${s}`,
            scopes: [`a ${s}`.replace(s, "b")],
          },
          signingSecret: `whsec_${s}!`,
        };
        const bearer = { ...audit, authentication: { type: "bearer", token: `${s}\u0000` }, signingSecret: s };
        const out = [...messages(input), ...messages(bearer)];
        expect(out.length).toBeGreaterThanOrEqual(7);
        for (const [, message] of out) expect(message).not.toContain(s);
      }),
      { numRuns: 50 },
    );
  });
});
