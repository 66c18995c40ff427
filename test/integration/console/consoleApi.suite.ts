// The console's sessions and the admin API endpoints it reads, without a browser,
// once per store (SQLite, PostgreSQL):
// the cookie opens the admin API, state-changing calls need the session's CSRF
// token from the console's origin, sign-out ends the session, and the lists page
// by cursor past 1,000 rows. A real runtime process and a loopback receiver.
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import type { StoreKind } from "../../support/storeKinds";
import { ADMIN, READ, startConsoleWorld, until, type ConsoleWorld } from "./consoleWorld";

export function consoleApiSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    jest.setTimeout(90_000);

    let world: ConsoleWorld;
    beforeAll(async () => {
      world = await startConsoleWorld(kind);
    });
    afterAll(() => world?.stop());

    interface Raw {
      status: number;
      json: Record<string, unknown>;
      headers: Headers;
    }

    async function raw(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Raw> {
      const res = await fetch(`${world.runtime.url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>), headers: res.headers };
    }

    const origin = () => world.runtime.url;
    const code = (r: Raw) => (r.json.error as { code: string } | undefined)?.code;

    async function signIn(): Promise<{ cookie: string; csrf: string }> {
      const r = await raw("POST", "/console/session", { Origin: origin() }, { token: ADMIN });
      expect(r.status).toBe(201);
      const setCookie = r.headers.get("set-cookie") ?? "";
      return { cookie: setCookie.split(";")[0], csrf: r.json.csrfToken as string };
    }

    describe("console sessions", () => {
      it("refuses a wrong token and a sign-in without the console's Origin, and sets no cookie", async () => {
        const wrong = await raw("POST", "/console/session", { Origin: origin() }, { token: "not-the-admin-token" });
        expect(wrong.status).toBe(401);
        expect(code(wrong)).toBe("API_UNAUTHORIZED");
        expect(wrong.headers.get("set-cookie")).toBeNull();
        const crossSite = await raw("POST", "/console/session", { Origin: "https://evil.example" }, { token: ADMIN });
        expect(crossSite.status).toBe(403);
        expect(code(crossSite)).toBe("API_FORBIDDEN");
        expect(crossSite.headers.get("set-cookie")).toBeNull();
      });

      it("signs in with the admin token: an HttpOnly SameSite=Strict cookie, a CSRF token, and the admin API opens", async () => {
        const r = await raw("POST", "/console/session", { Origin: origin() }, { token: ADMIN });
        const setCookie = r.headers.get("set-cookie") ?? "";
        expect(setCookie).toMatch(/^webhooks_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
        expect(JSON.stringify(r.json)).not.toContain(ADMIN);
        expect(r.json).toMatchObject({ role: "admin", idleMinutes: 30 });
        const cookie = setCookie.split(";")[0];
        const list = await raw("GET", "/v1/webhooks", { Cookie: cookie });
        expect(list.status).toBe(200);
        expect((list.json.webhooks as unknown[]).length).toBe(4);
        const again = await raw("GET", "/console/session", { Cookie: cookie });
        expect(again.json.csrfToken).toBe(r.json.csrfToken);
        // An unknown cookie opens nothing.
        expect((await raw("GET", "/v1/webhooks", { Cookie: "webhooks_console=forged" })).status).toBe(401);
      });

      it("state-changing calls with the cookie need the CSRF header and the console's Origin; a bearer token needs neither", async () => {
        const { cookie, csrf } = await signIn();
        const path = `/v1/webhooks/${world.ids.active}/invoke`;
        const manual = mockRequestEvent("Manual");
        const noHeader = await raw("POST", path, { Cookie: cookie, Origin: origin() }, manual);
        expect(noHeader.status).toBe(403);
        expect(code(noHeader)).toBe("API_FORBIDDEN");
        const wrongToken = await raw("POST", path, { Cookie: cookie, Origin: origin(), "X-CSRF-Token": "guess" }, manual);
        expect(wrongToken.status).toBe(403);
        const otherOrigin = await raw("POST", path, { Cookie: cookie, Origin: "http://127.0.0.2:9999", "X-CSRF-Token": csrf }, manual);
        expect(otherOrigin.status).toBe(403);
        const noOrigin = await raw("POST", path, { Cookie: cookie, "X-CSRF-Token": csrf }, manual);
        expect(noOrigin.status).toBe(403);
        const crossSiteFetch = await raw("POST", path, { Cookie: cookie, Origin: origin(), "X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site" }, manual);
        expect(crossSiteFetch.status).toBe(403);
        const ok = await raw("POST", path, { Cookie: cookie, Origin: origin(), "X-CSRF-Token": csrf }, manual);
        expect(ok.status).toBe(202);
        const bearer = await world.api.call("POST", path, { body: manual });
        expect(bearer.status).toBe(202);
      });

      it("sign-out needs the CSRF header, then ends the session", async () => {
        const { cookie, csrf } = await signIn();
        expect((await raw("DELETE", "/console/session", { Cookie: cookie, Origin: origin() })).status).toBe(403);
        const out = await raw("DELETE", "/console/session", { Cookie: cookie, Origin: origin(), "X-CSRF-Token": csrf });
        expect(out.status).toBe(204);
        expect(out.headers.get("set-cookie")).toMatch(/^webhooks_console=; .*Max-Age=0/);
        expect((await raw("GET", "/v1/webhooks", { Cookie: cookie })).status).toBe(401);
        expect((await raw("GET", "/console/session", { Cookie: cookie })).status).toBe(401);
      });

      it("the read token opens a read-only session and the admin API's GETs, nothing that changes state", async () => {
        const r = await raw("POST", "/console/session", { Origin: origin() }, { token: READ });
        expect(r.status).toBe(201);
        expect(r.json.role).toBe("read");
        const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0];
        const csrf = r.json.csrfToken as string;
        expect((await raw("GET", "/v1/webhooks", { Cookie: cookie })).status).toBe(200);
        expect((await raw("GET", `/v1/deliveries?webhookId=${world.ids.active}`, { Cookie: cookie })).status).toBe(200);
        const invoke = await raw("POST", `/v1/webhooks/${world.ids.active}/invoke`, { Cookie: cookie, Origin: origin(), "X-CSRF-Token": csrf }, mockRequestEvent("Manual"));
        expect(invoke.status).toBe(403);
        expect((invoke.json.error as { message: string }).message).toContain("read-only console session");
        const bearerGet = await world.api.call("GET", `/v1/webhooks/${world.ids.active}/versions`, { token: READ });
        expect(bearerGet.status).toBe(200);
        const bearerTest = await world.api.call<{ error: { code: string } }>("POST", `/v1/webhooks/${world.ids.active}/test`, { token: READ });
        expect(bearerTest.status).toBe(403);
        expect(bearerTest.body.error.code).toBe("API_FORBIDDEN");
        const bearerPut = await world.api.call("DELETE", `/v1/webhooks/${world.ids.inactive}`, { token: READ });
        expect(bearerPut.status).toBe(403);
        expect((await world.api.call("GET", `/v1/webhooks/${world.ids.inactive}`)).status).toBe(200);
      });

      it("serves the page and its assets under the strict Content-Security-Policy", async () => {
        const page = await fetch(`${world.runtime.url}/console`);
        expect(page.status).toBe(200);
        expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
        const csp = page.headers.get("content-security-policy") ?? "";
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        const html = await page.text();
        expect(html).not.toMatch(/<script>|<style|style=/);
        const js = await fetch(`${world.runtime.url}/console/assets/app.js`);
        expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
        expect((await fetch(`${world.runtime.url}/console/assets/..%2Fpackage.json`)).status).toBe(404);
      });
    });

    describe("the admin API the console reads", () => {
      it("pages 2,500 deliveries by cursor at 1,000 a page, every row once, and filters by event type", async () => {
        const seen = new Set<string>();
        await world.ingest("RequestGranted", 2500);
        let cursor: string | undefined;
        let pages = 0;
        do {
          const r = await world.api.call<{ deliveries: Array<{ id: string }>; nextCursor?: string }>(
            "GET",
            `/v1/deliveries?webhookId=${world.ids.active}&eventType=RequestGranted&limit=1000${cursor === undefined ? "" : `&cursor=${cursor}`}`,
          );
          for (const d of r.body.deliveries) seen.add(d.id);
          cursor = r.body.nextCursor;
          pages += 1;
        } while (cursor !== undefined);
        expect(pages).toBe(3);
        expect(seen.size).toBe(2500);
        const other = await world.api.call<{ deliveries: unknown[] }>("GET", `/v1/deliveries?webhookId=${world.ids.active}&eventType=RequestRejected`);
        expect(other.body.deliveries).toEqual([]);
      });

      it("counts each webhook's deliveries over 24 h and names its newest one", async () => {
        const r = await world.api.call<{ hours: number; stats: Array<{ webhookId: string; deliveries: number; last?: { deliveryId: string } }> }>("GET", "/v1/webhooks/stats");
        expect(r.body.hours).toBe(24);
        const active = r.body.stats.find((s) => s.webhookId === world.ids.active);
        expect(active?.deliveries).toBeGreaterThanOrEqual(2500);
        expect(active?.last?.deliveryId).toMatch(/^dlv_/);
        expect(r.body.stats.find((s) => s.webhookId === world.ids.inactive)).toEqual({ webhookId: world.ids.inactive, deliveries: 0, delivered: 0, dead: 0, queued: 0, successRate: null });
      });

      it("lists versions newest first with the fields each changed, secrets masked", async () => {
        const got = await world.api.call<Record<string, unknown>>("GET", `/v1/webhooks/${world.ids.inactive}`);
        const { id: _id, version: _v, createdAt: _c, updatedAt: _u, secretFingerprints: _f, ...config } = got.body;
        const put = await world.api.call("PUT", `/v1/webhooks/${world.ids.inactive}`, { body: { ...config, timeoutSeconds: 9 } });
        expect(put.status).toBe(200);
        const r = await world.api.call<{ versions: Array<{ version: number; changed: string[]; config: Record<string, unknown> }> }>("GET", `/v1/webhooks/${world.ids.inactive}/versions`);
        expect(r.body.versions.map((v) => v.version)).toEqual([2, 1]);
        expect(r.body.versions[0].changed).toEqual(["timeoutSeconds"]);
        expect(r.body.versions[1].changed).toEqual([]);
        expect(r.text).not.toContain("hdr-secret");
      });

      it("retries a webhook's dead letters in bounded batches", async () => {
        await world.ingest("RequestCreated", 3);
        await until("3 dead deliveries", async () => {
          const r = await world.api.call<{ deliveries: unknown[] }>("GET", `/v1/deliveries?webhookId=${world.ids.failing}&status=dead`);
          return r.body.deliveries.length === 3 ? true : undefined;
        });
        world.setFailing(false);
        const first = await world.api.call<{ requeued: number; more: boolean }>("POST", `/v1/webhooks/${world.ids.failing}/dead-letters/retry`, { body: { limit: 2 } });
        expect(first.status).toBe(202);
        expect(first.body).toEqual({ requeued: 2, more: true });
        const second = await world.api.call<{ requeued: number; more: boolean }>("POST", `/v1/webhooks/${world.ids.failing}/dead-letters/retry`, { body: { limit: 2 } });
        expect(second.body).toEqual({ requeued: 1, more: false });
        const tooMany = await world.api.call("POST", `/v1/webhooks/${world.ids.failing}/dead-letters/retry`, { body: { limit: 5000 } });
        expect(tooMany.status).toBe(400);
        await until("the retried deliveries delivered", async () => {
          const r = await world.api.call<{ deliveries: unknown[] }>("GET", `/v1/deliveries?webhookId=${world.ids.failing}&status=delivered`);
          return r.body.deliveries.length === 3 ? true : undefined;
        });
        world.setFailing(true);
      });

      it("previews a body template with a mock event and refuses one check refuses, with check's error", async () => {
        const ok = await world.api.call<{ eventType: string; body: string }>("POST", "/v1/templates/preview", {
          body: { kind: "request", bodyTemplate: '{"who": "{{data.requester.email}}"}', eventType: "RequestApproved" },
        });
        expect(ok.status).toBe(200);
        expect(ok.body.eventType).toBe("RequestApproved");
        expect(JSON.parse(ok.body.body)).toEqual({ who: "dana.levi@acme.example" });
        const typo = await world.api.call<{ error: { code: string; message: string } }>("POST", "/v1/templates/preview", {
          body: { kind: "request", bodyTemplate: '{"who": "{{data.requestor.email}}"}' },
        });
        expect(typo.status).toBe(400);
        expect(typo.body.error.code).toBe("TEMPLATE_UNKNOWN_FIELD");
        const shape = await world.api.call<{ shape: { kind: string; fields: Record<string, unknown> } }>("GET", "/v1/payload-shapes/request");
        expect(Object.keys(shape.body.shape.fields)).toEqual(expect.arrayContaining(["event_type", "data"]));
      });

      it("runs the Test invocation of a registered webhook with its stored secrets, masked in the record", async () => {
        const r = await world.api.call<{ deliveryId: string; result: string; request: { url: string; headers: Record<string, string> } }>("POST", `/v1/webhooks/${world.ids.active}/test`);
        expect(r.status).toBe(200);
        expect(r.body.result).toBe("success");
        expect(r.body.request.url).toContain("key=****");
        expect(r.text).not.toContain("qry-secret");
        const sent = world.rx.requests.find((q) => q.headers["webhook-id"] === r.body.deliveryId);
        expect(sent?.url).toContain("key=qry-secret-3a9c4e07");
      });
    });
  });
}
