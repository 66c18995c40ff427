// The native plugin's ResourceProvider service called directly (no engine) on
// real protobuf messages, against a real runtime process and a real HTTPS
// receiver: the same fixtures through the dynamic adapter and the native
// server give the same failures, replaces and outputs; plus what only the
// native side has (detailedDiff, import-safe Read, customTimeouts, functions).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pb, Struct, type StructMessage } from "../../../provider/native/grpcStubs";
import { serviceImplementation } from "../../../provider/native/providerServer";
import { WebhooksNativeProvider } from "../../../provider/native/webhooksProvider";
import { WebhookProvider } from "../../../provider/resources";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "../../../provider/resources/secretValues";
import { REPO_ROOT } from "../../support/runtimeProcess";
import schema from "../../../schema.json";
import { ADMIN_TOKEN, stackConfig, startWorld, type ProviderWorld } from "./providerFixture";

jest.setTimeout(60_000);

const BEARER = "native-bearer-token-3e8a";
const URN = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
const REQUEST = "webhooks:index:RequestWebhook";
const AUDIT = "webhooks:index:AuditWebhook";
const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

type Props = Record<string, unknown>;
type Message = { [k: string]: (...a: never[]) => unknown };
type Service = Record<string, (call: { request: unknown }, cb: (e: unknown, r?: unknown) => void) => void>;

const struct = (v: Props): StructMessage => Struct.fromJavaScript(JSON.parse(JSON.stringify(v)) as Props);
const plain = (m: unknown): Props => (m === undefined ? {} : (m as StructMessage).toJavaScript());

function requestArgs(name: string, path: string, extra: Props = {}): Props {
  return {
    name,
    url: `https://hooks.test${path}`,
    triggers: ["RequestCreated"],
    bodyTemplate: '{"type": "{{event_type}}"}',
    authentication: { type: "bearer", token: BEARER },
    timeoutSeconds: 5,
    ...extra,
  };
}

