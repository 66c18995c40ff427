// Refresh without leaks or flapping: the runtime masks secret values ("****")
// and URL query values; read puts state's real values back where the mask
// matches, and keeps what the runtime says everywhere else (that is drift).
import { fieldsFromRuntime } from "../../../provider/resources/readBack";
import { SECRET_SIG, SECRET_SIG_KEY } from "../../../provider/resources/secretValues";

const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

const state = {
  name: "Drift",
  url: "https://hooks.example.com/in?key=abc&region=eu",
  headers: { "X-A": secret("a-secret"), "X-B": secret("b-secret") },
  authentication: { type: "oauth", clientId: "cid", clientSecret: secret("cs"), tokenEndpointUrl: "https://auth.example.com/t?tenant=t1" },
  signingSecret: secret("whsec_x"),
  webhookId: "wh_1",
};

const remote = {
  id: "wh_1",
  version: 2,
  kind: "request",
  createdAt: "2026-01-01T00:00:00.000Z",
  name: "Drift",
  url: "https://hooks.example.com/in?key=****&region=****",
  headers: { "X-A": "****", "X-B": "****" },
  authentication: { type: "oauth", clientId: "cid", clientSecret: "****", tokenEndpointUrl: "https://auth.example.com/t?tenant=****" },
  signingSecret: "****",
};

describe("fieldsFromRuntime", () => {
  it("restores every masked value from state when the registration is unchanged", () => {
    expect(fieldsFromRuntime("request", remote, state)).toEqual({
      name: "Drift",
      url: state.url,
      headers: { "X-A": "a-secret", "X-B": "b-secret" },
      authentication: { type: "oauth", clientId: "cid", clientSecret: "cs", tokenEndpointUrl: "https://auth.example.com/t?tenant=t1" },
      signingSecret: "whsec_x",
    });
  });

  it("keeps the runtime's values where they differ: a new URL, an added header, another auth type", () => {
    const drifted = {
      ...remote,
      url: "https://hooks.example.com/other?key=****",
      headers: { "X-A": "****", "X-New": "****" },
      authentication: { type: "bearer", token: "****" },
    };
    expect(fieldsFromRuntime("request", drifted, state)).toMatchObject({
      url: "https://hooks.example.com/other?key=****",
      headers: { "X-A": "a-secret", "X-New": "****" },
      authentication: { type: "bearer", token: "****" },
    });
  });

  it("never treats \"****\" in a non-secret field as a mask", () => {
    expect(fieldsFromRuntime("request", { ...remote, name: "****" }, { ...state, name: "Real" })).toMatchObject({ name: "****" });
  });

  it("drops the runtime's own keys (id, version, kind, timestamps)", () => {
    expect(Object.keys(fieldsFromRuntime("request", remote, state)).sort()).toEqual(["authentication", "headers", "name", "signingSecret", "url"]);
  });
});

describe("fieldsFromRuntime with fingerprints: a secret changed outside Pulumi", () => {
  const fps = { "headers.X-A": "hmac-sha256:aaaaaaaaaaaaaaaaaaaaaa", "headers.X-B": "hmac-sha256:bbbbbbbbbbbbbbbbbbbbbb", url: "hmac-sha256:uuuuuuuuuuuuuuuuuuuuuu" };
  const kept = { ...state, secretFingerprints: fps };

  it("keeps state's value where the fingerprint is the one state kept", () => {
    expect(fieldsFromRuntime("request", { ...remote, secretFingerprints: fps }, kept)).toMatchObject({ headers: { "X-A": "a-secret", "X-B": "b-secret" }, url: state.url });
  });

  it("shows the mask (a change, as a secret) where the fingerprint differs, the other fields untouched", () => {
    const rotated = { ...fps, "headers.X-B": "hmac-sha256:cccccccccccccccccccccc", url: "hmac-sha256:vvvvvvvvvvvvvvvvvvvvvv" };
    expect(fieldsFromRuntime("request", { ...remote, secretFingerprints: rotated }, kept)).toMatchObject({
      headers: { "X-A": "a-secret", "X-B": "****" },
      url: "https://hooks.example.com/in?key=****&region=****",
    });
  });

  it("state from before fingerprints keeps its values (nothing to compare with)", () => {
    const rotated = { ...fps, "headers.X-B": "hmac-sha256:cccccccccccccccccccccc" };
    expect(fieldsFromRuntime("request", { ...remote, secretFingerprints: rotated }, state)).toMatchObject({ headers: { "X-B": "b-secret" } });
  });
});
