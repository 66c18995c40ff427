// Runtime answers a real runtime never gives, from a scripted loopback HTTP
// server: a registration whose answer is cut short (the engine must still get
// the id), a runtime that never answers (the provider's own deadline), and a
// server that is not the webhooks API at all.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookProvider } from "../../../provider/resources";
import { SECRET_SIG_KEY } from "../../../provider/resources/secretValues";
import { stackConfig } from "./providerFixture";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const PASSED_TEST = {
  deliveryId: "dlv_test",
  eventType: "RequestCreated",
  isTest: true,
  attempt: 1,
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 12,
  request: { method: "POST", url: "https://hooks.test/x", headers: {}, body: "{}" },
  response: { status: 200, headers: {}, body: "{}", bodyBytes: 2, bodyTruncated: false },
  validators: [],
  result: "success",
};

describe("provider against a scripted runtime", () => {
  let server: Server;
  let url: string;
  let handler: Handler = (_req, res) => res.end();
  const seen: string[] = [];

  const provider = (options: { adminCallMs?: number } = {}) => {
    const p = new WebhookProvider("request", { env: {}, ...options });
    return p.configure(stackConfig({ "webhooks:runtimeUrl": url, "webhooks:runtimeToken": "t0ken-value" })).then(() => p);
  };
  const inputs = async (p: WebhookProvider, extra: Record<string, unknown> = {}) =>
    (await p.check({}, {
      name: "Scripted",
      url: "https://hooks.test/x",
      triggers: ["RequestCreated"],
      bodyTemplate: '{"id": "{{data.id}}"}',
      signingSecret: "whsec_" + Buffer.alloc(32, 1).toString("base64"),
      ...extra,
    })).inputs!;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => handler(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("a registration whose answer lacks the version fails create with the id, so the engine keeps it", async () => {
    handler = (req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(req.url === "/v1/webhooks/test" ? PASSED_TEST : { id: "wh_partial" }));
    };
    const p = await provider();
    const error = (await p.create(await inputs(p)).catch((e: unknown) => e)) as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };
    expect(seen).toEqual(["POST /v1/webhooks/test", "POST /v1/webhooks"]);
    expect(error.id).toBe("wh_partial");
    expect(error.message).toMatch(/^webhook wh_partial was registered, but the step did not finish: /);
    expect(error.reasons).toHaveLength(1);
    expect(error.properties).toMatchObject({
      name: "Scripted",
      signingSecret: { [SECRET_SIG_KEY]: expect.any(String) },
      webhookId: "wh_partial",
      runtimeUrl: url,
      lastTest: { success: true, statusCode: 200, durationMs: 12 },
    });
  });

  it("an update whose answer lacks the version fails with the id and the runtime, so state keeps them", async () => {
    handler = (_req, res) => res.end(JSON.stringify({ id: "wh_u" }));
    const p = await provider();
    const news = await inputs(p, { testBeforeApply: false });
    const error = (await p.update!("wh_u", { runtimeUrl: url, webhookId: "wh_u", version: 4 }, news).catch((e: unknown) => e)) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
    };
    expect(seen).toEqual(["PUT /v1/webhooks/wh_u"]);
    expect(error.id).toBe("wh_u");
    expect(error.properties).toMatchObject({ webhookId: "wh_u", runtimeUrl: url, name: "Scripted" });
  });

  it("a registration answer without an id fails create without an id (nothing to keep)", async () => {
    handler = (req, res) => res.end(req.url === "/v1/webhooks/test" ? JSON.stringify(PASSED_TEST) : "<html>proxy</html>");
    const p = await provider();
    const error = (await p.create(await inputs(p)).catch((e: unknown) => e)) as Error & { id?: string; code?: string };
    expect(error.code).toBe("RUNTIME_UNREACHABLE");
    expect(error.id).toBeUndefined();
    expect(error.message).toContain("a body that is not the webhooks API's");
  });

  it("a runtime that never answers fails the call at the provider's own deadline", async () => {
    handler = () => undefined; // never answers
    const p = await provider({ adminCallMs: 300 });
    await expect(p.read!("wh_x", {})).rejects.toMatchObject({
      code: "RUNTIME_UNREACHABLE",
      retryable: true,
      message: expect.stringContaining(`GET ${url}/v1/webhooks/wh_x: no answer in time`),
    });
  });

  it("an API error body keeps the runtime's code and path", async () => {
    handler = (_req, res) => {
      res.statusCode = 400;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ error: { code: "CONFIG_INVALID_URL", message: "url is wrong", path: "url" } }));
    };
    const p = await provider();
    await expect(p.create(await inputs(p, { testBeforeApply: false }))).rejects.toMatchObject({
      code: "CONFIG_INVALID_URL",
      path: "url",
      message: `POST ${url}/v1/webhooks → 400: url is wrong`,
    });
  });

  it("the admin token is sent as a bearer token and never appears in errors", async () => {
    let auth: string | undefined;
    handler = (req, res) => {
      auth = req.headers.authorization;
      res.statusCode = 500;
      res.end("boom");
    };
    const p = await provider();
    const error = (await p.delete!("wh_y", {}).catch((e: unknown) => e)) as Error & { code?: string };
    expect(auth).toBe("Bearer t0ken-value");
    expect(error.code).toBe("RUNTIME_UNREACHABLE");
    expect(error.message).not.toContain("t0ken-value");
  });
});
