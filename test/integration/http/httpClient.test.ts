// One delivery attempt against real HTTPS servers on loopback: every transport
// outcome code, redirects, body limits, keep-alive and the network policy.
import { getEventListeners } from "node:events";
import { classifyStatus } from "../../../provider/http/classify";
import { HttpClient, type HttpClientOptions, type OutgoingRequest } from "../../../provider/http/httpClient";
import type { NetworkPolicy } from "../../../provider/http/networkPolicy";
import { VERSION } from "../../../provider/version";
import { randomLoopbackAddress, startReceiver, type Receiver } from "../../support/httpsReceiver";
import { createTestCa, type TestCa } from "../../support/testCa";

let ca: TestCa;
let stranger: TestCa;
let rx: Receiver;
let client: HttpClient;
const clients: HttpClient[] = [];

function policyFor(receiver: Receiver, extra: Partial<NetworkPolicy> = {}): NetworkPolicy {
  return {
    allowPrivateAddresses: false,
    allowCidrs: ["127.0.0.0/8"],
    resolve: receiver.pin("hooks.test", "a.hooks.test", "other.test"),
    caFile: ca.caFile,
    ...extra,
  };
}

function newClient(policy: NetworkPolicy, extra: Omit<HttpClientOptions, "policy"> = {}): HttpClient {
  const c = new HttpClient({ policy, ...extra });
  clients.push(c);
  return c;
}

const post = (url = "https://hooks.test/in?token=s3cr3t-query", body = '{"a":1}'): OutgoingRequest => ({
  method: "POST",
  url,
  headers: { "content-type": "application/json", "x-api-key": "header-secret-value" },
  body,
});

async function failure(p: Promise<unknown>): Promise<{ code: string; retryable: boolean; path: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; retryable: boolean; path: string; message: string };
    // No secret from the request ever reaches a message.
    expect(err.message).not.toContain("s3cr3t-query");
    expect(err.message).not.toContain("header-secret-value");
    return { code: err.code, retryable: err.retryable, path: err.path, message: err.message };
  }
  throw new Error("expected the send to fail");
}

beforeAll(async () => {
  ca = createTestCa();
  stranger = createTestCa({ commonName: "unrelated CA" });
  rx = await startReceiver({ tls: ca });
  client = newClient(policyFor(rx));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await rx.close();
  ca.dispose();
  stranger.dispose();
});

describe("a successful exchange", () => {
  it("sends method, path, query, headers and body, and returns status, lower-cased headers and body", async () => {
    rx.reply({ status: 201, headers: { "X-Reply": "yes", "Set-Cookie": ["a=1", "b=2"] }, body: '{"status":"ok"}' });
    const ex = await client.send(post(), { timeoutMs: 5000 });
    expect(ex).toMatchObject({ status: 201, body: '{"status":"ok"}', bodyBytes: 15, bodyTruncated: false });
    expect(ex.headers["x-reply"]).toBe("yes");
    expect(ex.headers["set-cookie"]).toBe("a=1, b=2");
    expect(ex.durationMs).toBeGreaterThanOrEqual(0);
    const got = rx.requests.at(-1)!;
    expect(got).toMatchObject({ method: "POST", url: "/in?token=s3cr3t-query", body: '{"a":1}' });
    expect(got.headers).toMatchObject({
      host: "hooks.test",
      "content-type": "application/json",
      "x-api-key": "header-secret-value",
      "user-agent": `pulumi-webhooks/${VERSION}`,
      "content-length": "7",
    });
  });

  it("uses the configured User-Agent unless the request sets one", async () => {
    const c = newClient(policyFor(rx), { userAgent: "pulumi-webhooks/1.2.3" });
    await c.send(post(), { timeoutMs: 5000 });
    expect(rx.requests.at(-1)!.headers["user-agent"]).toBe("pulumi-webhooks/1.2.3");
    await c.send({ ...post(), headers: { "User-Agent": "custom/1" } }, { timeoutMs: 5000 });
    expect(rx.requests.at(-1)!.headers["user-agent"]).toBe("custom/1");
  });

  it("sends a GET without a body", async () => {
    await client.send({ method: "GET", url: "https://hooks.test/ping", headers: {} }, { timeoutMs: 5000 });
    expect(rx.requests.at(-1)).toMatchObject({ method: "GET", url: "/ping", body: "" });
  });

  it("reuses one keep-alive connection for sequential sends to the same origin", async () => {
    const rx2 = await startReceiver({ tls: ca });
    try {
      const c = newClient(policyFor(rx2));
      for (let i = 0; i < 5; i++) expect((await c.send(post(), { timeoutMs: 5000 })).status).toBe(200);
      expect(rx2.requests).toHaveLength(5);
      expect(rx2.connections).toBe(1);
      expect(new Set(rx2.requests.map((r) => r.connection))).toEqual(new Set([1]));
    } finally {
      await rx2.close();
    }
  });

  it("connectionsPerOrigin caps the connections that concurrent sends open", async () => {
    const rx2 = await startReceiver({ tls: ca });
    try {
      const c = new HttpClient({ policy: policyFor(rx2), connectionsPerOrigin: 1 });
      clients.push(c);
      const all = await Promise.all(Array.from({ length: 4 }, () => c.send(post(), { timeoutMs: 5000 })));
      expect(all.map((e) => e.status)).toEqual([200, 200, 200, 200]);
      expect(rx2.connections).toBe(1);
    } finally {
      await rx2.close();
    }
  });

  it("accepts a name covered by a wildcard SAN, pinned like curl --resolve", async () => {
    const ex = await client.send(post("https://a.hooks.test/x"), { timeoutMs: 5000 });
    expect(ex.status).toBe(200);
    expect(rx.requests.at(-1)!.headers.host).toBe("a.hooks.test");
  });
});

