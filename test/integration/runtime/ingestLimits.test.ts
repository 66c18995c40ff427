// Issue 13 items 3, 6, 7 and 8 (parts) against a real `webhooks runtime start` process and a real
// loopback HTTPS receiver: the bytes-in-flight budget (503 API_BUSY + Retry-After before the body is
// buffered), 415 for non-JSON bodies, a 413 a client writing 10 MB actually reads, receiver JSON
// nested too deep classified as the receiver's fault, and capped bodies and validator values in records.
import { request as httpRequest, type ClientRequest } from "node:http";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, rawPost, requestWebhook, runtimeConfig, until } from "./apiHelpers";

jest.setTimeout(60_000);

const MAX_BODY = 262_144;
const IN_FLIGHT = 2 * MAX_BODY;
const DEEP = `${"[".repeat(5000)}${"]".repeat(5000)}`;

interface Attempt {
  result: string;
  request: { body: string; bodyBytes?: number; bodyTruncated?: boolean };
  validators: Array<{ actual: unknown[]; actualTruncated?: boolean; actualBytes?: number }>;
  error?: { code: string; retryable: boolean };
}

const tmp = tempDir("webhooks-ingest-limits-");
let ca: TestCa;
let rx: Receiver;
let runtime: RuntimeProcess;
let api: Api;

beforeAll(async () => {
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  rx.respondWith((req) => {
    if (req.url.startsWith("/deep")) return { status: 200, headers: { "Content-Type": "application/json" }, body: `{"status":"ok","x":${DEEP}}` };
    if (req.url.startsWith("/wide")) {
      const items = Array.from({ length: 20_000 }, (_, i) => `item-${i}`);
      return { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ status: "ok", items }) };
    }
    return { status: 200 };
  });
  runtime = await startRuntimeProcess({
    dir: tmp.dir,
    config: runtimeConfig(rx.pin("hooks.test"), ca.caFile, { ingest: { maxBodyBytes: MAX_BODY, maxBatch: 1000, maxBytesInFlight: IN_FLIGHT } }),
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

/** A POST that announces `length` bytes and sends only the first `sent` of them, until the test ends it. */
function heldPost(length: number, sent: number): { req: ClientRequest; answer: Promise<{ status: number; retryAfter?: string; text: string }>; finish(): void } {
  const body = Buffer.from(JSON.stringify({ ...mockRequestEvent("RequestCreated"), pad: "x".repeat(length) })).subarray(0, length);
  const req = httpRequest(`${runtime.url}/v1/events/request`, {
    method: "POST",
    agent: false,
    headers: { Authorization: `Bearer ${INGEST}`, "Content-Type": "application/json", "Content-Length": String(body.length) },
  });
  const answer = new Promise<{ status: number; retryAfter?: string; text: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, ...(res.headers["retry-after"] === undefined ? {} : { retryAfter: String(res.headers["retry-after"]) }) }));
    });
    req.on("error", reject);
  });
  req.write(body.subarray(0, sent));
  return { req, answer, finish: () => req.end(body.subarray(sent)) };
}

describe("ingest bytes in flight (ingest.maxBytesInFlight)", () => {
  it("answers 503 API_BUSY with Retry-After once the budget is held, and takes requests again after", async () => {
    const a = heldPost(MAX_BODY - 1000, 100);
    const b = heldPost(MAX_BODY - 1000, 100);
    // Both have announced their bytes once the runtime has read their headers.
    await new Promise((r) => setTimeout(r, 300));
    const third = await rawPost(runtime.url, "/v1/events/request", Buffer.from(JSON.stringify({ ...mockRequestEvent("RequestCreated"), pad: "y".repeat(2000) })), { token: INGEST });
    expect(third.status).toBe(503);
    expect(JSON.parse(third.text)).toMatchObject({ error: { code: "API_BUSY" } });
    a.finish();
    b.finish();
    const answers = await Promise.all([a.answer, b.answer]);
    // Their bodies are no events (cut JSON): refused as bad JSON, but read: the budget let them in.
    expect(answers.map((x) => x.status)).toEqual([400, 400]);
    const after = await api.call("POST", "/v1/events/request", { token: INGEST, body: mockRequestEvent("RequestCreated") });
    expect(after.status).toBe(202);
  });

  it("sends Retry-After with API_BUSY", async () => {
    const a = heldPost(MAX_BODY - 1000, 100);
    const b = heldPost(MAX_BODY - 1000, 100);
    await new Promise((r) => setTimeout(r, 300));
    const c = heldPost(5000, 5000);
    c.finish();
    const busy = await c.answer;
    expect(busy).toMatchObject({ status: 503, retryAfter: "1" });
    a.finish();
    b.finish();
    await Promise.all([a.answer, b.answer]);
  });
});

