// The runtime's HTTP API, end to end: a real `webhooks runtime start` process
// (the built CLI) on a temp data dir, delivering to a real HTTPS receiver.
// Tests run in order and share the runtime; each states what it relies on.
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, SECRETS, rawPost, requestWebhook, runtimeConfig, until } from "./apiHelpers";
import { TestStores, type StoreKind } from "../../support/storeKinds";

export function apiSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    const stores = new TestStores(kind);
    afterAll(() => stores.dispose());

    jest.setTimeout(60_000);

    interface Delivery {
      id: string;
      status: string;
      attempts: number;
      webhookId: string;
      eventId: string;
    }
    interface Attempt {
      deliveryId: string;
      attempt: number;
      isTest: boolean;
      eventType: string;
      result: string;
      request: { method: string; url: string; headers: Record<string, string>; body: string };
      response?: { status: number; body: string };
      error?: { code: string; message: string };
    }

    const tmp = tempDir("webhooks-api-");
    let ca: TestCa;
    let rx: Receiver;
    let runtime: RuntimeProcess;
    let api: Api;
    /** Requests to /fail paths get 500 while this is true. */
    let failing = true;

    function event(type: Parameters<typeof mockRequestEvent>[0], id?: string): Record<string, unknown> {
      return { ...mockRequestEvent(type), ...(id === undefined ? {} : { id }) };
    }

    async function deliveryOf(webhookId: string, status: string): Promise<Delivery[]> {
      const r = await api.call<{ deliveries: Delivery[] }>("GET", `/v1/deliveries?webhookId=${webhookId}&status=${status}`);
      return r.body.deliveries;
    }

    beforeAll(async () => {
      ca = createTestCa();
      rx = await startReceiver({ tls: ca });
      rx.respondWith((req) => (req.url.startsWith("/fail") && failing ? { status: 500, body: '{"error":"down"}' } : { status: 200 }));
      runtime = await startRuntimeProcess({
        dir: tmp.dir,
        config: runtimeConfig(rx.pin("hooks.test"), ca.caFile, { store: await stores.storeFor(tmp.dir) }),
        adminToken: ADMIN,
        ingestToken: INGEST,
      });
      api = new Api(runtime.url);
    });

    afterAll(async () => {
      await runtime?.kill("SIGKILL");
      await rx?.close();
      ca?.dispose();
      tmp.remove();
    });

    describe("health and auth", () => {
      it("answers GET /healthz without a token", async () => {
        const r = await api.call("GET", "/healthz", { token: null });
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ status: "ok" });
      });

      it.each<[string, string, string | null]>([
        ["GET", "/v1/webhooks", null],
        ["GET", "/v1/webhooks", "wrong-token-000000000000"],
        ["GET", "/v1/webhooks", INGEST],
        ["POST", "/v1/webhooks/test", INGEST],
        ["GET", "/v1/deliveries", INGEST],
        ["POST", "/v1/deliveries/dlv_x/retry", null],
        ["POST", "/v1/events/request", null],
        ["POST", "/v1/events/audit", "wrong-token-000000000000"],
      ])("answers %s %s with token %j: 401 API_UNAUTHORIZED", async (method, path, token) => {
        const r = await api.call<{ error: { code: string; path: string } }>(method, path, { token, body: method === "POST" ? {} : undefined });
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe("API_UNAUTHORIZED");
        expect(r.body.error.path).toBe("");
        expect(r.headers.get("www-authenticate")).toBe('Bearer realm="webhooks"');
      });

      it("opens the ingest endpoints with the ingest token and with the admin token", async () => {
        for (const token of [INGEST, ADMIN]) {
          const r = await api.call("POST", "/v1/events/request", { token, body: { events: [] } });
          expect(r.status).toBe(202);
          expect(r.body).toEqual({ accepted: 0, events: [] });
        }
      });
    });

    describe("routing errors", () => {
      it.each<[string, string, number, string]>([
        ["GET", "/v1/nothing", 404, "API_NOT_FOUND"],
        ["GET", "/", 404, "API_NOT_FOUND"],
        ["DELETE", "/v1/webhooks", 405, "API_METHOD_NOT_ALLOWED"],
        ["GET", "/v1/webhooks/test", 405, "API_METHOD_NOT_ALLOWED"],
        ["PUT", "/v1/deliveries/dlv_x", 405, "API_METHOD_NOT_ALLOWED"],
        ["GET", "/v1/events/request", 405, "API_METHOD_NOT_ALLOWED"],
        ["GET", "/v1/webhooks/wh_unknown", 404, "API_NOT_FOUND"],
        ["DELETE", "/v1/webhooks/wh_unknown", 404, "API_NOT_FOUND"],
        ["GET", "/v1/deliveries/dlv_unknown", 404, "API_NOT_FOUND"],
        ["POST", "/v1/deliveries/dlv_unknown/retry", 404, "API_NOT_FOUND"],
      ])("answers %s %s with %i %s", async (method, path, status, code) => {
        const r = await api.call<{ error: { code: string } }>(method, path);
        expect(r.status).toBe(status);
        expect(r.body.error.code).toBe(code);
      });

      it("names the allowed methods in a 405", async () => {
        const r = await api.call<{ error: { message: string } }>("DELETE", "/v1/webhooks");
        expect(r.body.error.message).toBe("DELETE is not allowed on /v1/webhooks; use GET, POST");
      });

      it("answers PUT and invoke of an unknown webhook with 404", async () => {
        const put = await api.call<{ error: { code: string; message: string } }>("PUT", "/v1/webhooks/wh_unknown", { body: requestWebhook("x", "/in") });
        expect(put.status).toBe(404);
        expect(put.body.error).toEqual({ code: "API_NOT_FOUND", path: "", message: "no webhook with id wh_unknown; GET /v1/webhooks lists the registered ones" });
        const invoke = await api.call<{ error: { code: string } }>("POST", "/v1/webhooks/wh_unknown/invoke", { body: event("Manual") });
        expect(invoke.status).toBe(404);
        expect(invoke.body.error.code).toBe("API_NOT_FOUND");
      });
    });

    describe("webhooks", () => {
      let id: string;

      it("refuses an invalid registration with every error and its path (400), registering nothing", async () => {
        const r = await api.call("POST", "/v1/webhooks", { body: { ...requestWebhook("bad", "/in"), url: "http://hooks.test/in", timeoutSeconds: 0 } });
        expect(r.status).toBe(400);
        expect(r.body).toEqual({
          error: { code: "CONFIG_INVALID_URL", path: "url", message: "url uses http:; only https:// is allowed, so change the scheme to https" },
          errors: [
            { code: "CONFIG_INVALID_URL", path: "url", message: "url uses http:; only https:// is allowed, so change the scheme to https" },
            { code: "CONFIG_INVALID_TIMEOUT", path: "timeoutSeconds", message: "timeoutSeconds is 0; it must be a whole number of seconds from 1 to 60" },
          ],
        });
        expect((await api.call<{ webhooks: unknown[] }>("GET", "/v1/webhooks")).body.webhooks).toEqual([]);
      });

      it.each([
        ["/v1/webhooks", "{not json"],
        ["/v1/webhooks", ""],
        ["/v1/events/request", "[1,"],
      ])("answers POST %s with body %j: 400 API_INVALID_JSON", async (path, body) => {
        const r = await api.call<{ error: { code: string; message: string } }>("POST", path, { body });
        expect(r.status).toBe(400);
        expect(r.body.error.code).toBe("API_INVALID_JSON");
      });

      it("registers a webhook (201) and returns it with every secret value masked", async () => {
        const r = await api.call<Record<string, unknown>>("POST", "/v1/webhooks", { body: requestWebhook("main", "/in") });
        expect(r.status).toBe(201);
        id = r.body.id as string;
        expect(id).toMatch(/^wh_/);
        expect(r.body).toEqual({
          id,
          version: 1,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          kind: "request",
          name: "main",
          active: true,
          type: "http",
          method: "POST",
          url: "https://hooks.test/in?key=****",
          headers: { "X-Api-Key": "****" },
          authentication: { type: "bearer", token: "****" },
          signingSecret: "****",
          bodyTemplate: '{"id": "{{data.id}}", "type": "{{event_type}}"}',
          triggers: ["RequestCreated", "Manual"],
          timeoutSeconds: 5,
          responseValidators: [],
          testBeforeApply: true,
          secretFingerprints: {
            url: expect.stringMatching(/^hmac-sha256:[A-Za-z0-9_-]{22}$/),
            "headers.X-Api-Key": expect.stringMatching(/^hmac-sha256:[A-Za-z0-9_-]{22}$/),
            "authentication.token": expect.stringMatching(/^hmac-sha256:[A-Za-z0-9_-]{22}$/),
            signingSecret: expect.stringMatching(/^hmac-sha256:[A-Za-z0-9_-]{22}$/),
          },
        });
        const got = await api.call("GET", `/v1/webhooks/${id}`);
        expect(got.status).toBe(200);
        expect(got.body).toEqual(r.body);
        const list = await api.call<{ webhooks: unknown[] }>("GET", "/v1/webhooks");
        expect(list.body.webhooks).toEqual([r.body]);
      });

      it("refuses a second webhook with the same name (409 API_NAME_TAKEN)", async () => {
        const r = await api.call<{ error: { code: string } }>("POST", "/v1/webhooks", { body: requestWebhook("main", "/other") });
        expect(r.status).toBe(409);
        expect(r.body.error.code).toBe("API_NAME_TAKEN");
      });

      it("updates with PUT (kind may be left out, never changed), bumping the version", async () => {
        const { kind: _kind, ...fields } = requestWebhook("main", "/in", { timeoutSeconds: 7 });
        const r = await api.call<Record<string, unknown>>("PUT", `/v1/webhooks/${id}`, { body: fields });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ id, version: 2, kind: "request", timeoutSeconds: 7, headers: { "X-Api-Key": "****" } });

        const changed = await api.call("PUT", `/v1/webhooks/${id}`, { body: { ...fields, kind: "audit" } });
        expect(changed.status).toBe(400);
        expect(changed.body).toEqual({
          error: { code: "CONFIG_INVALID_KIND", path: "kind", message: `kind cannot change: ${id} is a request webhook; register a new webhook for the other kind` },
          errors: [{ code: "CONFIG_INVALID_KIND", path: "kind", message: `kind cannot change: ${id} is a request webhook; register a new webhook for the other kind` }],
        });
        const invalid = await api.call<{ error: { code: string; path: string } }>("PUT", `/v1/webhooks/${id}`, { body: { ...fields, method: "FETCH" } });
        expect(invalid.status).toBe(400);
        expect(invalid.body.error).toMatchObject({ code: "CONFIG_INVALID_METHOD", path: "method" });
        expect((await api.call<{ version: number }>("GET", `/v1/webhooks/${id}`)).body.version).toBe(2);
      });

      it("fingerprints each secret: the same while it stays, new when it changes, unrelated across webhooks", async () => {
        type Fps = { secretFingerprints: Record<string, string> };
        const before = (await api.call<Fps>("GET", `/v1/webhooks/${id}`)).body.secretFingerprints;
        const twin = await api.call<Fps & { id: string }>("POST", "/v1/webhooks", { body: requestWebhook("twin", "/in") });
        // Equal secrets of another webhook: nothing in common shows.
        for (const [path, fp] of Object.entries(twin.body.secretFingerprints)) expect(before[path]).not.toBe(fp);
        const { kind: _kind, ...fields } = requestWebhook("twin", "/in", { authentication: { type: "bearer", token: "rotated-by-hand-1234" } });
        const rotated = await api.call<Fps>("PUT", `/v1/webhooks/${twin.body.id}`, { body: fields });
        expect(rotated.body.secretFingerprints["authentication.token"]).not.toBe(twin.body.secretFingerprints["authentication.token"]);
        expect(rotated.body.secretFingerprints["headers.X-Api-Key"]).toBe(twin.body.secretFingerprints["headers.X-Api-Key"]);
        expect((await api.call("DELETE", `/v1/webhooks/${twin.body.id}`)).status).toBe(204);
        for (const fp of Object.values(before)) expect(fp).not.toContain(SECRETS.bearer);
      });

      it("the **** rule: a PUT keeps a masked secret only where one is stored and its destination is unchanged", async () => {
        type Answer = { version: number; secretFingerprints: Record<string, string>; error: { code: string; path: string; message: string }; errors: Array<{ path: string }> };
        const shown = (await api.call<Record<string, unknown>>("GET", `/v1/webhooks/${id}`)).body;
        const { id: _i, version: _v, createdAt: _c, updatedAt: _u, secretFingerprints, ...masked } = shown;
        // Sent back as read (fingerprints and all): every secret kept, so every fingerprint is the same.
        const kept = await api.call<Answer>("PUT", `/v1/webhooks/${id}`, { body: { ...masked, secretFingerprints, timeoutSeconds: 6 } });
        expect(kept.status).toBe(200);
        expect(kept.body.secretFingerprints).toEqual(secretFingerprints);
        // Another host: no kept secret may follow it.
        const moved = await api.call<Answer>("PUT", `/v1/webhooks/${id}`, { body: { ...masked, url: "https://elsewhere.test/in" } });
        expect(moved.status).toBe(400);
        expect(moved.body.error).toMatchObject({ code: "API_SECRET_REQUIRED", path: "headers.X-Api-Key" });
        expect(moved.body.error.message).toContain("https://elsewhere.test");
        expect(moved.body.errors.map((e) => e.path)).toEqual(["headers.X-Api-Key", "authentication.token", "signingSecret"]);
        // A mask where nothing is stored.
        const added = await api.call<Answer>("PUT", `/v1/webhooks/${id}`, { body: { ...masked, headers: { "X-Api-Key": "****", "X-New": "****" } } });
        expect(added.status).toBe(400);
        expect(added.body.errors.map((e) => e.path)).toEqual(["headers.X-New"]);
        // A new registration, or a Test invocation, has nothing stored: a literal **** is refused.
        for (const path of ["/v1/webhooks", "/v1/webhooks/test"]) {
          const literal = await api.call<Answer>("POST", path, { body: requestWebhook("literal", "/in", { authentication: { type: "bearer", token: "****" } }) });
          expect(literal.status).toBe(400);
          expect(literal.body.error).toMatchObject({ code: "API_SECRET_REQUIRED", path: "authentication.token" });
        }
        expect((await api.call<Answer>("GET", `/v1/webhooks/${id}`)).body.version).toBe(kept.body.version);
      });

      it("ingests an event (202 after commit), delivers it, and shows the attempt's invocation data", async () => {
        const r = await api.call("POST", "/v1/events/request", { token: INGEST, body: event("RequestCreated", "evt-1") });
        expect(r.status).toBe(202);
        expect(r.body).toEqual({ accepted: 1, events: [{ id: "evt-1", duplicate: false }] });

        const [delivery] = await until("the delivery", async () => {
          const d = await deliveryOf(id, "delivered");
          return d.length > 0 ? d : undefined;
        });
        expect(delivery).toMatchObject({ webhookId: id, eventId: "evt-1", status: "delivered", attempts: 1 });

        const one = await api.call<{ delivery: Delivery; attempts: Attempt[] }>("GET", `/v1/deliveries/${delivery.id}`);
        expect(one.status).toBe(200);
        expect(one.body.delivery).toMatchObject({ id: delivery.id, status: "delivered" });
        expect(one.body.attempts).toHaveLength(1);
        const [attempt] = one.body.attempts;
        expect(attempt).toMatchObject({
          deliveryId: delivery.id,
          attempt: 1,
          isTest: false,
          eventType: "RequestCreated",
          result: "success",
          request: { method: "POST", url: "https://hooks.test/in?key=****", body: expect.stringContaining('"type": "RequestCreated"') },
          response: { status: 200, body: '{"ok":true}' },
        });
        expect(attempt.request.headers["X-Api-Key"]).toBe("****");
        expect(attempt.request.headers["Authorization"]).toBe("Bearer ****");
        expect(attempt.request.headers["webhook-id"]).toBe(delivery.id);

        // The receiver got the real values.
        const sent = rx.requests.find((q) => q.headers["webhook-id"] === delivery.id)!;
        expect(sent.url).toBe(`/in?key=${SECRETS.query}`);
        expect(sent.headers["x-api-key"]).toBe(SECRETS.header);
        expect(sent.headers.authorization).toBe(`Bearer ${SECRETS.bearer}`);
      });

      it("accepts a repeated event id once: 202 with duplicate, and no second delivery", async () => {
        const r = await api.call("POST", "/v1/events/request", { token: INGEST, body: event("RequestCreated", "evt-1") });
        expect(r.status).toBe(202);
        expect(r.body).toEqual({ accepted: 1, events: [{ id: "evt-1", duplicate: true }] });
        const all = await api.call<{ deliveries: Delivery[] }>("GET", `/v1/deliveries?webhookId=${id}`);
        expect(all.body.deliveries.filter((d) => d.eventId === "evt-1")).toHaveLength(1);
      });

      it("refuses a repeated event id with a different payload: 409 EVENT_ID_CONFLICT with the path, storing nothing", async () => {
        const changed = { ...event("RequestCreated", "evt-1"), event_time: 1 };
        const single = await api.call<{ error: { code: string; path: string } }>("POST", "/v1/events/request", { token: INGEST, body: changed });
        expect(single.status).toBe(409);
        expect(single.body.error).toMatchObject({ code: "EVENT_ID_CONFLICT", path: "id" });
        const batch = await api.call<{ error: { code: string; path: string } }>("POST", "/v1/events/request", {
          token: INGEST,
          body: { events: [event("RequestCreated", "evt-conflict-new"), changed] },
        });
        expect(batch.status).toBe(409);
        expect(batch.body.error).toMatchObject({ code: "EVENT_ID_CONFLICT", path: "events[1].id" });
        // The batch stored nothing: its other event is new afterwards; and the same payload is still a 202 duplicate.
        const all = await api.call<{ deliveries: Delivery[] }>("GET", `/v1/deliveries?webhookId=${id}`);
        expect(all.body.deliveries.filter((d) => d.eventId === "evt-conflict-new")).toHaveLength(0);
        const same = await api.call("POST", "/v1/events/request", { token: INGEST, body: event("RequestCreated", "evt-1") });
        expect([same.status, same.body]).toEqual([202, { accepted: 1, events: [{ id: "evt-1", duplicate: true }] }]);
      });

      it("refuses an invalid event, and a batch with one invalid event, with the path (400), storing nothing", async () => {
        const bad = event("RequestCreated", "evt-bad") as { data: Record<string, unknown> };
        delete bad.data.id;
        const one = await api.call("POST", "/v1/events/request", { token: INGEST, body: bad });
        expect(one.status).toBe(400);
        expect(one.body).toMatchObject({ error: { code: "EVENT_INVALID", path: "data.id" } });

        const batch = await api.call<{ error: { code: string; path: string } }>("POST", "/v1/events/request", {
          token: INGEST,
          body: { events: [event("RequestCreated", "evt-batch-good"), bad] },
        });
        expect(batch.status).toBe(400);
        expect(batch.body.error).toMatchObject({ code: "EVENT_INVALID", path: "events[1].data.id" });

        // All-or-nothing: the good event of the refused batch was not stored, so it is new now.
        const again = await api.call("POST", "/v1/events/request", { token: INGEST, body: event("RequestCreated", "evt-batch-good") });
        expect(again.body).toEqual({ accepted: 1, events: [{ id: "evt-batch-good", duplicate: false }] });
      });

      it("refuses an audit event on the request endpoint (400 EVENT_KIND_MISMATCH)", async () => {
        const r = await api.call("POST", "/v1/events/request", { token: INGEST, body: mockAuditEvent() });
        expect(r.status).toBe(400);
        expect(r.body).toEqual({
          error: { code: "EVENT_KIND_MISMATCH", path: "event_type", message: "the event is an audit event, not a request event; send it as an audit event" },
        });
      });

      it.each([
        ["announced by Content-Length", false],
        ["streamed without a length", true],
      ])("refuses a body above ingest.maxBodyBytes (%s) with 413 and closes the connection", async (_what, chunked) => {
        const body = Buffer.from(JSON.stringify({ events: [{ pad: "x".repeat(40_000) }] }));
        const r = await rawPost(runtime.url, "/v1/events/request", body, { token: INGEST, chunked });
        expect(r.status).toBe(413);
        expect(JSON.parse(r.text)).toEqual({
          error: {
            code: "API_BODY_TOO_LARGE",
            path: "",
            message: "the request body is larger than 16384 bytes (ingest.maxBodyBytes); send fewer events per request",
          },
        });
        expect(r.connection).toBe("close");
        expect((await api.call("GET", "/healthz", { token: null })).status).toBe(200);
      });

      it("runs the Test invocation of an unsaved config (200 with the record, success or not), registering nothing", async () => {
        const ok = await api.call<Attempt>("POST", "/v1/webhooks/test", { body: requestWebhook("unsaved", "/test-ok") });
        expect(ok.status).toBe(200);
        expect(ok.body).toMatchObject({ isTest: true, result: "success", eventType: "RequestCreated", request: { url: "https://hooks.test/test-ok?key=****" }, response: { status: 200 } });

        const granted = await api.call<Attempt>("POST", "/v1/webhooks/test?trigger=RequestGranted", { body: requestWebhook("unsaved", "/test-ok") });
        expect(granted.body.eventType).toBe("RequestGranted");

        const failed = await api.call<Attempt>("POST", "/v1/webhooks/test", { body: requestWebhook("unsaved", "/fail-test") });
        expect(failed.status).toBe(200);
        expect(failed.body).toMatchObject({ isTest: true, result: "failure", response: { status: 500 }, error: { code: "HTTP_STATUS" } });

        const invalid = await api.call<{ error: { code: string; path: string } }>("POST", "/v1/webhooks/test", { body: { ...requestWebhook("unsaved", "/x"), triggers: ["Nope"] } });
        expect(invalid.status).toBe(400);
        expect(invalid.body.error).toMatchObject({ code: "CONFIG_INVALID_TRIGGER", path: "triggers[0]" });

        const names = (await api.call<{ webhooks: Array<{ name: string }> }>("GET", "/v1/webhooks")).body.webhooks.map((w) => w.name);
        expect(names).toEqual(["main"]);
      });

      it("invokes a webhook with a request event (202) and delivers it to that webhook alone", async () => {
        const r = await api.call<{ deliveryId: string; eventId: string }>("POST", `/v1/webhooks/${id}/invoke`, { body: event("Manual", "evt-manual") });
        expect(r.status).toBe(202);
        expect(r.body).toEqual({ deliveryId: expect.stringMatching(/^dlv_/), eventId: "evt-manual" });
        await until("the manual delivery", async () => {
          const d = await api.call<{ delivery: Delivery }>("GET", `/v1/deliveries/${r.body.deliveryId}`);
          return d.body.delivery.status === "delivered" ? true : undefined;
        });
        expect(rx.requests.filter((q) => q.headers["webhook-id"] === r.body.deliveryId).map((q) => JSON.parse(q.body))).toEqual([
          { id: (event("Manual").data as { id: string }).id, type: "Manual" },
        ]);
      });

      it("retries a dead delivery (202) until it is delivered, and refuses to retry a delivered one (409)", async () => {
        const reg = await api.call<{ id: string }>("POST", "/v1/webhooks", { body: requestWebhook("flaky", "/fail", { triggers: ["RequestApproved"] }) });
        expect(reg.status).toBe(201);
        const flaky = reg.body.id;
        await api.call("POST", "/v1/events/request", { token: INGEST, body: event("RequestApproved", "evt-approved") });
        const [dead] = await until("the dead delivery", async () => {
          const d = await deliveryOf(flaky, "dead");
          return d.length > 0 ? d : undefined;
        });
        expect(dead).toMatchObject({ attempts: 2, lastError: { code: "HTTP_STATUS" } });

        failing = false;
        const retried = await api.call("POST", `/v1/deliveries/${dead.id}/retry`);
        expect(retried.status).toBe(202);
        expect(retried.body).toEqual({ deliveryId: dead.id, requeued: true });
        const done = await until("the retried delivery", async () => {
          const d = await api.call<{ delivery: Delivery; attempts: Attempt[] }>("GET", `/v1/deliveries/${dead.id}`);
          return d.body.delivery.status === "delivered" ? d.body : undefined;
        });
        expect(done.attempts.map((a) => a.result)).toEqual(["failure", "failure", "success"]);
        expect(new Set(done.attempts.map((a) => a.request.headers["webhook-id"]))).toEqual(new Set([dead.id]));

        const again = await api.call("POST", `/v1/deliveries/${dead.id}/retry`);
        expect(again.status).toBe(409);
        expect(again.body).toEqual({
          error: { code: "API_DELIVERY_NOT_RETRYABLE", path: "", message: `delivery ${dead.id} was delivered; only dead or retrying deliveries can be retried` },
        });
      });

      it("lists deliveries by status, webhook and limit, and refuses an unknown status (400)", async () => {
        const delivered = await api.call<{ deliveries: Delivery[] }>("GET", "/v1/deliveries?status=delivered");
        expect(delivered.body.deliveries.length).toBeGreaterThanOrEqual(4);
        expect(new Set(delivered.body.deliveries.map((d) => d.status))).toEqual(new Set(["delivered"]));
        const limited = await api.call<{ deliveries: Delivery[] }>("GET", "/v1/deliveries?limit=1");
        expect(limited.body.deliveries).toHaveLength(1);
        const bad = await api.call<{ error: { path: string; message: string } }>("GET", "/v1/deliveries?status=lost");
        expect(bad.status).toBe(400);
        expect(bad.body.error).toMatchObject({ path: "status", message: "status must be one of pending, retrying, delivered, dead" });
      });

      it("pages GET /v1/deliveries with nextCursor (every delivery once) and filters by since/until; bad values are 400", async () => {
        const all = await api.call<{ deliveries: Delivery[] }>("GET", "/v1/deliveries?limit=1000");
        const ids: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const r = await api.call<{ deliveries: Delivery[]; nextCursor?: string }>("GET", `/v1/deliveries?limit=2${cursor === undefined ? "" : `&cursor=${cursor}`}`);
          ids.push(...r.body.deliveries.map((d) => d.id));
          cursor = r.body.nextCursor;
          if (cursor === undefined) break;
        }
        expect(ids).toEqual(all.body.deliveries.map((d) => d.id));
        expect(ids.length).toBeGreaterThan(2);
        expect((await api.call<{ deliveries: Delivery[] }>("GET", "/v1/deliveries?since=2999-01-01T00:00:00Z")).body.deliveries).toEqual([]);
        expect((await api.call<{ deliveries: Delivery[] }>("GET", "/v1/deliveries?until=2000-01-01T00:00:00Z")).body.deliveries).toEqual([]);
        expect((await api.call<{ deliveries: Delivery[] }>("GET", "/v1/deliveries?since=2000-01-01T00:00:00Z&limit=1000")).body.deliveries).toHaveLength(ids.length);
        for (const [query, path] of [["since=yesterday", "since"], ["cursor=bogus", "cursor"]]) {
          const bad = await api.call<{ error: { code: string; path: string } }>("GET", `/v1/deliveries?${query}`);
          expect([bad.status, bad.body.error.code, bad.body.error.path]).toEqual([400, "API_INVALID_QUERY", path]);
        }
      });

      it("exposes Prometheus metrics without a token", async () => {
        const r = await api.call("GET", "/metrics", { token: null });
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
        // New events so far: evt-1, evt-batch-good, evt-approved (invoke is not ingest); two duplicates (evt-1 twice).
        expect(r.text).toContain('webhooks_events_ingested_total{kind="request"} 3\n');
        expect(r.text).toContain('webhooks_events_duplicate_total{kind="request"} 2\n');
        expect(r.text).toContain('webhooks_deliveries_total{outcome="dead"} 1\n');
        expect(r.text).toContain('webhooks_deliveries_total{outcome="retrying"} 1\n');
        expect(r.text).toContain('webhooks_attempt_errors_total{code="HTTP_STATUS"} 2\n');
        expect(r.text).toContain('webhooks_deliveries{status="dead"} 0\n');
        expect(r.text).toContain("webhooks_queue_depth 0\n");
        expect(r.text).toContain("webhooks_store_up 1\n");
        expect(r.text).toMatch(/webhooks_attempt_duration_seconds_count\{outcome="delivered"\} [1-9]/);
      });

      it("deletes a webhook (204); then it is gone (404)", async () => {
        const r = await api.call("DELETE", `/v1/webhooks/${id}`);
        expect(r.status).toBe(204);
        expect(r.text).toBe("");
        expect((await api.call("GET", `/v1/webhooks/${id}`)).status).toBe(404);
        expect((await api.call("DELETE", `/v1/webhooks/${id}`)).status).toBe(404);
      });

      it("refuses to retry a dead delivery whose webhook was deleted (409)", async () => {
        failing = true;
        const reg = await api.call<{ id: string }>("POST", "/v1/webhooks", { body: requestWebhook("gone", "/fail-gone", { triggers: ["RequestExpired"] }) });
        await api.call("POST", "/v1/events/request", { token: INGEST, body: event("RequestExpired", "evt-expired") });
        const [dead] = await until("the dead delivery", async () => {
          const d = await deliveryOf(reg.body.id, "dead");
          return d.length > 0 ? d : undefined;
        });
        expect((await api.call("DELETE", `/v1/webhooks/${reg.body.id}`)).status).toBe(204);
        const r = await api.call("POST", `/v1/deliveries/${dead.id}/retry`);
        expect(r.status).toBe(409);
        expect(r.body).toEqual({
          error: { code: "API_DELIVERY_NOT_RETRYABLE", path: "", message: `delivery ${dead.id} cannot be retried: its webhook was deleted` },
        });
      });

      it("never shows a secret value or a token in an API answer or in the process's output", async () => {
        const secrets = [...Object.values(SECRETS), SECRETS.signing.slice("whsec_".length), ADMIN, INGEST];
        const answers = api.texts.join("\n");
        const output = runtime.output();
        expect(output).toContain('"msg":"request"');
        for (const s of secrets) {
          expect(answers).not.toContain(s);
          expect(output).not.toContain(s);
        }
      });
    });
  });
}
