// OAuth client-credentials tokens from a real HTTPS token endpoint on loopback.
import { HttpClient } from "../../../provider/http/httpClient";
import { OAuthTokenCache, type OAuthSettings } from "../../../provider/http/oauthTokens";
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from "../../support/oauthServer";
import { createTestCa, type TestCa } from "../../support/testCa";

let ca: TestCa;
const servers: OAuthServer[] = [];
const clients: HttpClient[] = [];

beforeAll(() => {
  ca = createTestCa();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  ca.dispose();
});

/** A fresh token endpoint, an HttpClient that reaches it, and a cache on a fake clock. */
async function setup(options: Partial<OAuthServerOptions> = {}) {
  const oauth = await startOAuthServer({ tls: ca, ...options });
  servers.push(oauth);
  const client = new HttpClient({
    policy: { allowPrivateAddresses: false, allowCidrs: ["127.0.0.0/8"], resolve: oauth.pin(), caFile: ca.caFile },
  });
  clients.push(client);
  const clock = { now: 1_700_000_000_000 };
  const cache = new OAuthTokenCache(client, { now: () => clock.now });
  const settings: OAuthSettings = { clientId: oauth.clientId, clientSecret: oauth.clientSecret, tokenEndpointUrl: oauth.tokenUrl };
  return { oauth, cache, clock, settings };
}

const opts = { timeoutMs: 5000 };

async function failure(p: Promise<unknown>, secret: string) {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; path: string; retryable: boolean; message: string };
    expect(err.message).not.toContain(secret);
    return { code: err.code, path: err.path, retryable: err.retryable, message: err.message };
  }
  throw new Error("expected getToken to fail");
}

describe("fetching and caching", () => {
  it("posts grant_type, space-joined scopes and audience with Basic client authentication", async () => {
    const { oauth, cache, settings } = await setup();
    const token = await cache.getToken({ ...settings, scopes: ["hooks.write", "hooks.read"], audience: "https://api.example" }, opts);
    expect(token).toBe(oauth.issued[0]);
    expect(oauth.tokenRequests).toEqual([
      { auth: "basic", clientId: "client-1", grantType: "client_credentials", scope: "hooks.write hooks.read", audience: "https://api.example", issued: true },
    ]);
    const raw = oauth.receiver.requests[0];
    expect(raw.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(raw.body).not.toContain("client_secret");
  });

  it("reuses the cached token until shortly before expires_in, then fetches a new one", async () => {
    const { oauth, cache, clock, settings } = await setup({ expiresIn: 3600 });
    const first = await cache.getToken(settings, opts);
    clock.now += 3600_000 - 30_000 - 1; // just inside the default 30 s refresh skew
    expect(await cache.getToken(settings, opts)).toBe(first);
    expect(await cache.getToken(settings, opts)).toBe(first);
    expect(oauth.tokenRequests).toHaveLength(1);
    clock.now += 2;
    const second = await cache.getToken(settings, opts);
    expect(second).not.toBe(first);
    expect(second).toBe(oauth.issued[1]);
    expect(oauth.tokenRequests).toHaveLength(2);
  });

  it("keeps a token shorter-lived than the skew for half its life instead of refetching every time", async () => {
    const { oauth, cache, clock, settings } = await setup({ expiresIn: 10 });
    const first = await cache.getToken(settings, opts);
    clock.now += 4_999;
    expect(await cache.getToken(settings, opts)).toBe(first);
    clock.now += 2;
    expect(await cache.getToken(settings, opts)).not.toBe(first);
    expect(oauth.tokenRequests).toHaveLength(2);
  });

  it("caches for an hour when the endpoint omits expires_in", async () => {
    const { oauth, cache, clock, settings } = await setup({ expiresIn: null });
    const first = await cache.getToken(settings, opts);
    clock.now += 3600_000 - 30_001;
    expect(await cache.getToken(settings, opts)).toBe(first);
    clock.now += 2;
    await cache.getToken(settings, opts);
    expect(oauth.tokenRequests).toHaveLength(2);
  });

  it("force fetches a new token (after a 401 from the target) and caches it", async () => {
    const { oauth, cache, settings } = await setup();
    const first = await cache.getToken(settings, opts);
    const forced = await cache.getToken(settings, { ...opts, force: true });
    expect(forced).not.toBe(first);
    expect(await cache.getToken(settings, opts)).toBe(forced);
    expect(oauth.tokenRequests).toHaveLength(2);
  });

  it("concurrent callers for the same key share one token request", async () => {
    const { oauth, cache, settings } = await setup();
    const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => cache.getToken(settings, { ...opts, force: i % 2 === 0 })));
    expect(new Set(tokens)).toEqual(new Set([oauth.issued[0]]));
    expect(oauth.tokenRequests).toHaveLength(1);
  });

  it("keeps separate tokens per scopes, audience and secret", async () => {
    const { oauth, cache, settings } = await setup({ clients: { "client-1": "secret-1", "client-2": "secret-2" } });
    const a = await cache.getToken({ ...settings, scopes: ["a"] }, opts);
    const b = await cache.getToken({ ...settings, scopes: ["b"] }, opts);
    const c = await cache.getToken({ ...settings, scopes: ["a"], audience: "x" }, opts);
    const d = await cache.getToken({ ...settings, clientId: "client-2", clientSecret: "secret-2", scopes: ["a"] }, opts);
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect(await cache.getToken({ ...settings, scopes: ["a"] }, opts)).toBe(a);
    expect(oauth.tokenRequests).toHaveLength(4);
  });
});

