import { checkWebhook } from "../../../../provider/check/checkWebhook";
import { maskConfig } from "../../../../provider/model/maskConfig";
import { literalMasks, restoreMasked } from "../../../../provider/model/maskedSecrets";
import { maskUrl as maskUrlQuery } from "../../../../provider/model/urlSecrets";
import { SECRET_FIELD_PATHS } from "../../../../provider/model/webhookConfig";

function valid(input: Record<string, unknown>) {
  const r = checkWebhook(input);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.config;
}

const base = { kind: "request", name: "masked", url: "https://hooks.example.com/in", bodyTemplate: '{"id": "{{data.id}}"}', triggers: ["RequestCreated"] };

describe("maskConfig", () => {
  it("masks header values, the bearer token and the signing secret, and keeps everything else", () => {
    const config = valid({
      ...base,
      url: "https://hooks.example.com/in?api_key=abc123&region=eu",
      headers: { "X-Api-Key": "k-1", "X-Team": "payments" },
      authentication: { type: "bearer", token: "tok-0123456789" },
      signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    });
    const masked = maskConfig(config);
    expect(masked).toEqual({
      ...config,
      url: "https://hooks.example.com/in?api_key=****&region=****",
      headers: { "X-Api-Key": "****", "X-Team": "****" },
      authentication: { type: "bearer", token: "****" },
      signingSecret: "****",
    });
    expect(JSON.stringify(masked)).not.toMatch(/abc123|k-1|payments|tok-0123456789|MfKQ9r8/);
  });

  it("masks the OAuth client secret, not the client id, and the token endpoint's query values", () => {
    const config = valid({
      ...base,
      authentication: {
        type: "oauth",
        clientId: "client-1",
        clientSecret: "cs-0123456789",
        tokenEndpointUrl: "https://auth.example.com/token?tenant=t1",
      },
    });
    expect(maskConfig(config).authentication).toEqual({
      type: "oauth",
      clientId: "client-1",
      clientSecret: "****",
      tokenEndpointUrl: "https://auth.example.com/token?tenant=****",
    });
  });

  it("masks every path SECRET_FIELD_PATHS lists (a new secret field is covered by listing it)", () => {
    expect(SECRET_FIELD_PATHS).toEqual(["headers.*", "authentication.token", "authentication.clientSecret", "signingSecret"]);
    const input = { headers: { A: "1" }, authentication: { token: "2", clientSecret: "3" }, signingSecret: "4", name: "n" };
    expect(maskConfig(input)).toEqual({ headers: { A: "****" }, authentication: { token: "****", clientSecret: "****" }, signingSecret: "****", name: "n" });
  });

  it("does not change the config it is given", () => {
    const config = valid({ ...base, headers: { "X-Api-Key": "k-1" } });
    maskConfig(config);
    expect(config.headers).toEqual({ "X-Api-Key": "k-1" });
  });

  it.each([
    ["https://h.example/in", "https://h.example/in"],
    ["https://h.example/in?a=1&b=2", "https://h.example/in?a=****&b=****"],
    ["https://h.example/in?key", "https://h.example/in?****"],
    ["https://h.example/in?empty=&x=1", "https://h.example/in?empty=&x=****"],
    ["https://h.example/in?a=1#frag", "https://h.example/in?a=****"],
  ])("masks the query values of %s", (url, expected) => {
    expect(maskUrlQuery(url)).toBe(expected);
  });
});

describe("restoreMasked: the **** rule", () => {
  const stored = {
    kind: "request",
    name: "hook",
    url: "https://hooks.example.com/in?token=REALQUERY&region=eu",
    headers: { "X-Api-Key": "REALHEADER", "X-Team": "payments" },
    authentication: { type: "bearer", token: "REALTOKEN" },
    signingSecret: "whsec_REAL",
  };
  const oauth = {
    ...stored,
    authentication: { type: "oauth", clientId: "c", clientSecret: "REALCLIENT", tokenEndpointUrl: "https://idp.example.com/token" },
  };

  it("a config read back (masked) and sent again keeps every stored secret", () => {
    expect(restoreMasked(maskConfig(stored), stored)).toEqual({ value: stored, problems: [] });
  });

  it("a new value replaces the stored one; only the mask itself is restored", () => {
    const input = { ...maskConfig(stored), headers: { "X-Api-Key": "NEWHEADER", "X-Team": "****" }, url: "https://hooks.example.com/other?token=NEW" };
    expect(restoreMasked(input, stored)).toMatchObject({
      value: {
        headers: { "X-Api-Key": "NEWHEADER", "X-Team": "payments" },
        url: "https://hooks.example.com/other?token=NEW",
        authentication: { type: "bearer", token: "REALTOKEN" },
      },
      problems: [],
    });
  });

  it("a mask where nothing is stored is refused, naming the field", () => {
    expect(restoreMasked({ ...stored, headers: { "X-New": "****" } }, stored).problems).toEqual([
      { path: "headers.X-New", message: expect.stringContaining("no secret is stored there") },
    ]);
  });

  it("a mask whose secret would go to another origin is refused: header values, bearer token, signing secret", () => {
    const moved = { ...maskConfig(stored), url: "https://evil.example.net/in" };
    const { problems } = restoreMasked(moved, stored);
    expect(problems.map((p) => p.path)).toEqual(["headers.X-Api-Key", "headers.X-Team", "authentication.token", "signingSecret"]);
    expect(problems[0].message).toContain("https://evil.example.net");
    for (const p of problems) expect(p.message).not.toMatch(/REAL/);
  });

  it("the OAuth client secret follows the token endpoint, not the url", () => {
    const sameEndpoint = { ...maskConfig(oauth), url: "https://other.example.com/in" };
    expect(restoreMasked(sameEndpoint, oauth).problems.map((p) => p.path)).not.toContain("authentication.clientSecret");
    const newEndpoint = { ...maskConfig(oauth), authentication: { ...oauth.authentication, clientSecret: "****", tokenEndpointUrl: "https://idp.evil.net/token" } };
    expect(restoreMasked(newEndpoint, oauth).problems).toEqual([
      { path: "authentication.clientSecret", message: expect.stringContaining("the token endpoint https://idp.evil.net/token") },
    ]);
  });

  it("a masked URL credential is kept only for the URL it was stored with", () => {
    const other = { ...stored, url: "https://hooks.example.com/moved?token=****&region=****" };
    expect(restoreMasked(other, stored).problems.map((p) => p.path)).toContain("url");
  });
});

describe("literalMasks: a new config (POST, Test invocation) never holds ****", () => {
  it("names every masked secret and masked URL credential", () => {
    const body = { url: "https://hooks.example.com/in?token=****", headers: { A: "****", B: "fine" }, authentication: { type: "bearer", token: "****" } };
    expect(literalMasks(body).map((p) => p.path)).toEqual(["url", "headers.A", "authentication.token"]);
    expect(literalMasks({ url: "https://hooks.example.com/in", headers: { A: "real" } })).toEqual([]);
  });
});