describe("statuses come back as exchanges, for the caller to classify", () => {
  it.each([
    [302, { code: "HTTP_REDIRECT", retryable: false }],
    [404, { code: "HTTP_STATUS", retryable: false }],
    [429, { code: "HTTP_STATUS", retryable: true }],
    [503, { code: "HTTP_STATUS", retryable: true }],
  ])("%i", async (status, expected) => {
    rx.reply({ status, body: "nope" });
    const ex = await client.send(post(), { timeoutMs: 5000 });
    expect(ex.status).toBe(status);
    expect(ex.body).toBe("nope");
    expect(classifyStatus(ex.status)).toEqual(expected);
  });

  it("does not follow a redirect: one request, the 3xx and its Location returned", async () => {
    const before = rx.requests.length;
    rx.reply({ redirectTo: "https://hooks.test/elsewhere", status: 307 });
    const ex = await client.send(post(), { timeoutMs: 5000 });
    expect(ex.status).toBe(307);
    expect(ex.headers.location).toBe("https://hooks.test/elsewhere");
    expect(rx.requests.length).toBe(before + 1);
  });
});

describe("response bodies", () => {
  it("keeps the first maxBodyBytes of a huge body and counts all of it", async () => {
    const c = newClient(policyFor(rx), { maxBodyBytes: 1000 });
    rx.reply({ bodyBytes: 3 * 1024 * 1024 });
    const ex = await c.send(post(), { timeoutMs: 10000 });
    expect(ex.body).toBe("x".repeat(1000));
    expect(ex.bodyBytes).toBe(3 * 1024 * 1024);
    expect(ex.bodyTruncated).toBe(true);
  });

  it("keeps 1 MiB by default", async () => {
    rx.reply({ bodyBytes: 1024 * 1024 + 1 });
    const ex = await client.send(post(), { timeoutMs: 10000 });
    expect(ex.body.length).toBe(1024 * 1024);
    expect(ex.bodyTruncated).toBe(true);
    rx.reply({ bodyBytes: 1024 * 1024 });
    const exact = await client.send(post(), { timeoutMs: 10000 });
    expect(exact.bodyTruncated).toBe(false);
  });

  it("decodes UTF-8 and drops a character cut in half at the limit", async () => {
    const c = newClient(policyFor(rx), { maxBodyBytes: 4 });
    rx.reply({ body: "aé€" }); // 1 + 2 + 3 bytes: the limit falls inside "€"
    const ex = await c.send(post(), { timeoutMs: 5000 });
    expect(ex).toMatchObject({ body: "aé", bodyBytes: 6, bodyTruncated: true });
    rx.reply({ body: "aé€" });
    expect((await client.send(post(), { timeoutMs: 5000 })).body).toBe("aé€");
  });
});

