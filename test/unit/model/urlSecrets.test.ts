// Which parts of a URL are credentials (the one rule): any query value, and the
// secret path of the known path-secret targets; everything else stays readable.
import { maskUrl, urlCarriesCredential, urlSecretParts } from "../../../provider/model/urlSecrets";
import { configSecrets } from "../../../provider/delivery/redaction";
import { redactFields } from "../../../provider/runtime/logger";
import { wrapSecrets, isSecretEnvelope } from "../../../provider/resources/secretValues";
import { secretFieldValues } from "../../../provider/model/maskConfig";

const SLACK = "https://hooks.slack.com/services/T0AAAAAA/B0BBBBBB/xoxsecretpart123";

describe("urlCarriesCredential / maskUrl", () => {
  it.each([
    ["https://listener.logz.io:8071?token=abc123&type=x", true, "https://listener.logz.io:8071?token=****&type=****"],
    [SLACK, true, "https://hooks.slack.com/services/****"],
    ["https://acme.workflows.okta.com/api/flo/0123abcd/invoke", true, "https://acme.workflows.okta.com/api/flo/****"],
    ["https://acme.webhook.office.com/webhookb2/a-b-c/IncomingWebhook/xyz", true, "https://acme.webhook.office.com/webhookb2/****"],
    ["https://hooks.slack.com/", false, "https://hooks.slack.com/"],
    ["https://api.example.com/services/collector", false, "https://api.example.com/services/collector"],
    ["https://hooks.torq.io/v1/webhooks/abc/", false, "https://hooks.torq.io/v1/webhooks/abc/"],
    ["https://notslack.com.hooks.example/services/x", false, "https://notslack.com.hooks.example/services/x"],
  ])("%s: credential %s, shown as %s", (url, carries, shown) => {
    expect(urlCarriesCredential(url)).toBe(carries);
    expect(maskUrl(url)).toBe(shown);
  });

  it("names the secret path as a whole and by segment, so a receiver echoing one is scrubbed", () => {
    expect(urlSecretParts(SLACK)).toEqual(["T0AAAAAA/B0BBBBBB/xoxsecretpart123", "T0AAAAAA", "B0BBBBBB", "xoxsecretpart123"]);
  });
});

describe("a credential URL everywhere a secret goes", () => {
  const config = { url: SLACK, headers: {}, authentication: { type: "none" } };

  it("is scrubbed from invocation records and is fingerprinted like a secret field", () => {
    expect(configSecrets(config as never)).toContain("xoxsecretpart123");
    expect(secretFieldValues(config)).toEqual({ url: SLACK });
    expect(secretFieldValues({ url: "https://api.example.com/in", headers: { A: "x" } })).toEqual({ "headers.A": "x" });
  });

  it("is masked in log lines", () => {
    const line = redactFields({ msg: `POST ${SLACK} failed`, target: SLACK });
    expect(JSON.stringify(line)).not.toContain("xoxsecretpart123");
    expect(line.target).toBe("https://hooks.slack.com/services/****");
  });

  it("is a secret in the provider's state and preview; a plain URL is not", () => {
    expect(isSecretEnvelope(wrapSecrets({ url: SLACK }).url)).toBe(true);
    expect(isSecretEnvelope(wrapSecrets({ url: "https://api.example.com/in?k=v" }).url)).toBe(true);
    expect(wrapSecrets({ url: "https://api.example.com/in" }).url).toBe("https://api.example.com/in");
  });
});
