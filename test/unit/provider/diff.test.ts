// The provider's `diff`: only real changes of the normalised fields; the
// serialized provider code, outputs, secret wrapping and key order are not
// changes; a runtime move replaces, creating on the new runtime first.
import { WebhookProvider } from "../../../provider/resources";
import { diffState } from "../../../provider/resources/diffState";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "../../../provider/resources/secretValues";
import { stackConfig } from "./support";

const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });
const RUNTIME = "http://127.0.0.1:8787";

const fields = {
  name: "Audit to SIEM",
  active: true,
  type: "http",
  method: "POST",
  url: "https://siem.example.com/in",
  bodyTemplate: '{"a": "{{data.action}}"}',
  headers: { "X-A": "1", "X-B": "2" },
  authentication: { type: "none" },
  timeoutSeconds: 10,
  responseValidators: [],
  testBeforeApply: true,
};
/** State as create left it: fields (secrets wrapped) plus the outputs. */
const state = {
  ...fields,
  headers: { "X-A": secret("1"), "X-B": secret("2") },
  webhookId: "wh_1",
  version: 3,
  lastTest: { success: true, statusCode: 200, durationMs: 5, testedAt: "2026-01-01T00:00:00.000Z" },
  runtimeUrl: RUNTIME,
  __provider: "old code",
};

async function provider(url: string | undefined = RUNTIME): Promise<WebhookProvider> {
  const p = new WebhookProvider("audit", { env: {} });
  await p.configure(stackConfig(url === undefined ? {} : { "webhooks:runtimeUrl": url }));
  return p;
}

describe("diff", () => {
  it("sees no change when only the provider code, the outputs, secret wrapping or key order differ", async () => {
    const news = { __provider: "new code", ...fields, headers: { "X-B": "2", "X-A": "1" } };
    expect(await (await provider()).diff("wh_1", state, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("sees a changed field, including a secret header value, as an update", async () => {
    const p = await provider();
    for (const change of [{ url: "https://siem.example.com/v2" }, { headers: { "X-A": "1", "X-B": "rotated" } }, { headers: { "X-A": "1" } }, { active: false }]) {
      expect(await p.diff("wh_1", state, { ...fields, ...change })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
  });

  it("treats a rename as an update, not a replace", async () => {
    expect(await (await provider()).diff("wh_1", state, { ...fields, name: "Renamed" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("changing testBeforeApply alone changes nothing registered", async () => {
    expect(await (await provider()).diff("wh_1", state, { ...fields, testBeforeApply: false })).toMatchObject({ changes: false });
  });

  it("replaces when the runtime URL changed, creating on the new runtime first whatever the name (names are unique per runtime)", async () => {
    const p = await provider("http://127.0.0.1:9999/");
    for (const name of [fields.name, "New name", UNKNOWN]) {
      expect(await p.diff("wh_1", state, { ...fields, name })).toEqual({ changes: true, replaces: ["runtimeUrl"], deleteBeforeReplace: false });
    }
  });

  it("does not judge a move when no runtime is configured, and ignores a trailing slash", async () => {
    expect(await (await provider(undefined)).diff("wh_1", state, fields)).toMatchObject({ changes: false, replaces: [] });
    expect(await (await provider(`${RUNTIME}/`)).diff("wh_1", state, fields)).toMatchObject({ changes: false, replaces: [] });
  });

  it("reports a change when a value is not known yet in preview", async () => {
    expect(await (await provider()).diff("wh_1", state, { ...fields, url: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("the core's per-property changes (the native plugin's detailedDiff)", () => {
  it("names each changed field as added, deleted or updated; secret wrapping, outputs and testBeforeApply are no change", () => {
    const { headers: _h, ...withoutHeaders } = fields;
    const news = { ...withoutHeaders, bodyTemplate: "{}", signingSecret: "whsec_MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=", testBeforeApply: false };
    expect(diffState("audit", state, news, RUNTIME).detailed).toEqual({
      bodyTemplate: { kind: "update", replace: false },
      headers: { kind: "delete", replace: false },
      signingSecret: { kind: "add", replace: false },
    });
    expect(diffState("audit", state, { ...fields, headers: { "X-B": "2", "X-A": "1" } }, RUNTIME).detailed).toEqual({});
  });

  it("marks runtimeUrl as the replacing change when the webhook's runtime is not the configured one", () => {
    expect(diffState("audit", state, fields, "http://127.0.0.1:9999").detailed).toEqual({ runtimeUrl: { kind: "update", replace: true } });
  });

  it("a version registered outside Pulumi (state's version is not the one Pulumi applied) is an update, shown as an output", () => {
    const refreshed = { ...state, version: 4, __appliedVersion: 3 };
    expect(diffState("audit", refreshed, fields, RUNTIME)).toMatchObject({ changes: true, replaces: [], detailed: { version: { kind: "update", replace: false, input: false } } });
    expect(diffState("audit", { ...state, __appliedVersion: 3 }, fields, RUNTIME)).toMatchObject({ changes: false, detailed: {} });
    // State written before the applied version was kept: no judgement, as before.
    expect(diffState("audit", state, fields, RUNTIME).changes).toBe(false);
  });
});
