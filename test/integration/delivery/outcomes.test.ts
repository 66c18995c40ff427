// Every outcome of one attempt, produced against a real HTTPS receiver on loopback.
import { startReceiver } from "../../support/httpsReceiver";
import { startOAuthServer } from "../../support/oauthServer";
import { createTestCa } from "../../support/testCa";
import { attempt, createHarness, deliver, webhook, type Harness } from "./harness";

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

async function target() {
  const rx = await h.receiver();
  return { rx, deps: h.deps(rx.pin("hooks.test")) };
}

describe("deliverOnce outcomes", () => {
  it("records a 2xx as a success with the attempt's identity and the response", async () => {
    const { rx, deps } = await target();
    const clock = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    rx.reply({ status: 202, headers: { "content-type": "application/json", "x-trace": "abc" }, body: '{"accepted":true}' });
    const record = await deliver(webhook(), { ...deps, now: () => clock }, attempt({ deliveryId: "msg_1", attempt: 3, eventId: "evt_9", webhookId: "wh_7" }));
    expect(record).toMatchObject({
      deliveryId: "msg_1",
      webhookId: "wh_7",
      eventId: "evt_9",
      eventType: "AuditLogEvent",
      isTest: false,
      attempt: 3,
      startedAt: "2026-01-02T03:04:05.678Z",
      request: { method: "POST", url: "https://hooks.test/in", body: '{"event_type": "AuditLogEvent", "actor": "Noa Shalev"}' },
      response: { status: 202, body: '{"accepted":true}', bodyBytes: 17, bodyTruncated: false },
      validators: [],
      result: "success",
    });
    expect(record.response?.headers["x-trace"]).toBe("abc");
    expect(record.error).toBeUndefined();
    expect(record.retryAfterMs).toBeUndefined();
    expect(record.oauthTokenRefreshed).toBeUndefined();
    expect(rx.requests).toHaveLength(1);
  });

  it.each([
    [500, true],
    [503, true],
    [408, true],
    [404, false],
    [400, false],
    [401, false],
  ])("a %i is HTTP_STATUS with retryable %s, and keeps the response", async (status, retryable) => {
    const { rx, deps } = await target();
    rx.reply({ status, body: "nope" });
    const record = await deliver(webhook(), deps);
    expect(record.result).toBe("failure");
    expect(record.error).toMatchObject({ code: "HTTP_STATUS", retryable });
    expect(record.error?.message).toContain(`hooks.test answered ${status}`);
    expect(record.response).toMatchObject({ status, body: "nope" });
  });

  it("reads Retry-After on 429 (seconds) and 503 (HTTP date) but not on other statuses", async () => {
    const { rx, deps } = await target();
    const now = Date.UTC(2026, 10, 21, 12, 0, 0);
    const clocked = { ...deps, now: () => now };
    rx.reply(
      { status: 429, headers: { "retry-after": "120" } },
      { status: 503, headers: { "retry-after": "Sat, 21 Nov 2026 12:05:00 GMT" } },
      { status: 500, headers: { "retry-after": "30" } },
    );
    const tooMany = await deliver(webhook(), clocked);
    expect(tooMany.error).toMatchObject({ code: "HTTP_STATUS", retryable: true });
    expect(tooMany.retryAfterMs).toBe(120_000);
    expect((await deliver(webhook(), clocked)).retryAfterMs).toBe(300_000);
    expect((await deliver(webhook(), clocked)).retryAfterMs).toBeUndefined();
  });

  it("does not follow a redirect: HTTP_REDIRECT, not retryable, the target's query not shown", async () => {
    const { rx, deps } = await target();
    rx.reply({ status: 307, redirectTo: "https://elsewhere.hooks.test/v2/in?sig=SIGNED-VALUE" });
    const record = await deliver(webhook(), deps);
    expect(record.error).toMatchObject({ code: "HTTP_REDIRECT", retryable: false, path: "url" });
    expect(record.error?.message).toContain("redirect to https://elsewhere.hooks.test/v2/in,");
    expect(record.error?.message).not.toContain("SIGNED-VALUE");
    expect(record.response?.status).toBe(307);
    expect(rx.requests).toHaveLength(1);
  });

  it("gives up at timeoutSeconds: TIMEOUT, retryable, no response", async () => {
    const { rx, deps } = await target();
    rx.reply({ delayMs: 5000 });
    const record = await deliver(webhook({ timeoutSeconds: 1 }), deps);
    expect(record.error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(record.response).toBeUndefined();
  });

  it("reports a reset connection as CONNECTION_ERROR, retryable", async () => {
    const { rx, deps } = await target();
    rx.reply({ reset: "before-headers" });
    const record = await deliver(webhook(), deps);
    expect(record.error).toMatchObject({ code: "CONNECTION_ERROR", retryable: true });
    expect(record.response).toBeUndefined();
  });

  it("reports a certificate from an untrusted CA as TLS_ERROR and sends nothing", async () => {
    const stranger = createTestCa();
    const rx = await startReceiver({ tls: stranger });
    h.receivers.push(rx);
    const record = await deliver(webhook(), h.deps(rx.pin("hooks.test")));
    expect(record.error).toMatchObject({ code: "TLS_ERROR", retryable: true });
    expect(rx.requests).toHaveLength(0);
    stranger.dispose();
  });

  it("reports a host that does not resolve as DNS_ERROR", async () => {
    const record = await deliver(webhook({ url: "https://no-such-host.invalid/in" }), h.deps({}));
    expect(record.error).toMatchObject({ code: "DNS_ERROR", retryable: true, path: "url" });
    expect(record.error?.message).toContain("no-such-host.invalid");
  });

  it("refuses a loopback address unless the policy opens it: ADDRESS_REFUSED, not retryable, nothing sent", async () => {
    const rx = await h.receiver();
    const record = await deliver(webhook(), h.deps(rx.pin("hooks.test"), { allowCidrs: [] }));
    expect(record.error).toMatchObject({ code: "ADDRESS_REFUSED", retryable: false, path: "url" });
    expect(rx.requests).toHaveLength(0);
  });

  describe("response validators", () => {
    const validated = () =>
      webhook({
        responseValidators: [
          { jsonPath: "$.status", expectedValues: ["200"] },
          { jsonPath: "$.data.state", expectedValues: ["ok", "queued"] },
        ],
      });

    it("succeeds when every validator matches, and records each result", async () => {
      const { rx, deps } = await target();
      rx.reply({ body: '{"state":"queued"}' });
      const record = await deliver(validated(), deps);
      expect(record.result).toBe("success");
      expect(record.validators).toEqual([
        { jsonPath: "$.status", actual: [200], expectedValues: ["200"], passed: true },
        { jsonPath: "$.data.state", actual: ["queued"], expectedValues: ["ok", "queued"], passed: true },
      ]);
    });

    it("fails a 2xx whose value is not expected: VALIDATION_FAILED, retryable, with the actual value", async () => {
      const { rx, deps } = await target();
      rx.reply({ body: '{"state":"error"}' });
      const record = await deliver(validated(), deps);
      expect(record.error).toMatchObject({ code: "VALIDATION_FAILED", retryable: true, path: "responseValidators[1]" });
      expect(record.validators[1]).toEqual({ jsonPath: "$.data.state", actual: ["error"], expectedValues: ["ok", "queued"], passed: false });
    });

    it("fails a 2xx whose body is not JSON: RESPONSE_NOT_JSON, retryable", async () => {
      const { rx, deps } = await target();
      rx.reply({ headers: { "content-type": "text/html" }, body: "<html>ok</html>" });
      const record = await deliver(validated(), deps);
      expect(record.error).toMatchObject({ code: "RESPONSE_NOT_JSON", retryable: true, path: "responseValidators[1].jsonPath" });
    });

    it("does not evaluate validators on a failed status: the status is the error", async () => {
      const { rx, deps } = await target();
      rx.reply({ status: 502, body: '{"state":"ok"}' });
      const record = await deliver(validated(), deps);
      expect(record.error?.code).toBe("HTTP_STATUS");
      expect(record.validators).toEqual([]);
    });
  });

  it("keeps the first 64 KiB of a large response body and counts all of it", async () => {
    const { rx, deps } = await target();
    rx.reply({ bodyBytes: 200_000 });
    const record = await deliver(webhook(), deps);
    expect(record.result).toBe("success");
    expect(record.response).toMatchObject({ bodyBytes: 200_000, bodyTruncated: true });
    expect(record.response?.body).toBe("x".repeat(64 * 1024));
  });

  it("fails with OAUTH_TOKEN_ERROR when the token endpoint rejects the client secret, and never calls the target", async () => {
    const oauth = await startOAuthServer({ tls: h.ca });
    h.receivers.push(oauth.receiver);
    const rx = await h.receiver();
    const hook = webhook({
      authentication: { type: "oauth", clientId: oauth.clientId, clientSecret: "not-the-secret", tokenEndpointUrl: oauth.tokenUrl },
    });
    const record = await deliver(hook, h.deps({ ...rx.pin("hooks.test"), ...oauth.pin() }));
    expect(record.error).toMatchObject({ code: "OAUTH_TOKEN_ERROR", retryable: false, path: "authentication.clientSecret" });
    expect(record.response).toBeUndefined();
    expect(record.request.headers.Authorization).toBeUndefined();
    expect(rx.requests).toHaveLength(0);
  });
});
