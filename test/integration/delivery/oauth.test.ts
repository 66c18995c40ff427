// OAuth client credentials through deliverOnce, against a real token endpoint:
// one token for many attempts, and exactly one new token and one resend on a 401.
import { startOAuthServer, type OAuthServer } from "../../support/oauthServer";
import type { Receiver } from "../../support/httpsReceiver";
import { createHarness, deliver, webhook, type Harness } from "./harness";

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

/** A target that accepts only tokens the endpoint issued and has not revoked (or none at all, when `always401`). */
async function setup(options: { always401?: boolean } = {}) {
  const oauth: OAuthServer = await startOAuthServer({ tls: h.ca });
  h.receivers.push(oauth.receiver);
  const rx: Receiver = await h.receiver();
  rx.respondWith((req) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    return !options.always401 && oauth.isValid(token) ? { status: 200 } : { status: 401, body: '{"error":"invalid_token"}' };
  });
  const hook = webhook({
    authentication: { type: "oauth", clientId: oauth.clientId, clientSecret: oauth.clientSecret, tokenEndpointUrl: oauth.tokenUrl, scopes: ["hooks.write"] },
  });
  const deps = h.deps({ ...rx.pin("hooks.test"), ...oauth.pin() });
  return { oauth, rx, hook, deps };
}

describe("OAuth deliveries", () => {
  it("fetches one token and sends it on every attempt while it is valid", async () => {
    const { oauth, rx, hook, deps } = await setup();
    const records = [await deliver(hook, deps), await deliver(hook, deps), await deliver(hook, deps)];
    expect(records.map((r) => [r.result, r.oauthTokenRefreshed])).toEqual([
      ["success", false],
      ["success", false],
      ["success", false],
    ]);
    expect(oauth.tokenRequests).toHaveLength(1);
    expect(oauth.tokenRequests[0]).toMatchObject({ grantType: "client_credentials", scope: "hooks.write", issued: true });
    expect(rx.requests.map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${oauth.issued[0]}`));
  });

  it("on a 401 fetches exactly one new token and sends once more, recording the final exchange", async () => {
    const { oauth, rx, hook, deps } = await setup();
    await deliver(hook, deps);
    oauth.revokeAll(); // the target now refuses the cached token, which has not expired
    const record = await deliver(hook, deps);
    expect(oauth.tokenRequests).toHaveLength(2);
    expect(rx.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${oauth.issued[0]}`,
      `Bearer ${oauth.issued[0]}`,
      `Bearer ${oauth.issued[1]}`,
    ]);
    expect(record).toMatchObject({ result: "success", oauthTokenRefreshed: true, response: { status: 200 } });
    // The next attempt uses the new token without asking again.
    await deliver(hook, deps);
    expect(oauth.tokenRequests).toHaveLength(2);
    expect(rx.requests[3].headers.authorization).toBe(`Bearer ${oauth.issued[1]}`);
  });

  it("does not loop when the target refuses every token: one refresh, one resend, then HTTP_STATUS 401", async () => {
    const { oauth, rx, hook, deps } = await setup({ always401: true });
    const record = await deliver(hook, deps);
    expect(oauth.tokenRequests).toHaveLength(2);
    expect(rx.requests).toHaveLength(2);
    expect(record).toMatchObject({
      result: "failure",
      oauthTokenRefreshed: true,
      error: { code: "HTTP_STATUS", retryable: false, path: "authentication" },
      response: { status: 401 },
    });
  });

  it("fails with OAUTH_TOKEN_ERROR when the refresh after a 401 fails, keeping the 401 exchange", async () => {
    const { oauth, rx, hook, deps } = await setup({ always401: true });
    oauth.receiver.reply({ status: 200, headers: { "content-type": "application/json" }, body: '{"access_token":"tok-first-only","expires_in":3600}' });
    oauth.receiver.reply({ status: 503, body: "down" });
    const record = await deliver(hook, deps);
    expect(rx.requests).toHaveLength(1);
    expect(record).toMatchObject({
      result: "failure",
      oauthTokenRefreshed: false,
      error: { code: "OAUTH_TOKEN_ERROR", retryable: true, path: "authentication.tokenEndpointUrl" },
      response: { status: 401 },
    });
  });
});
