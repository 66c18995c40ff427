// Issue 15: names claimed at check (duplicates fail preview, naming both
// resources), the resource label of a URN, and which token each call uses
// (the configured one for the configured runtime, the state's for a moved webhook).
import { managerOfUrn, parseManagedBy } from "../../../provider/model/managedBy";
import { NameClaims } from "../../../provider/resources/nameClaims";
import { MANAGED_BY_INPUT } from "../../../provider/resources/resourceState";
import { runtimeApiFor } from "../../../provider/resources/runtimeCredentials";
import { WebhookCore } from "../../../provider/resources/webhookCore";

const hook = (name: string, resource: string) => ({
  name,
  url: "https://hooks.test/in",
  bodyTemplate: '{"t": "{{event_type}}"}',
  triggers: ["RequestCreated"],
  [MANAGED_BY_INPUT]: { project: "shop", stack: "prod", resource },
});

describe("name claims at check", () => {
  const core = (claims: NameClaims) => {
    const c = new WebhookCore("request", { env: {}, claims });
    c.configure({ url: "http://127.0.0.1:8787", token: "t" });
    return c;
  };

  it("a second resource with the same name fails check on `name`, naming both resources and the runtime", () => {
    const claims = new NameClaims();
    expect(core(claims).check(hook("orders", "a")).failures).toEqual([]);
    const { failures } = core(claims).check(hook("orders", "b"));
    expect(failures).toEqual([
      {
        property: "name",
        reason:
          'name "orders" is used by two resources of this program: shop/prod resource "a" and shop/prod resource "b"; ' +
          "names are unique per runtime (http://127.0.0.1:8787), so give one of them another name (CONFIG_DUPLICATE_NAME)",
      },
    ]);
  });

  it("the same resource checked again (preview, then up) and another runtime are no clash; the label passes through to create", () => {
    const claims = new NameClaims();
    const first = core(claims).check(hook("orders", "a"));
    expect(core(claims).check(hook("orders", "a")).failures).toEqual([]);
    expect(first.inputs[MANAGED_BY_INPUT]).toEqual({ project: "shop", stack: "prod", resource: "a" });
    const other = new WebhookCore("audit", { env: {}, claims });
    other.configure({ url: "http://127.0.0.1:9999", token: "t" });
    const { triggers: _t, ...audit } = hook("orders", "b");
    expect(other.check(audit).failures).toEqual([]);
  });

  it("the native plugin's URN is the label; a name not known yet claims nothing", () => {
    const claims = new NameClaims();
    const { [MANAGED_BY_INPUT]: _m, ...plain } = hook("orders", "x");
    expect(core(claims).check(plain, { urn: "urn:pulumi:prod::shop::webhooks:index:RequestWebhook::a" }).failures).toEqual([]);
    expect(core(claims).check({ ...plain, name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, { urn: "urn:pulumi:prod::shop::webhooks:index:RequestWebhook::b" }).failures).toEqual([]);
    expect(core(claims).check(plain, { urn: "urn:pulumi:prod::shop::webhooks:index:RequestWebhook::b" }).failures[0].reason).toContain(
      'shop/prod resource "a" and shop/prod resource "b"',
    );
  });
});

describe("managedBy", () => {
  it("reads a URN's stack, project and resource name (a parent's type in the path is skipped)", () => {
    expect(managerOfUrn("urn:pulumi:dev::names::my:Component$webhooks:index:RequestWebhook::one")).toEqual({ project: "names", stack: "dev", resource: "one" });
    expect(managerOfUrn("not a urn")).toBeUndefined();
  });

  it("refuses a malformed label with CONFIG_INVALID_MANAGED_BY", () => {
    expect(() => parseManagedBy({ project: "p", stack: "" })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID_MANAGED_BY", path: "managedBy" }));
    expect(parseManagedBy(undefined)).toBeUndefined();
  });
});

describe("the token of each call", () => {
  const configured = { url: "http://b:8787", token: "token-b" };

  it("the configured runtime gets the configured token, even when state keeps an older one (rotation)", () => {
    expect(runtimeApiFor(configured, "http://b:8787", "old-token-b").token).toBe("token-b");
    expect(runtimeApiFor(configured).token).toBe("token-b");
  });

  it("a webhook of another runtime (the stack moved) is called there with the token its state keeps", () => {
    const api = runtimeApiFor(configured, "http://a:8787", "token-a");
    expect([api.url, api.token]).toEqual(["http://a:8787", "token-a"]);
    // State from an older provider keeps no token: the configured one is tried.
    expect(runtimeApiFor(configured, "http://a:8787").token).toBe("token-b");
  });
});
