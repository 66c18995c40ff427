// Attempts that fail before anything is sent: no network is needed, and none is used.
import { deliverOnce, prepareWebhook, type PreparedWebhook } from "../../../provider/delivery";
import { WebhookError } from "../../../provider/errors";
import { HttpClient } from "../../../provider/http/httpClient";
import { DEFAULT_NETWORK_POLICY } from "../../../provider/http/networkPolicy";
import { OAuthTokenCache } from "../../../provider/http/oauthTokens";
import { mockAuditEvent } from "../../../provider/model/mockEvents";
import { validateWebhookConfig } from "../../../provider/model/validateConfig";
import type { WebhookConfig } from "../../../provider/model/webhookConfig";

const http = new HttpClient({ policy: DEFAULT_NETWORK_POLICY });
const send = jest.spyOn(http, "send");
const deps = { http, oauth: new OAuthTokenCache(http), now: () => Date.UTC(2026, 4, 1) };
const ctx = { deliveryId: "msg_unit", attempt: 1, isTest: true };
afterAll(() => http.close());
beforeEach(() => send.mockClear());

function config(fields: Record<string, unknown>): WebhookConfig {
  const checked = validateWebhookConfig({ kind: "audit", name: "unit", url: "https://hooks.test/in?token=tq-secret", bodyTemplate: "{}", ...fields });
  if (!checked.ok) throw new Error(checked.errors.map((e) => e.message).join("; "));
  return checked.config;
}

describe("deliverOnce before sending", () => {
  it("fails with TEMPLATE_INVALID_JSON, not retryable, when the body renders to something that is not JSON, and sends nothing", async () => {
    // The structure depends on the data: with data.missing unset the body is empty.
    const hook = prepareWebhook(config({ bodyTemplate: '{{#if data.missing}}{"a": 1}{{/if}}' }));
    const record = await deliverOnce(hook, mockAuditEvent(), ctx, deps);
    expect(record).toMatchObject({
      deliveryId: "msg_unit",
      isTest: true,
      eventType: "AuditLogEvent",
      startedAt: "2026-05-01T00:00:00.000Z",
      request: { method: "POST", url: "https://hooks.test/in?token=****", headers: {}, body: "" },
      validators: [],
      result: "failure",
      error: { code: "TEMPLATE_INVALID_JSON", retryable: false, path: "bodyTemplate" },
    });
    expect(record.response).toBeUndefined();
    expect(send).not.toHaveBeenCalled();
  });

  it("fails with TEMPLATE_RENDER_ERROR when rendering throws", async () => {
    const hook: PreparedWebhook = {
      config: config({}),
      template: {
        source: "{}",
        render: () => {
          throw new WebhookError({ code: "TEMPLATE_RENDER_ERROR", path: "bodyTemplate", message: "rendering the template failed: boom" });
        },
      },
    };
    const record = await deliverOnce(hook, mockAuditEvent(), ctx, deps);
    expect(record.error).toEqual({ code: "TEMPLATE_RENDER_ERROR", retryable: false, path: "bodyTemplate", message: "rendering the template failed: boom" });
    expect(send).not.toHaveBeenCalled();
  });

  it("records a URL the HTTP client refuses (a hand-built config) as a failure instead of throwing", async () => {
    const hook: PreparedWebhook = prepareWebhook({ ...config({}), url: "http://hooks.test/in?token=tq-secret" });
    const record = await deliverOnce(hook, mockAuditEvent(), ctx, deps);
    expect(record.error).toMatchObject({ code: "CONFIG_INVALID_URL", retryable: false, path: "url" });
    expect(record.request.url).toBe("http://hooks.test/in?token=****");
    expect(JSON.stringify(record)).not.toContain("tq-secret");
  });

  it("records an event without event_type with an empty eventType", async () => {
    // Pinned to loopback, which the default policy refuses before dialling.
    const refusing = new HttpClient({ policy: { ...DEFAULT_NETWORK_POLICY, resolve: { "hooks.test": "127.0.0.1" } } });
    const record = await deliverOnce(prepareWebhook(config({ url: "https://hooks.test/x" })), { data: {} }, ctx, { ...deps, http: refusing });
    await refusing.close();
    expect(record.eventType).toBe("");
    expect(record.error?.code).toBe("ADDRESS_REFUSED");
  });
});

describe("prepareWebhook", () => {
  it("compiles the template once, up front, and throws its error when it does not compile", () => {
    expect(() => prepareWebhook({ ...config({}), bodyTemplate: '{"a": "{{#if}}"}' })).toThrow(expect.objectContaining({ code: "TEMPLATE_SYNTAX" }));
    const hook = prepareWebhook(config({}));
    expect(hook.template.source).toBe("{}");
    expect(Object.isFrozen(hook)).toBe(true);
  });
});
