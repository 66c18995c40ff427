// A lookup (`RequestWebhook.get`) as the engine sends it to Pulumi's dynamic-provider
// server: a ReadRequest whose properties hold only `__provider`. Against a real runtime
// process: a registration made through the API comes back complete (every field, the
// outputs, secrets as secret markers, `__provider` kept for later steps); an unknown id
// or one of the other kind fails with its code instead of an empty resource.
import * as pulumi from "@pulumi/pulumi";
import { requestWebhookProvider } from "../../../sdk/nodejs/provider";
import { SECRET_SIG_KEY, secretValue, startDynamicProviderServer, type DynamicProviderServer, type GrpcError } from "./dynamicProviderServer";
import { ADMIN_TOKEN, startWorld, type ProviderWorld } from "./providerFixture";

jest.setTimeout(60_000);

const BEARER = "lookup-bearer-secret-6d02";

describe("a lookup through the dynamic-provider gRPC server", () => {
  let world: ProviderWorld;
  let server: DynamicProviderServer;
  let code: string;

  beforeAll(async () => {
    world = await startWorld("provider-lookup-");
    code = (await pulumi.runtime.serializeFunction(() => requestWebhookProvider, { allowSecrets: true })).text;
    server = await startDynamicProviderServer();
    await server.configure({ "webhooks:runtimeUrl": world.runtime.url, "webhooks:runtimeToken": secretValue(ADMIN_TOKEN) });
  });
  afterAll(async () => {
    await server?.close();
    await world?.close();
  });

  it("reads a registration made through the API into complete state, the token a secret", async () => {
    const made = await world.admin("POST", "/v1/webhooks", {
      kind: "request",
      name: "looked up",
      url: "https://hooks.test/lookup",
      bodyTemplate: "{}",
      triggers: ["RequestGranted"],
      authentication: { type: "bearer", token: BEARER },
    });
    const id = (made.json as { id: string }).id;
    const read = await server.read(id, { __provider: code });
    expect(read.id).toBe(id);
    expect(read.properties).toMatchObject({
      __provider: code,
      webhookId: id,
      version: 1,
      runtimeUrl: world.runtime.url,
      name: "looked up",
      url: "https://hooks.test/lookup",
      triggers: ["RequestGranted"],
      authentication: { type: "bearer", token: { [SECRET_SIG_KEY]: expect.any(String), value: "****" } },
    });
    expect(JSON.stringify(read)).not.toContain(BEARER);
    expect(read.inputs).toMatchObject({ __provider: code, name: "looked up" });
    // Nothing was changed by the lookup.
    expect((await world.admin("GET", `/v1/webhooks/${id}`)).json).toMatchObject({ version: 1 });
  });

  it("fails an unknown id with API_NOT_FOUND, naming the id", async () => {
    const error = (await server.read("wh_unknown", { __provider: code }).catch((e: unknown) => e)) as GrpcError;
    expect(error.details).toBe(
      "no request webhook with id wh_unknown is registered with the provider's runtime (webhooks:runtimeUrl, or the Provider's runtimeUrl); GET /v1/webhooks lists the ids (API_NOT_FOUND)",
    );
  });

  it("fails an audit webhook's id with CONFIG_INVALID_KIND, naming the class to use", async () => {
    const made = await world.admin("POST", "/v1/webhooks", { kind: "audit", name: "an audit one", url: "https://hooks.test/a", bodyTemplate: "{}" });
    const id = (made.json as { id: string }).id;
    const error = (await server.read(id, { __provider: code }).catch((e: unknown) => e)) as GrpcError;
    expect(error.details).toBe(`webhook ${id} is not a request webhook; look it up with AuditWebhook.get (CONFIG_INVALID_KIND)`);
  });

  it("a refresh (state with a webhookId) of a deleted registration still answers gone", async () => {
    const read = await server.read("wh_gone", { __provider: code, webhookId: "wh_gone", runtimeUrl: world.runtime.url, name: "gone" });
    expect(read.id).toBe("");
  });
});
