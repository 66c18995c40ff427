import { WebhookError } from "../../../../provider/errors";
import { errorBody, statusOf } from "../../../../provider/runtime/api/apiError";
import { matchRoute } from "../../../../provider/runtime/api/routes";
import { ROUTES, splitListen } from "../../../../provider/runtime/api/server";

describe("API routes", () => {
  it.each([
    ["/healthz", "/healthz", {}],
    ["/metrics", "/metrics", {}],
    ["/v1/events/audit", "/v1/events/audit", {}],
    ["/v1/events/request", "/v1/events/request", {}],
    ["/v1/webhooks", "/v1/webhooks", {}],
    ["/v1/webhooks/test", "/v1/webhooks/test", {}],
    ["/v1/webhooks/wh_1", "/v1/webhooks/{id}", { id: "wh_1" }],
    ["/v1/webhooks/wh_1/invoke", "/v1/webhooks/{id}/invoke", { id: "wh_1" }],
    ["/v1/webhooks/stats", "/v1/webhooks/stats", {}],
    ["/v1/webhooks/wh_1/dead-letters/retry", "/v1/webhooks/{id}/dead-letters/retry", { id: "wh_1" }],
    ["/console", "/console", {}],
    ["/console/assets/app.js", "/console/assets/{name}", { name: "app.js" }],
    ["/v1/deliveries", "/v1/deliveries", {}],
    ["/v1/deliveries/dlv_%41", "/v1/deliveries/{id}", { id: "dlv_A" }],
    ["/v1/deliveries/dlv_1/retry", "/v1/deliveries/{id}/retry", { id: "dlv_1" }],
  ])("routes %s to %s", (path, route, params) => {
    const m = matchRoute(ROUTES, path);
    expect(m?.route.path).toBe(route);
    expect(m?.params).toEqual(params);
  });

  it.each(["/", "/v1", "/v1/webhooks/", "/v1/webhooks/a/b", "/v1/events", "/v1/events/other", "/v2/webhooks"])("has no route for %s", (path) => {
    expect(matchRoute(ROUTES, path)).toBeUndefined();
  });

  it("opens only health and the console's page and sign-in without a token, metrics with the metrics token when one is set, and the event routes with the ingest token", () => {
    const access = ROUTES.flatMap((r) => Object.entries(r.methods).map(([method, e]) => `${method} ${r.path} ${e!.access}`));
    expect(access).toEqual([
      "GET /healthz public",
      "GET /metrics metrics",
      // The console's page, assets and sign-in: the session endpoints check the cookie (and CSRF) themselves.
      "GET /console public",
      "GET /console/ public",
      "GET /console/assets/{name} public",
      "POST /console/session public",
      "GET /console/session public",
      "DELETE /console/session public",
      "POST /v1/events/audit ingest",
      "POST /v1/events/request ingest",
      "GET /v1/webhooks/stats admin",
      "GET /v1/webhooks/{id}/versions admin",
      "POST /v1/webhooks/{id}/dead-letters/retry admin",
      "POST /v1/webhooks/{id}/test admin",
      "GET /v1/mock-events/{kind} admin",
      "POST /v1/templates/preview admin",
      "GET /v1/payload-shapes/{kind} admin",
      "GET /v1/webhooks admin",
      "POST /v1/webhooks admin",
      "POST /v1/webhooks/test admin",
      "GET /v1/webhooks/{id} admin",
      "PUT /v1/webhooks/{id} admin",
      "DELETE /v1/webhooks/{id} admin",
      "POST /v1/webhooks/{id}/invoke admin",
      "GET /v1/deliveries admin",
      "GET /v1/deliveries/{id} admin",
      "POST /v1/deliveries/{id}/retry admin",
    ]);
  });

  it.each([
    ["API_UNAUTHORIZED", 401],
    ["API_FORBIDDEN", 403],
    ["API_NOT_FOUND", 404],
    ["API_METHOD_NOT_ALLOWED", 405],
    ["API_INVALID_JSON", 400],
    ["API_BODY_TOO_LARGE", 413],
    ["API_NAME_TAKEN", 409],
    ["API_DELIVERY_NOT_RETRYABLE", 409],
    ["STORE_UNAVAILABLE", 503],
    ["EVENT_INVALID", 400],
    ["EVENT_BATCH_TOO_LARGE", 400],
    ["CONFIG_INVALID_URL", 400],
    ["TEMPLATE_SYNTAX", 400],
  ] as const)("answers %s with %i", (code, status) => {
    expect(statusOf(code)).toBe(status);
  });

  it("puts the first error in `error` and all of them in `errors` for validation failures", () => {
    const a = new WebhookError({ code: "CONFIG_INVALID_URL", path: "url", message: "m1" });
    const b = new WebhookError({ code: "CONFIG_INVALID_TIMEOUT", path: "timeoutSeconds", message: "m2" });
    expect(errorBody([a, b])).toEqual({
      error: { code: "CONFIG_INVALID_URL", path: "url", message: "m1" },
      errors: [
        { code: "CONFIG_INVALID_URL", path: "url", message: "m1" },
        { code: "CONFIG_INVALID_TIMEOUT", path: "timeoutSeconds", message: "m2" },
      ],
    });
    expect(errorBody(a)).toEqual({ error: { code: "CONFIG_INVALID_URL", path: "url", message: "m1" } });
  });

  it.each([
    ["127.0.0.1:8787", "127.0.0.1", 8787],
    ["0.0.0.0:0", "0.0.0.0", 0],
    ["[::1]:9000", "::1", 9000],
    ["localhost:80", "localhost", 80],
  ])("splits listen %s", (listen, host, port) => {
    expect(splitListen(listen)).toEqual({ host, port });
  });
});
