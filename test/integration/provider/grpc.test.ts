// The whole resource lifecycle through Pulumi's own dynamic-provider server,
// driven over gRPC the way the engine drives it, against a real runtime process
// and a real HTTPS receiver: configure, check, diff, create, update, read
// (drift), delete. Every response struct is searched for a secret in plaintext
// outside a secret marker.
import * as pulumi from "@pulumi/pulumi";
import { requestWebhookProvider } from "../../../sdk/nodejs/provider";
import {
  SECRET_SIG_KEY,
  secretValue,
  startDynamicProviderServer,
  withoutSecretMarkers,
  type DynamicProviderServer,
  type GrpcError,
} from "./dynamicProviderServer";
import { ADMIN_TOKEN, startWorld, type ProviderWorld } from "./providerFixture";

jest.setTimeout(60_000);

const SECRETS = {
  header: "grpc-header-secret-3b9e",
  bearer: "grpc-bearer-secret-a41c",
  signing: "whsec_" + Buffer.alloc(32, 5).toString("base64"),
};
const DIFF_NONE = 1;
const DIFF_SOME = 2;

/** Paths where a secret value sits outside a secret marker. */
function plaintextSecrets(value: unknown, path = ""): string[] {
  if (typeof value === "string") return Object.values(SECRETS).some((s) => value.includes(s)) || value.includes(ADMIN_TOKEN) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plaintextSecrets(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) {
    if (SECRET_SIG_KEY in value) return [];
    return Object.entries(value).flatMap(([k, v]) => plaintextSecrets(v, path === "" ? k : `${path}.${k}`));
  }
  return [];
}