describe("transport failures", () => {
  it("DNS_ERROR for a name that does not resolve (retryable)", async () => {
    const err = await failure(client.send(post("https://no-such-host.invalid/hook?token=s3cr3t-query"), { timeoutMs: 10000 }));
    expect(err).toMatchObject({ code: "DNS_ERROR", retryable: true, path: "url" });
    expect(err.message).toContain("no-such-host.invalid");
  });

  it("CONNECTION_ERROR when nothing listens on the address (retryable)", async () => {
    const c = newClient(policyFor(rx, { resolve: { "hooks.test": randomLoopbackAddress() } }));
    const err = await failure(c.send(post(), { timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: "CONNECTION_ERROR", retryable: true, path: "url" });
    expect(err.message).toContain("ECONNREFUSED");
  });

  it("CONNECTION_ERROR when the server resets the connection before answering", async () => {
    rx.reply({ reset: "before-headers" });
    const err = await failure(client.send(post(), { timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: "CONNECTION_ERROR", retryable: true });
  });

  it("CONNECTION_ERROR when the connection drops in the middle of the body", async () => {
    rx.reply({ reset: "mid-body", body: "y".repeat(10000) });
    const err = await failure(client.send(post(), { timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: "CONNECTION_ERROR", retryable: true });
  });

  it("TLS_ERROR when the certificate comes from an unknown CA (retryable)", async () => {
    const rx2 = await startReceiver({ tls: stranger });
    try {
      const err = await failure(newClient(policyFor(rx2)).send(post(), { timeoutMs: 5000 }));
      expect(err).toMatchObject({ code: "TLS_ERROR", retryable: true, path: "url" });
      expect(err.message).toContain("not issued by a trusted CA");
      expect(rx2.requests).toHaveLength(0);
    } finally {
      await rx2.close();
    }
  });

  it("TLS_ERROR when the certificate is trusted only through caFile and caFile is not given", async () => {
    const err = await failure(newClient(policyFor(rx, { caFile: undefined })).send(post(), { timeoutMs: 5000 }));
    expect(err.code).toBe("TLS_ERROR");
  });

  it("TLS_ERROR when the certificate does not cover the host name (even though it is pinned)", async () => {
    const err = await failure(client.send(post("https://other.test/in"), { timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: "TLS_ERROR", retryable: true });
    expect(err.message).toContain("does not cover this host name");
  });

  it("TIMEOUT when the headers come later than the deadline (retryable)", async () => {
    rx.reply({ delayMs: 3000 });
    const err = await failure(client.send(post(), { timeoutMs: 300 }));
    expect(err).toMatchObject({ code: "TIMEOUT", retryable: true, path: "url" });
  });

  it("TIMEOUT when the body trickles past the deadline, though every chunk is on time", async () => {
    rx.reply({ trickle: { chunks: 50, intervalMs: 100 } });
    const err = await failure(client.send(post(), { timeoutMs: 600 }));
    expect(err).toMatchObject({ code: "TIMEOUT", retryable: true });
  });

  it("the caller's signal stops a send in flight at once (not a TIMEOUT), and its listener is gone after every send", async () => {
    rx.reply({ delayMs: 3000 });
    const caller = new AbortController();
    const started = Date.now();
    const sent = client.send(post(), { timeoutMs: 5000, signal: caller.signal });
    setTimeout(() => caller.abort(new Error("lease lost")), 100);
    const err = await failure(sent);
    expect(err.code).not.toBe("TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2500);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);

    const kept = new AbortController();
    for (let i = 0; i < 3; i++) await client.send(post(), { timeoutMs: 2000, signal: kept.signal });
    expect(getEventListeners(kept.signal, "abort")).toHaveLength(0);
    // Already aborted before the send: nothing waits for the receiver.
    const gone = new AbortController();
    gone.abort(new Error("lease lost"));
    const before = Date.now();
    await failure(client.send(post(), { timeoutMs: 5000, signal: gone.signal }));
    expect(Date.now() - before).toBeLessThan(2500);
  });
});

describe("network policy, enforced on the address actually dialled", () => {
  const closed = (extra: Partial<NetworkPolicy> = {}): NetworkPolicy => ({
    allowPrivateAddresses: false,
    allowCidrs: [],
    resolve: {},
    caFile: ca.caFile,
    ...extra,
  });

  it("ADDRESS_REFUSED for a name pinned to loopback without an allow rule; nothing is dialled", async () => {
    const before = rx.connections;
    const err = await failure(newClient(closed({ resolve: rx.pin("hooks.test") })).send(post(), { timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: "ADDRESS_REFUSED", retryable: false, path: "url" });
    expect(err.message).toContain(`hooks.test resolves to ${rx.host}`);
    expect(rx.connections).toBe(before);
  });

  it("ADDRESS_REFUSED for a DNS name that resolves to loopback (localhost)", async () => {
    const err = await failure(newClient(closed()).send(post("https://localhost/hook"), { timeoutMs: 5000 }));
    expect(err).toMatchObject({ code: "ADDRESS_REFUSED", retryable: false });
  });

  it.each(["https://127.0.0.1/hook", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://169.254.169.254/latest"])(
    "ADDRESS_REFUSED for the IP literal in %s",
    async (url) => {
      const err = await failure(newClient(closed()).send(post(url), { timeoutMs: 5000 }));
      expect(err).toMatchObject({ code: "ADDRESS_REFUSED", retryable: false });
    },
  );

  it("allowPrivateAddresses opens loopback", async () => {
    const c = newClient(closed({ allowPrivateAddresses: true, resolve: rx.pin("hooks.test") }));
    expect((await c.send(post(), { timeoutMs: 5000 })).status).toBe(200);
  });

  it("an allowCidrs entry opens only the addresses it contains", async () => {
    const inside = newClient(closed({ allowCidrs: [`${rx.host}/32`], resolve: rx.pin("hooks.test") }));
    expect((await inside.send(post(), { timeoutMs: 5000 })).status).toBe(200);
    const outside = newClient(closed({ allowCidrs: ["10.0.0.0/8"], resolve: rx.pin("hooks.test") }));
    expect((await failure(outside.send(post(), { timeoutMs: 5000 }))).code).toBe("ADDRESS_REFUSED");
  });
});

describe("requests refused before sending", () => {
  it("an unreadable caFile is CONFIG_FILE_UNREADABLE at tls.caFile", () => {
    expect(() => new HttpClient({ policy: policyFor(rx, { caFile: `${ca.dir}/missing.pem` }) })).toThrow(
      expect.objectContaining({ code: "CONFIG_FILE_UNREADABLE", path: "tls.caFile" }),
    );
  });

  it.each([
    ["http://hooks.test/in", "CONFIG_INVALID_URL", "url"],
    ["not a url", "CONFIG_INVALID_URL", "url"],
    ["https://user:pw@hooks.test/in", "CONFIG_INVALID_URL", "url"],
  ])("%s → %s", async (url, code, path) => {
    expect(await failure(client.send(post(url), { timeoutMs: 1000 }))).toMatchObject({ code, path, retryable: false });
  });

  it("refuses framing headers and header values with line breaks, without echoing the value", async () => {
    const send = (headers: Record<string, string>) => client.send({ ...post(), headers }, { timeoutMs: 1000 });
    expect(await failure(send({ Host: "evil.example" }))).toMatchObject({ code: "CONFIG_FORBIDDEN_HEADER", path: "headers.Host" });
    expect(await failure(send({ "X-Key": "header-secret-value\r\nX-Injected: 1" }))).toMatchObject({
      code: "CONFIG_INVALID_HEADER",
      path: "headers.X-Key",
    });
    expect(await failure(client.send({ ...post(), method: "PO ST" }, { timeoutMs: 1000 }))).toMatchObject({
      code: "CONFIG_INVALID_METHOD",
    });
  });
});

describe("per-origin pools", () => {
  it("are closed when idle and capped, least recently used first, so origins seen once do not pile up", async () => {
    const own = await startReceiver({ tls: ca });
    try {
      const c = newClient({ ...policyFor(own), resolve: own.pin("a.hooks.test", "b.hooks.test", "c.hooks.test") }, { maxPools: 2, poolIdleMs: 300 });
      for (const host of ["a.hooks.test", "b.hooks.test", "c.hooks.test"]) {
        expect((await c.send(post(`https://${host}/in`), { timeoutMs: 5000 })).status).toBe(200);
      }
      // The third origin pushed out the first: its pool and keep-alive connection are closed.
      expect(c.openPools).toBe(2);
      await waitFor(() => own.openConnections === 2);
      // Idle past poolIdleMs: every pool goes, and every connection with it.
      await waitFor(() => c.openPools === 0 && own.openConnections === 0);
      // An evicted origin gets a new pool when needed.
      expect((await c.send(post("https://a.hooks.test/in"), { timeoutMs: 5000 })).status).toBe(200);
      expect(c.openPools).toBe(1);
      expect(own.connections).toBe(4);
    } finally {
      await own.close();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