describe("bodies the API does not take", () => {
  it("answers 415 API_UNSUPPORTED_MEDIA_TYPE to a non-JSON Content-Type", async () => {
    const r = await fetch(`${runtime.url}/v1/events/request`, {
      method: "POST",
      headers: { Authorization: `Bearer ${INGEST}`, "Content-Type": "text/plain" },
      body: JSON.stringify(mockRequestEvent("RequestCreated")),
    });
    expect(r.status).toBe(415);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("API_UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers a client that writes a whole 10 MB body with 413, not a reset", async () => {
    const body = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const answer = await new Promise<{ status: number; text: string } | { error: string }>((resolve) => {
      const req = httpRequest(`${runtime.url}/v1/events/request`, {
        method: "POST",
        agent: false,
        headers: { Authorization: `Bearer ${INGEST}`, "Content-Type": "application/json", "Content-Length": String(body.length) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      req.end(body);
    });
    expect(answer).toMatchObject({ status: 413 });
    expect(JSON.parse((answer as { text: string }).text)).toMatchObject({ error: { code: "API_BODY_TOO_LARGE" } });
  });
});

describe("receiver answers in records", () => {
  const validated = (path: string, jsonPath: string) =>
    requestWebhook(`w${path.replace(/\W/g, "")}`, path, { responseValidators: [{ jsonPath, expectedValues: ["ok"] }] });

  it("classifies JSON nested 5,000 deep as the receiver's (RESPONSE_TOO_DEEP, retryable) in the Test invocation", async () => {
    const r = await api.call<Attempt>("POST", "/v1/webhooks/test", { body: validated("/deep", "$.data.status") });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ result: "failure", error: { code: "RESPONSE_TOO_DEEP", retryable: true } });
  });

  it("classifies it so in a delivery too, which is retried", async () => {
    const created = await api.call<{ id: string }>("POST", "/v1/webhooks", { body: validated("/deep-delivery", "$.data.status") });
    expect(created.status).toBe(201);
    await api.call("POST", "/v1/events/request", { token: INGEST, body: { ...mockRequestEvent("RequestCreated"), id: "deep-1" } });
    const attempts = await until("two attempts of the deep delivery", async () => {
      const list = await api.call<{ deliveries: Array<{ id: string; attempts: number; status: string }> }>("GET", `/v1/deliveries?webhookId=${created.body.id}`);
      const d = list.body.deliveries[0];
      if (d === undefined || d.status !== "dead") return undefined;
      return (await api.call<{ attempts: Attempt[] }>("GET", `/v1/deliveries/${d.id}`)).body.attempts;
    });
    expect(attempts).toHaveLength(2);
    for (const a of attempts) expect(a.error).toMatchObject({ code: "RESPONSE_TOO_DEEP", retryable: true });
  });

  it("caps a validator's matched values and the request body, and says so", async () => {
    const template = '{"id": "{{data.id}}", "why": "{{data.justification}}"}';
    const created = await api.call<{ id: string }>("POST", "/v1/webhooks", {
      body: { ...validated("/wide", "$.data.items"), bodyTemplate: template, triggers: ["Manual"] },
    });
    expect(created.status).toBe(201);
    const event = mockRequestEvent("Manual") as unknown as { data: Record<string, unknown> };
    const invoked = await api.call<{ deliveryId: string }>("POST", `/v1/webhooks/${created.body.id}/invoke`, {
      body: { ...event, data: { ...event.data, justification: "j".repeat(100_000) } },
    });
    expect(invoked.status).toBe(202);
    const attempt = await until("the wide delivery's attempt", async () => {
      const one = await api.call<{ attempts: Attempt[] }>("GET", `/v1/deliveries/${invoked.body.deliveryId}`);
      return one.body.attempts[0];
    });
    const [v] = attempt.validators;
    expect(v.actualTruncated).toBe(true);
    expect(v.actualBytes).toBeGreaterThan(200_000);
    expect(Buffer.byteLength(JSON.stringify(v.actual))).toBeLessThanOrEqual(4096);
    expect(attempt.request.bodyTruncated).toBe(true);
    expect(attempt.request.bodyBytes).toBeGreaterThan(100_000);
    expect(Buffer.byteLength(attempt.request.body)).toBeLessThanOrEqual(64 * 1024);
  });
});