describe("the dynamic-provider gRPC server with a real runtime", () => {
  let world: ProviderWorld;
  let server: DynamicProviderServer;
  let code: string;
  const responses: unknown[] = [];
  const seen = <T>(r: T): T => {
    responses.push(r);
    return r;
  };

  const args = (extra: Record<string, unknown> = {}) => ({
    __provider: code,
    name: "Over gRPC",
    url: "https://hooks.test:443/grpc",
    triggers: ["RequestCreated"],
    bodyTemplate: '{"id": "{{data.id}}", "who": "{{data.requester.email}}"}',
    headers: { "X-Api-Key": SECRETS.header },
    authentication: { type: "bearer", token: SECRETS.bearer },
    signingSecret: SECRETS.signing,
    timeoutSeconds: 5,
    ...extra,
  });
  const registeredNames = () => world.registeredNames();

  beforeAll(async () => {
    world = await startWorld("provider-grpc-");
    code = (await pulumi.runtime.serializeFunction(() => requestWebhookProvider, { allowSecrets: true })).text;
    server = await startDynamicProviderServer();
    // The engine passes the whole stack config, namespaces kept, secrets as secret values.
    const configured = await server.configure({ "webhooks:runtimeUrl": world.runtime.url, "webhooks:runtimeToken": secretValue(ADMIN_TOKEN) });
    expect(configured.acceptSecrets).toBe(false);
  });
  afterAll(async () => {
    await server?.close();
    await world?.close();
  });
  afterEach(() => {
    // The invariant of every step: no secret in plaintext in anything the provider answered.
    for (const r of responses.splice(0)) expect(plaintextSecrets(r)).toEqual([]);
  });

  it("check returns failures with the property path and code for bad input", async () => {
    const r = seen(await server.check({}, args({ url: "http://hooks.test/x", timeoutSeconds: 0, headers: { Host: SECRETS.header } })));
    expect(r.failures).toEqual([
      { property: "url", reason: "url uses http:; only https:// is allowed, so change the scheme to https (CONFIG_INVALID_URL)" },
      { property: "", reason: expect.stringMatching(/^headers\.Host: header "Host" cannot be set.*\(CONFIG_FORBIDDEN_HEADER\)$/) },
      { property: "timeoutSeconds", reason: "timeoutSeconds is 0; it must be a whole number of seconds from 1 to 60 (CONFIG_INVALID_TIMEOUT)" },
    ]);
  });

  it("check accepts values not known yet and normalises the rest", async () => {
    const r = seen(await server.check({}, args({ url: pulumi.runtime.unknownValue, name: pulumi.runtime.unknownValue })));
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({ url: pulumi.runtime.unknownValue, method: "POST", active: true, __provider: code });
  });

  it("a failed Test invocation fails create and registers nothing", async () => {
    world.rx.reply({ status: 500, body: "receiver exploded" });
    const checked = seen(await server.check({}, args({ name: "Fails over gRPC" })));
    const error = (await server.create(withoutSecretMarkers(checked.inputs)).catch((e: unknown) => e)) as GrpcError;
    expect(error.details).toMatch(/^webhook "Fails over gRPC": Test invocation failed: HTTP_STATUS: /);
    expect(error.details).toContain("POST https://hooks.test/grpc → 500 (");
    expect(error.details).toContain("  receiver exploded");
    expect(error.metadata.get("grpc-status-details-bin")).toEqual([]);
    expect(plaintextSecrets(error.details)).toEqual([]);
    expect(await registeredNames()).not.toContain("Fails over gRPC");
  });

  it("create, diff, update, read with drift, and delete", async () => {
    // check → create, as the engine does (state is stored secret-marked; the provider gets plaintext back).
    world.rx.requests.length = 0;
    const checked = seen(await server.check({}, args()));
    expect(checked.failures).toEqual([]);
    const created = seen(await server.create(withoutSecretMarkers(checked.inputs)));
    expect(created.id).toMatch(/^wh_/);
    expect(world.rx.requests).toHaveLength(1);
    expect(created.properties).toMatchObject({
      __provider: code,
      webhookId: created.id,
      version: 1,
      url: "https://hooks.test/grpc",
      runtimeUrl: world.runtime.url,
      headers: { "X-Api-Key": secretValue(SECRETS.header) },
      authentication: { type: "bearer", token: secretValue(SECRETS.bearer) },
      signingSecret: secretValue(SECRETS.signing),
      lastTest: { success: true, statusCode: 200 },
    });
    let state = withoutSecretMarkers(created.properties);

    // The same program again, with new provider code: no change.
    const again = seen(await server.check(state, { ...args(), __provider: `${code}\n// new build` }));
    expect((await server.diff(created.id, state, withoutSecretMarkers(again.inputs))).changes).toBe(DIFF_NONE);

    // A real change: update registers version 2 after a new Test invocation.
    const changed = seen(await server.check(state, args({ active: false, headers: { "X-Api-Key": SECRETS.header, "X-Extra": "1" } })));
    const news = withoutSecretMarkers(changed.inputs);
    expect(await server.diff(created.id, state, news)).toEqual({ changes: DIFF_SOME, replaces: [], deleteBeforeReplace: false });
    const updated = seen(await server.update(created.id, state, news));
    expect(updated.properties).toMatchObject({ version: 2, active: false, headers: { "X-Extra": secretValue("1") } });
    expect(world.rx.requests).toHaveLength(2);
    state = withoutSecretMarkers(updated.properties);

    // Refresh with nothing changed: same state, secrets restored from state, no drift.
    const fresh = seen(await server.read(created.id, state));
    expect(withoutSecretMarkers(fresh.properties)).toEqual(state);
    expect((await server.diff(created.id, withoutSecretMarkers(fresh.properties), news)).changes).toBe(DIFF_NONE);

    // Someone re-activates it and renames it outside Pulumi: refresh shows it, and diff wants it back.
    const { __provider: _p, ...body } = { ...args(), active: true, name: "Renamed by hand" };
    expect((await world.admin("PUT", `/v1/webhooks/${created.id}`, body)).status).toBe(200);
    const drifted = seen(await server.read(created.id, state));
    expect(drifted.properties).toMatchObject({ version: 3, active: true, name: "Renamed by hand", headers: { "X-Api-Key": secretValue(SECRETS.header) } });
    expect(drifted.inputs).toMatchObject({ active: true, name: "Renamed by hand", __provider: code });
    expect((drifted.inputs as Record<string, unknown>).webhookId).toBeUndefined();
    expect((await server.diff(created.id, withoutSecretMarkers(drifted.properties), news)).changes).toBe(DIFF_SOME);

    // Delete, then a refresh finds it gone; a second delete is fine.
    await server.delete(created.id, state);
    expect((await world.admin("GET", `/v1/webhooks/${created.id}`)).status).toBe(404);
    expect((seen(await server.read(created.id, state))).id).toBe("");
    await expect(server.delete(created.id, state)).resolves.toBeUndefined();
  });

  it("a missing runtime config fails create with a message naming the config keys and variables", async () => {
    const bare = await startDynamicProviderServer();
    try {
      await bare.configure({});
      const checked = await bare.check({}, args({ name: "No config" }));
      expect(checked.failures).toEqual([]);
      const error = (await bare.create(withoutSecretMarkers(checked.inputs)).catch((e: unknown) => e)) as GrpcError;
      for (const name of ["webhooks:runtimeUrl", "webhooks:runtimeToken", "WEBHOOKS_RUNTIME_URL", "WEBHOOKS_RUNTIME_TOKEN"]) expect(error.details).toContain(name);
    } finally {
      await bare.close();
    }
  });
});
