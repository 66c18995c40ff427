// The provider's methods called directly against a real runtime process and a
// real HTTPS receiver: the Test invocation, register, update, read (drift and
// deletion out of band) and delete, with the exact outputs users see in state.
import { WebhookProvider, type LastTest } from "../../../provider/resources";
import { isSecretEnvelope, SECRET_SIG, SECRET_SIG_KEY } from "../../../provider/resources/secretValues";
import { ADMIN_TOKEN, stackConfig, startWorld, type ProviderWorld } from "./providerFixture";

jest.setTimeout(60_000);

const HEADER_SECRET = "hdr-secret-value-7f3a";
const QUERY_SECRET = "query-key-91bc";
const BEARER = "bearer-token-55d1";

const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

function requestArgs(name: string, path: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    url: `https://hooks.test:443${path}?key=${QUERY_SECRET}`,
    triggers: ["RequestCreated", "RequestGranted"],
    bodyTemplate: '{"id": "{{data.id}}", "type": "{{event_type}}"}',
    headers: { "X-Api-Key": HEADER_SECRET },
    authentication: { type: "bearer", token: BEARER },
    timeoutSeconds: 5,
    ...extra,
  };
}

describe("provider methods against a real runtime", () => {
  let world: ProviderWorld;
  let provider: WebhookProvider;

  /** check() first, as the engine does: create/update get the normalised inputs. */
  const checked = async (args: Record<string, unknown>) => {
    const r = await provider.check({}, args);
    expect(r.failures).toBeUndefined();
    return r.inputs as Record<string, unknown>;
  };
  const names = () => world.registeredNames();

  beforeAll(async () => {
    world = await startWorld("provider-crud-");
    provider = new WebhookProvider("request", { env: {} });
    await provider.configure(stackConfig({ "webhooks:runtimeUrl": world.runtime.url, "webhooks:runtimeToken": ADMIN_TOKEN }));
  });
  afterAll(async () => {
    await world?.close();
  });

  it("create runs the Test invocation, registers, and returns the outputs with secrets wrapped", async () => {
    world.rx.requests.length = 0;
    world.rx.reply({ status: 202, body: '{"accepted":true}' });
    const inputs = await checked(requestArgs("Create one", "/create"));
    const result = await provider.create(inputs);

    expect(result.id).toMatch(/^wh_/);
    expect(world.rx.requests).toHaveLength(1);
    expect(world.rx.requests[0]).toMatchObject({ method: "POST", url: `/create?key=${QUERY_SECRET}` });
    expect(world.rx.requests[0].headers).toMatchObject({ "x-api-key": HEADER_SECRET, authorization: `Bearer ${BEARER}` });
    expect(JSON.parse(world.rx.requests[0].body)).toMatchObject({ type: "RequestCreated" });

    const outs = result.outs as Record<string, unknown> & { lastTest: LastTest };
    expect(outs).toMatchObject({
      webhookId: result.id,
      version: 1,
      runtimeUrl: world.runtime.url,
      name: "Create one",
      // A URL with a query value carries a credential: a secret output (issue 15 item 3).
      url: secret(`https://hooks.test/create?key=${QUERY_SECRET}`),
      active: true,
      method: "POST",
      headers: { "X-Api-Key": secret(HEADER_SECRET) },
      authentication: { type: "bearer", token: secret(BEARER) },
      lastTest: { success: true, statusCode: 202 },
    });
    expect(outs.lastTest.errorCode).toBeUndefined();
    expect(typeof outs.lastTest.durationMs).toBe("number");
    expect(Number.isNaN(Date.parse(outs.lastTest.testedAt))).toBe(false);

    const got = await world.admin("GET", `/v1/webhooks/${result.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ name: "Create one", kind: "request", version: 1, headers: { "X-Api-Key": "****" } });
  });

  it("a failed Test invocation fails create with a message a person can act on, and registers nothing", async () => {
    world.rx.reply({ status: 503, body: "upstream is down\nretry later\nline 3" });
    const inputs = await checked(requestArgs("Failing target", "/fail"));
    const error = await provider.create(inputs).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error).toBeDefined();
    expect(error!.code).toBe("HTTP_STATUS");
    const lines = error!.message.split("\n");
    expect(lines[0]).toMatch(/^webhook "Failing target": Test invocation failed: HTTP_STATUS: /);
    expect(lines[1]).toMatch(/^POST https:\/\/hooks\.test\/fail\?key=\*\*\*\* → 503 \(\d+ ms\)$/);
    expect(lines).toEqual(expect.arrayContaining(["Response body (first lines):", "  upstream is down", "  retry later"]));
    expect(error!.message).toContain("Nothing was registered.");
    expect(error!.message).toContain("testBeforeApply: false");
    for (const s of [QUERY_SECRET, HEADER_SECRET, BEARER]) expect(error!.message).not.toContain(s);
    expect(await names()).not.toContain("Failing target");
  });

  it("testBeforeApply: false registers without calling the target", async () => {
    world.rx.requests.length = 0;
    const result = await provider.create(await checked(requestArgs("No test", "/later", { testBeforeApply: false })));
    expect(world.rx.requests).toHaveLength(0);
    expect(result.outs).toMatchObject({ version: 1, testBeforeApply: false });
    expect((result.outs as Record<string, unknown>).lastTest).toBeUndefined();
    expect(await names()).toContain("No test");
  });

  it("a name already registered fails create with API_NAME_TAKEN", async () => {
    await provider.create(await checked(requestArgs("Taken name", "/a", { testBeforeApply: false })));
    await expect(provider.create(await checked(requestArgs("Taken name", "/b", { testBeforeApply: false })))).rejects.toMatchObject({
      code: "API_NAME_TAKEN",
    });
  });

  it("update tests the new config and registers a new version; diff saw the change", async () => {
    const created = await provider.create(await checked(requestArgs("Updated", "/v1", { testBeforeApply: false })));
    const olds = created.outs as Record<string, unknown>;
    world.rx.requests.length = 0;
    const news = await checked(requestArgs("Updated", "/v2", { active: false }));
    expect(await provider.diff(created.id, olds, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    const updated = await provider.update!(created.id, olds, news);
    expect(world.rx.requests).toHaveLength(1);
    expect(world.rx.requests[0].url).toBe(`/v2?key=${QUERY_SECRET}`);
    expect(updated.outs).toMatchObject({ webhookId: created.id, version: 2, active: false, lastTest: { success: true, statusCode: 200 } });
    const got = await world.admin("GET", `/v1/webhooks/${created.id}`);
    expect(got.json).toMatchObject({ version: 2, active: false, url: "https://hooks.test/v2?key=****" });
  });

  it("a failed Test invocation fails update and leaves the registered version as it was", async () => {
    const created = await provider.create(await checked(requestArgs("Update fails", "/ok", { testBeforeApply: false })));
    world.rx.reply({ status: 400, body: '{"error":"bad payload"}' });
    const news = await checked(requestArgs("Update fails", "/broken"));
    await expect(provider.update!(created.id, created.outs, news)).rejects.toMatchObject({ code: "HTTP_STATUS" });
    const got = await world.admin("GET", `/v1/webhooks/${created.id}`);
    expect(got.json).toMatchObject({ version: 1, url: "https://hooks.test/ok?key=****" });
  });

  it("read restores masked secrets from state, shows drift made outside Pulumi, and diff reports it", async () => {
    const args = requestArgs("Drifting", "/drift", { testBeforeApply: false, signingSecret: "whsec_" + Buffer.alloc(32, 7).toString("base64") });
    const inputs = await checked(args);
    const created = await provider.create(inputs);
    const state = created.outs as Record<string, unknown>;

    const unchanged = await provider.read!(created.id, state);
    expect(unchanged.id).toBe(created.id);
    expect(unchanged.props).toEqual(state);
    expect(unchanged.inputs).toEqual(inputs);
    expect(await provider.diff(created.id, unchanged.props!, inputs)).toMatchObject({ changes: false });

    // Someone deactivates it and points it elsewhere, straight through the API.
    const put = await world.admin("PUT", `/v1/webhooks/${created.id}`, { ...args, active: false, url: "https://hooks.test/elsewhere" });
    expect(put.status).toBe(200);
    const drifted = await provider.read!(created.id, state);
    expect(drifted.props).toMatchObject({
      version: 2,
      active: false,
      url: "https://hooks.test/elsewhere",
      headers: { "X-Api-Key": secret(HEADER_SECRET) },
      signingSecret: secret(args.signingSecret),
    });
    expect(JSON.stringify(drifted)).not.toContain("****");
    expect(await provider.diff(created.id, drifted.props!, inputs)).toMatchObject({ changes: true, replaces: [] });
  });

  it("read of a registration deleted outside Pulumi returns an empty id; delete is fine when already gone", async () => {
    const created = await provider.create(await checked(requestArgs("Deleted", "/gone", { testBeforeApply: false })));
    await provider.delete!(created.id, created.outs);
    expect((await world.admin("GET", `/v1/webhooks/${created.id}`)).status).toBe(404);
    expect(await provider.read!(created.id, created.outs)).toEqual({ id: "" });
    await expect(provider.delete!(created.id, created.outs)).resolves.toBeUndefined();
  });

  it("an update of a registration deleted outside Pulumi says to refresh", async () => {
    const created = await provider.create(await checked(requestArgs("Vanished", "/v", { testBeforeApply: false })));
    await world.admin("DELETE", `/v1/webhooks/${created.id}`);
    const news = await checked(requestArgs("Vanished", "/v", { testBeforeApply: false, active: false }));
    await expect(provider.update!(created.id, created.outs, news)).rejects.toMatchObject({
      code: "API_NOT_FOUND",
      message: expect.stringContaining("run pulumi refresh"),
    });
  });

  it("a wrong admin token fails with API_UNAUTHORIZED naming the config key", async () => {
    const other = new WebhookProvider("request", { env: {} });
    await other.configure(stackConfig({ "webhooks:runtimeUrl": world.runtime.url, "webhooks:runtimeToken": "not-the-token" }));
    const error = await other.create(await checked(requestArgs("Unauthorized", "/u"))).catch((e: unknown) => e as Error & { code: string });
    expect(error).toMatchObject({ code: "API_UNAUTHORIZED" });
    expect((error as Error).message).toContain("webhooks:runtimeToken");
    expect((error as Error).message).not.toContain("not-the-token");
  });

  it("the environment supplies the runtime when the stack config does not", async () => {
    const fromEnv = new WebhookProvider("audit", { env: { WEBHOOKS_RUNTIME_URL: `${world.runtime.url}/`, WEBHOOKS_RUNTIME_TOKEN: ADMIN_TOKEN } });
    await fromEnv.configure(stackConfig({}));
    const inputs = (await fromEnv.check({}, { name: "From env", url: "https://hooks.test/audit", bodyTemplate: '{"a": "{{data.action}}"}' })).inputs!;
    const result = await fromEnv.create(inputs);
    expect(result.outs).toMatchObject({ runtimeUrl: world.runtime.url, version: 1 });
    expect((await world.admin("GET", `/v1/webhooks/${result.id}`)).json).toMatchObject({ kind: "audit", name: "From env" });
    expect(isSecretEnvelope((result.outs as Record<string, unknown>).url)).toBe(false);
  });
});