describe("native ResourceProvider service", () => {
  let world: ProviderWorld;
  let service: Service;
  let dynamic: WebhookProvider;

  /** One RPC through the service object, as grpc-js would call it. */
  const rpc = (method: string, request: unknown): Promise<Message> =>
    new Promise((resolve, reject) => service[method]({ request }, (e, r) => (e === null ? resolve(r as Message) : reject(e))));
  const req = <T extends object>(Ctor: new () => T, set: (m: T) => void): T => {
    const m = new Ctor();
    set(m);
    return m;
  };
  const check = async (type: string, news: Props) => {
    const r = await rpc("check", req(pb.CheckRequest, (m) => (m.setUrn(URN(type, "x")), m.setNews(struct(news) as never), m.setOlds(struct({}) as never))));
    const failures = (r.getFailuresList() as Array<{ getProperty(): string; getReason(): string }>).map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    return { inputs: plain(r.getInputs()), failures };
  };
  const create = async (type: string, props: Props, timeout = 0) => {
    const r = await rpc("create", req(pb.CreateRequest, (m) => (m.setUrn(URN(type, "x")), m.setProperties(struct(props) as never), m.setTimeout(timeout))));
    return { id: r.getId() as string, outs: plain(r.getProperties()) };
  };
  const invoke = async (tok: string, args: Props) => plain((await rpc("invoke", req(pb.InvokeRequest, (m) => (m.setTok(tok), m.setArgs(struct(args) as never))))).getReturn());

  beforeAll(async () => {
    world = await startWorld("native-server-");
    world.rx.respondWith((r) => (r.url.startsWith("/slow") ? { status: 200, delayMs: 3000 } : { status: 200 }));
    service = serviceImplementation(new WebhooksNativeProvider({ env: {} })) as unknown as Service;
    const variables = req(pb.ConfigureRequest, (m) => {
      m.getVariablesMap().set("webhooks:runtimeUrl", world.runtime.url);
      m.getVariablesMap().set("webhooks:runtimeToken", ADMIN_TOKEN);
    });
    const configured = await rpc("configure", variables);
    expect(configured.getAcceptsecrets()).toBe(true);
    dynamic = new WebhookProvider("request", { env: {} });
    await dynamic.configure(stackConfig({ "webhooks:runtimeUrl": world.runtime.url, "webhooks:runtimeToken": ADMIN_TOKEN }));
  });
  afterAll(async () => {
    await world?.close();
  });

  it("GetSchema answers schema.json byte for byte; GetPluginInfo the version package.json and schema.json share", async () => {
    const text = readFileSync(join(REPO_ROOT, "schema.json"), "utf8");
    expect((await rpc("getSchema", new pb.GetSchemaRequest())).getSchema()).toBe(text);
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    expect((JSON.parse(text) as { version: string }).version).toBe(version);
    expect((await rpc("getPluginInfo", {})).getVersion()).toBe(version);
  });

  it.each([
    ["valid", requestArgs("ok", "/ok")],
    ["http url", requestArgs("bad", "/x", { url: "http://hooks.test/x" })],
    ["unknown field", requestArgs("bad", "/x", { colour: "red" })],
    ["missing name", { url: "https://hooks.test/x", triggers: ["RequestCreated"], bodyTemplate: "{}" }],
    ["bad template", requestArgs("bad", "/x", { bodyTemplate: '{"a": {{data.nope}}' })],
    ["secret in a failing field", requestArgs("bad", "/x", { authentication: { type: "bearer" } })],
    ["unknown values in preview", requestArgs(UNKNOWN, "/x", { bodyTemplate: UNKNOWN })],
  ])("Check gives the dynamic adapter's inputs and failures: %s", async (_label, args) => {
    const fromDynamic = await dynamic.check({}, args);
    expect(await check(REQUEST, args)).toEqual({ inputs: fromDynamic.inputs, failures: fromDynamic.failures ?? [] });
  });

  it("Diff: the dynamic adapter's changes and replaces, plus a property-level detailedDiff", async () => {
    const olds = { ...(await dynamic.check({}, requestArgs("d", "/d"))).inputs, webhookId: "wh_1", version: 1, runtimeUrl: world.runtime.url };
    const news = (await dynamic.check({}, requestArgs("d", "/d", { bodyTemplate: '{"v": 2}', timeoutSeconds: undefined, active: false, filters: { integrations: ["postgres-prod"] } }))).inputs;
    const diff = async (o: Props) =>
      rpc("diff", req(pb.DiffRequest, (m) => (m.setUrn(URN(REQUEST, "d")), m.setId("wh_1"), m.setOlds(struct(o) as never), m.setNews(struct(news) as never))));
    const d = await diff(olds);
    expect(d.getChanges()).toBe(pb.DiffResponse.DiffChanges.DIFF_SOME);
    expect(d.getReplacesList()).toEqual((await dynamic.diff("wh_1", olds, news)).replaces);
    expect(d.getHasdetaileddiff()).toBe(true);
    const detailed = (m: Message): Record<string, number> => {
      const out: Record<string, number> = {};
      (m.getDetaileddiffMap() as unknown as { forEach(f: (v: { getKind(): number }, k: string) => void): void }).forEach((v, k) => (out[k] = v.getKind()));
      return out;
    };
    expect(detailed(d)).toEqual({
      bodyTemplate: pb.PropertyDiff.Kind.UPDATE,
      timeoutSeconds: pb.PropertyDiff.Kind.UPDATE,
      active: pb.PropertyDiff.Kind.UPDATE,
      filters: pb.PropertyDiff.Kind.ADD,
    });

    // State from another runtime: a new registration here, the old one deleted first (same name).
    const moved = { ...olds, runtimeUrl: "http://127.0.0.1:1" };
    const m = await diff(moved);
    const fromDynamic = await dynamic.diff("wh_1", moved, news);
    expect({ replaces: m.getReplacesList(), deleteBeforeReplace: m.getDeletebeforereplace() }).toEqual({
      replaces: fromDynamic.replaces,
      deleteBeforeReplace: fromDynamic.deleteBeforeReplace,
    });
    expect(detailed(m).runtimeUrl).toBe(pb.PropertyDiff.Kind.UPDATE_REPLACE);
  });

  it("Create gives the outputs the dynamic adapter gives, secrets wrapped; Read of an import (no properties) returns masked secrets as secrets", async () => {
    const native = await create(REQUEST, (await check(REQUEST, requestArgs("native one", "/n1"))).inputs);
    const viaDynamic = await dynamic.create((await dynamic.check({}, requestArgs("dynamic one", "/d1"))).inputs as Props);
    // Fingerprints are bound to the webhook id, so two registrations differ in their values, not in their keys.
    const fingerprintKeys = (o: Props) => Object.fromEntries(Object.keys((o.secretFingerprints as Props | undefined) ?? {}).map((k) => [k, "-"]));
    const shape = (o: Props) => ({ ...o, name: "-", url: "-", webhookId: "-", secretFingerprints: fingerprintKeys(o), lastTest: { ...(o.lastTest as Props), durationMs: 0, testedAt: "-" } });
    expect(shape(native.outs)).toEqual(shape(viaDynamic.outs as Props));
    expect((native.outs.authentication as Props).token).toEqual(secret(BEARER));

    const read = await rpc("read", req(pb.ReadRequest, (m) => (m.setUrn(URN(REQUEST, "imp")), m.setId(native.id))));
    expect(read.getId()).toBe(native.id);
    const inputs = plain(read.getInputs());
    expect(inputs).toMatchObject({ name: "native one", url: "https://hooks.test/n1", authentication: { type: "bearer", token: secret("****") } });
    expect(plain(read.getProperties())).toMatchObject({ webhookId: native.id, version: 1, runtimeUrl: world.runtime.url });

    await rpc("delete", req(pb.DeleteRequest, (m) => (m.setUrn(URN(REQUEST, "x")), m.setId(native.id), m.setProperties(struct(native.outs) as never))));
    await dynamic.delete(viaDynamic.id, viaDynamic.outs as Props);
    expect(await world.registeredNames()).toEqual([]);

    // Refresh of a webhook deleted outside Pulumi: id "" (the engine drops it). Import or `.get` of an unknown id: an error naming it.
    const refreshed = await rpc("read", req(pb.ReadRequest, (m) => (m.setUrn(URN(REQUEST, "x")), m.setId(native.id), m.setProperties(struct(native.outs) as never))));
    expect(refreshed.getId()).toBe("");
    await expect(rpc("read", req(pb.ReadRequest, (m) => (m.setUrn(URN(REQUEST, "imp")), m.setId(native.id))))).rejects.toMatchObject({
      message: expect.stringContaining(`no webhook with id ${native.id} is registered with the configured runtime`),
    });
  });

  it("customTimeouts bound the step: a 1 s create timeout stops a Test invocation the target answers in 3 s", async () => {
    const inputs = (await check(AUDIT, { name: "slow", url: "https://hooks.test/slow", bodyTemplate: "{}", timeoutSeconds: 10 })).inputs;
    await expect(create(AUDIT, inputs, 1)).rejects.toMatchObject({ message: expect.stringContaining("the step's overall deadline passed") });
    expect(await world.registeredNames()).toEqual([]);
    // Without one, the core's own deadline (the target's timeoutSeconds plus overheads) lets it finish.
    const done = await create(AUDIT, inputs);
    expect(done.id).toMatch(/^wh_/);
    await rpc("delete", req(pb.DeleteRequest, (m) => (m.setUrn(URN(AUDIT, "x")), m.setId(done.id), m.setProperties(struct(done.outs) as never))));
  });

  it("getWebhook finds a registration by id or by name, secrets masked; an unknown name is an error that says so", async () => {
    const made = await create(REQUEST, (await check(REQUEST, requestArgs("looked up", "/l"))).inputs);
    const byName = await invoke("webhooks:index:getWebhook", { name: "looked up" });
    expect(byName).toMatchObject({ id: made.id, kind: "request", name: "looked up", version: 1 });
    expect((byName.registration as { authentication: Props }).authentication.token).toBe("****");
    expect(JSON.stringify(byName)).not.toContain(BEARER);
    expect(await invoke("webhooks:index:getWebhook", { id: made.id })).toEqual(byName);
    expect(Object.keys(byName).sort()).toEqual(Object.keys(schema.functions["webhooks:index:getWebhook"].outputs.properties).sort());
    await expect(invoke("webhooks:index:getWebhook", { name: "nobody" })).rejects.toMatchObject({
      message: expect.stringContaining('no webhook with name "nobody" in the configured runtime'),
    });
    await expect(invoke("webhooks:index:getWebhook", {})).rejects.toMatchObject({ message: "getWebhook needs exactly one of id or name (CONFIG_REQUIRED)" });
    await rpc("delete", req(pb.DeleteRequest, (m) => (m.setUrn(URN(REQUEST, "x")), m.setId(made.id), m.setProperties(struct(made.outs) as never))));
  });

  it("testWebhook runs the Test invocation of a config (trigger's mock event), registers nothing, returns the record", async () => {
    world.rx.requests.length = 0;
    const out = await invoke("webhooks:index:testWebhook", { kind: "request", config: requestArgs("tried", "/try"), trigger: "RequestGranted" });
    expect(out).toMatchObject({ result: "success", success: true, statusCode: 200, record: { isTest: true, eventType: "RequestGranted" } });
    expect(world.rx.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([{ type: "RequestGranted" }]);
    expect(JSON.stringify(out)).not.toContain(BEARER);
    expect(await world.registeredNames()).toEqual([]);
    const declared = Object.keys(schema.functions["webhooks:index:testWebhook"].outputs.properties);
    expect(Object.keys(out).filter((k) => !declared.includes(k))).toEqual([]);
  });

  it("an explicit provider's inputs (Configure args) win over the stack config; CheckConfig makes its token a secret", async () => {
    const cc = await rpc("checkConfig", req(pb.CheckRequest, (m) => m.setNews(struct({ runtimeUrl: "ftp://x", runtimeToken: "t0k" }) as never)));
    expect(plain(cc.getInputs()).runtimeToken).toEqual(secret("t0k"));
    expect((cc.getFailuresList() as Array<{ getProperty(): string }>).map((f) => f.getProperty())).toEqual(["runtimeUrl"]);
    const other = serviceImplementation(new WebhooksNativeProvider({ env: {} })) as unknown as Service;
    const configure = req(pb.ConfigureRequest, (m) => {
      m.getVariablesMap().set("webhooks:runtimeUrl", "http://127.0.0.1:1");
      m.setArgs(struct({ runtimeUrl: world.runtime.url, runtimeToken: secret(ADMIN_TOKEN) }) as never);
    });
    await new Promise((resolve, reject) => other.configure({ request: configure }, (e, r) => (e === null ? resolve(r) : reject(e))));
    const listed = await new Promise<Message>((resolve, reject) =>
      other.invoke({ request: req(pb.InvokeRequest, (m) => (m.setTok("webhooks:index:getWebhook"), m.setArgs(struct({ name: "nobody" }) as never))) }, (e, r) =>
        e === null ? resolve(r as Message) : reject(e),
      ),
    ).catch((e: { message: string }) => e.message);
    // It reached the runtime of the args (which has no such webhook), not the stack config's dead address.
    expect(listed).toContain('no webhook with name "nobody"');
  });
});
