import { configSecrets, KEEP_ALL, maskUrl, scrubberFor, scrubDeep } from "../../../provider/delivery/redaction";
import { validateWebhookConfig } from "../../../provider/model/validateConfig";

describe("maskUrl", () => {
  it.each([
    ["https://hooks.test/in", "https://hooks.test/in"],
    ["https://hooks.test/in?token=abc", "https://hooks.test/in?token=****"],
    ["https://hooks.test/in?a=1&b=&c=x%2Fy", "https://hooks.test/in?a=****&b=&c=****"],
    ["https://hooks.test/in?bare-key-value", "https://hooks.test/in?****"],
    ["https://hooks.test/in?a=1&&b=2", "https://hooks.test/in?a=****&b=****"],
    ["https://hooks.test/in?", "https://hooks.test/in?"],
    ["https://hooks.test/in?t=1#frag", "https://hooks.test/in?t=****"],
  ])("%s → %s", (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });
});

describe("scrubberFor", () => {
  it("replaces each secret wherever it appears, in raw, JSON-escaped, percent-encoded and trimmed forms", () => {
    const scrub = scrubberFor(['tok"en/+1', "  padded-value  "]);
    expect(scrub('a tok"en/+1 b')).toBe("a **** b");
    expect(scrub(JSON.stringify({ echo: 'tok"en/+1' }))).toBe('{"echo":"****"}');
    expect(scrub("?q=tok%22en%2F%2B1")).toBe("?q=****");
    expect(scrub("x-h: padded-value")).toBe("x-h: ****");
  });

  it("masks the longer of two overlapping secrets whole", () => {
    expect(scrubberFor(["abcd", "abcdefgh"])("<abcdefgh>")).toBe("<****>");
  });

  it("ignores values shorter than 4 characters, which would mask ordinary words", () => {
    const scrub = scrubberFor(["on", "1", "abc"]);
    expect(scrub("on 1 abc")).toBe("on 1 abc");
  });

  it("is KEEP_ALL, which changes nothing, when no secret is long enough to mask", () => {
    expect(scrubberFor([])).toBe(KEEP_ALL);
    expect(scrubberFor(["on", "1"])).toBe(KEEP_ALL);
    expect(scrubberFor(["abcd"])).not.toBe(KEEP_ALL);
    expect(KEEP_ALL("a b c")).toBe("a b c");
  });

  it("treats secrets as literal text, not patterns", () => {
    expect(scrubberFor(["a.*b$1"])("xa.*b$1y aXXb")).toBe("x****y aXXb");
  });
});

describe("scrubDeep", () => {
  it("scrubs every string, including keys and array items, and keeps other values", () => {
    const scrub = scrubberFor(["s3cret"]);
    expect(scrubDeep({ a: "x s3cret", n: 1, b: [true, null, "s3cret"], s3cret: { k: "s3cret!" } }, scrub)).toEqual({
      a: "x ****",
      n: 1,
      b: [true, null, "****"],
      "****": { k: "****!" },
    });
  });
});

describe("configSecrets", () => {
  it("lists header values, the bearer token, the signing secret and its key, and query values", () => {
    const signingSecret = `whsec_${Buffer.alloc(24, 7).toString("base64")}`;
    const checked = validateWebhookConfig({
      kind: "audit",
      name: "n",
      url: "https://hooks.test/in?k=qv1&bare",
      bodyTemplate: "{}",
      headers: { "X-A": "hv1" },
      authentication: { type: "bearer", token: "bt1" },
      signingSecret,
    });
    if (!checked.ok) throw new Error("config invalid");
    expect(configSecrets(checked.config)).toEqual(["hv1", "bt1", signingSecret, signingSecret.slice(6), "qv1", "bare"]);
  });

  it("lists the OAuth client secret but not the client id", () => {
    const checked = validateWebhookConfig({
      kind: "audit",
      name: "n",
      url: "https://hooks.test/in",
      bodyTemplate: "{}",
      authentication: { type: "oauth", clientId: "client-id", clientSecret: "cs1", tokenEndpointUrl: "https://oauth.test/token" },
    });
    if (!checked.ok) throw new Error("config invalid");
    expect(configSecrets(checked.config)).toEqual(["cs1"]);
  });
});