describe("client authentication: Basic first, form body as fallback", () => {
  it.each([401, 400] as const)(
    "falls back to client_secret in the form when Basic is refused with %i, and remembers it",
    async (rejectBasicWith) => {
      const { oauth, cache, settings } = await setup({ accepts: ["form"], rejectBasicWith });
      const token = await cache.getToken(settings, opts);
      expect(token).toBe(oauth.issued[0]);
      await cache.getToken(settings, { ...opts, force: true });
      expect(oauth.tokenRequests.map((r) => [r.auth, r.issued])).toEqual([
        ["basic", false],
        ["form", true],
        ["form", true],
      ]);
    },
  );

  it("stays with Basic when the endpoint takes it", async () => {
    const { oauth, cache, settings } = await setup({ accepts: ["basic"] });
    await cache.getToken(settings, opts);
    await cache.getToken(settings, { ...opts, force: true });
    expect(oauth.tokenRequests.map((r) => r.auth)).toEqual(["basic", "basic"]);
  });
});

describe("failures are OAUTH_TOKEN_ERROR", () => {
  it("a wrong secret: path authentication.clientSecret, not retryable, both methods tried, secret not shown", async () => {
    const { oauth, cache, settings } = await setup();
    const err = await failure(cache.getToken({ ...settings, clientSecret: "wrong-secret-value" }, opts), "wrong-secret-value");
    expect(err).toMatchObject({ code: "OAUTH_TOKEN_ERROR", path: "authentication.clientSecret", retryable: false });
    expect(err.message).toContain("answered 400 (error: invalid_client)");
    expect(oauth.tokenRequests.map((r) => r.auth)).toEqual(["basic", "form"]);
  });

  it("a 5xx is retryable, names the status and the endpoint's error, and is not cached", async () => {
    const { oauth, cache, settings } = await setup();
    oauth.receiver.reply({ status: 503, body: '{"error":"temporarily_unavailable"}' });
    const err = await failure(cache.getToken(settings, opts), settings.clientSecret);
    expect(err).toMatchObject({ code: "OAUTH_TOKEN_ERROR", path: "authentication.tokenEndpointUrl", retryable: true });
    expect(err.message).toContain("oauth.test answered 503 (error: temporarily_unavailable)");
    expect(await cache.getToken(settings, opts)).toBe(oauth.issued[0]);
  });

  it("another 4xx is not retryable", async () => {
    const { oauth, cache, settings } = await setup();
    oauth.receiver.reply({ status: 400, body: '{"error":"invalid_scope"}' });
    const err = await failure(cache.getToken({ ...settings, scopes: ["nope"] }, opts), settings.clientSecret);
    expect(err).toMatchObject({ code: "OAUTH_TOKEN_ERROR", path: "authentication.tokenEndpointUrl", retryable: false });
    expect(err.message).toContain("answered 400 (error: invalid_scope)");
  });

  it.each([
    ["a body that is not JSON", { status: 200, body: "<html>login</html>" }, "not JSON"],
    ["no access_token", { status: 200, body: '{"token_type":"Bearer"}' }, "without an access_token"],
    ["a redirect", { status: 302, redirectTo: "https://oauth.test/login" }, "redirect"],
  ])("a 2xx/3xx with %s is not retryable", async (_what, response, text) => {
    const { oauth, cache, settings } = await setup();
    oauth.receiver.reply(response);
    const err = await failure(cache.getToken(settings, opts), settings.clientSecret);
    expect(err).toMatchObject({ code: "OAUTH_TOKEN_ERROR", path: "authentication.tokenEndpointUrl", retryable: false });
    expect(err.message).toContain(text);
  });

  it("an unreachable endpoint is retryable and names the cause", async () => {
    const { cache, settings } = await setup();
    const err = await failure(cache.getToken({ ...settings, tokenEndpointUrl: "https://no-such-idp.invalid/token" }, opts), settings.clientSecret);
    expect(err).toMatchObject({ code: "OAUTH_TOKEN_ERROR", path: "authentication.tokenEndpointUrl", retryable: true });
    expect(err.message).toContain("DNS_ERROR");
  });

  it("never shows the issued token in a later error", async () => {
    const { oauth, cache, settings } = await setup();
    const token = await cache.getToken(settings, opts);
    oauth.receiver.reply({ status: 500, body: JSON.stringify({ error: token }) });
    const err = await failure(cache.getToken(settings, { ...opts, force: true }), token);
    expect(err.message).toContain("answered 500");
  });
});

describe("eviction", () => {
  it("drops tokens past their refresh time and keeps at most maxEntries, least recently used first", async () => {
    const oauth = await startOAuthServer({ tls: ca, expiresIn: 3600 });
    servers.push(oauth);
    const client = new HttpClient({ policy: { allowPrivateAddresses: false, allowCidrs: ["127.0.0.0/8"], resolve: oauth.pin(), caFile: ca.caFile } });
    clients.push(client);
    const clock = { now: 1_700_000_000_000 };
    const cache = new OAuthTokenCache(client, { now: () => clock.now, maxEntries: 2 });
    const settings = (audience: string): OAuthSettings => ({ clientId: oauth.clientId, clientSecret: oauth.clientSecret, tokenEndpointUrl: oauth.tokenUrl, audience });
    const a = await cache.getToken(settings("a"), opts);
    await cache.getToken(settings("b"), opts);
    expect(await cache.getToken(settings("a"), opts)).toBe(a); // a is now the most recently used
    await cache.getToken(settings("c"), opts);
    expect(cache.size).toBe(2);
    expect(oauth.tokenRequests).toHaveLength(3);
    expect(await cache.getToken(settings("a"), opts)).toBe(a); // kept
    await cache.getToken(settings("b"), opts); // evicted: fetched again
    expect(oauth.tokenRequests).toHaveLength(4);
    // An hour later every token is past its refresh time: the next call sweeps them out.
    clock.now += 3600_000;
    await cache.getToken(settings("d"), opts);
    expect(cache.size).toBe(1);
  });
});
