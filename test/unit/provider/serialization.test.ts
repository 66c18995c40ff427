// What a Pulumi program hands the engine: the serialized provider (`__provider`,
// stored in state) is small, loads the implementation by package name and
// carries no secret; secret inputs reach the engine marked secret even when the
// program passes plain strings; the type tokens are the documented ones.
import * as pulumi from "@pulumi/pulumi";
import { auditWebhookProvider, requestWebhookProvider } from "../../../sdk/nodejs/provider";

const SECRETS = {
  header: "hdr-9c1d-plain-string",
  bearer: "bearer-5e2a-plain-string",
  clientSecret: "client-secret-88b0",
  signing: "whsec_" + Buffer.alloc(32, 9).toString("base64"),
  runtimeToken: "runtime-admin-token-41f7",
};

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const isSecretValue = (v: unknown) => typeof v === "object" && v !== null && SECRET_SIG_KEY in v;

describe("the serialized providers", () => {
  it.each([
    ["audit", auditWebhookProvider],
    ["request", requestWebhookProvider],
  ])("the %s provider serializes to a small module that requires the implementation by name", async (kind, provider) => {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(sf.containsSecrets).toBe(false);
    expect(sf.text.length).toBeLessThan(2500);
    expect(sf.text).toContain('require("pulumi-webhooks/provider/resources").providerFor(kind)');
    expect(sf.text).toContain(`kind: "${kind}"`);
    for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"]) expect(sf.text).toContain(`${m}: __f`);
    // Nothing of the implementation or its libraries is inlined.
    for (const s of ["zod", "handlebars", "undici", "fetch(", "webhooks:runtimeToken"]) expect(sf.text).not.toContain(s);
  });
});

describe("a program under mocks", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args);
          return { id: `wh_${registered.length}`, state: { ...args.inputs, webhookId: `wh_${registered.length}`, version: 1 } };
        },
        call: () => ({}),
      },
      "webhooks-test",
      "dev",
      false,
    );
    pulumi.runtime.setAllConfig(
      { "webhooks:runtimeUrl": "http://127.0.0.1:8787", "webhooks:runtimeToken": SECRETS.runtimeToken },
      ["webhooks:runtimeToken"],
    );

    const { AuditWebhook, RequestWebhook } = await import("../../../sdk/nodejs");
    const cfg = new pulumi.Config("webhooks");
    const made: pulumi.CustomResource[] = [];
    made.push(new AuditWebhook("audit", {
      name: "Audit to SIEM",
      url: "https://siem.example.com/in",
      bodyTemplate: '{"a": "{{data.action}}"}',
      headers: { "X-Api-Key": SECRETS.header },
      signingSecret: SECRETS.signing,
    }));
    made.push(new RequestWebhook("request", {
      name: "Requests",
      url: pulumi.output("https://hooks.example.com/in"),
      triggers: ["RequestCreated"],
      bodyTemplate: '{"id": "{{data.id}}"}',
      authentication: { type: "oauth", clientId: "cid", clientSecret: SECRETS.clientSecret, tokenEndpointUrl: "https://auth.example.com/t" },
      headers: { "X-Runtime": cfg.requireSecret("runtimeToken") },
    }));
    made.push(new RequestWebhook("bearer", {
      name: "Bearer",
      url: "https://hooks.example.com/b",
      triggers: ["Manual"],
      bodyTemplate: "{}",
      authentication: pulumi.output({ type: "bearer" as const, token: SECRETS.bearer }),
    }));
    // A URN resolves once its registration reached the mock monitor.
    await Promise.all(made.map((m) => new Promise((r) => m.urn.apply(r))));
  });

  it("registers the documented type tokens", () => {
    expect(Object.fromEntries(registered.map((r) => [r.name, r.type]))).toEqual({
      audit: "pulumi-nodejs:dynamic/webhooks:AuditWebhook",
      request: "pulumi-nodejs:dynamic/webhooks:RequestWebhook",
      bearer: "pulumi-nodejs:dynamic/webhooks:RequestWebhook",
    });
  });

  it("__provider carries no secret, not even the runtime token from config", () => {
    for (const r of registered) {
      const text = String(r.inputs.__provider);
      for (const s of Object.values(SECRETS)) expect(text).not.toContain(s);
    }
  });

  it("every secret field reaches the engine marked secret although the program passed plain strings", () => {
    const [audit, request, bearer] = ["audit", "request", "bearer"].map((n) => registered.find((r) => r.name === n)!.inputs);
    expect(isSecretValue(audit.headers)).toBe(true);
    expect(isSecretValue(audit.signingSecret)).toBe(true);
    expect(isSecretValue(request.authentication)).toBe(true);
    expect(isSecretValue(request.headers)).toBe(true);
    expect(isSecretValue(bearer.authentication)).toBe(true);
    for (const plain of [audit.name, audit.url, audit.bodyTemplate, request.triggers, request.url]) expect(isSecretValue(plain)).toBe(false);
  });

  it("seeds every output so the resource exposes it", async () => {
    const { AuditWebhook } = await import("../../../sdk/nodejs");
    const w = new AuditWebhook("outputs", { name: "Outputs", url: "https://o.example.com/", bodyTemplate: "{}" });
    const id = await new Promise((r) => w.webhookId.apply(r));
    const version = await new Promise((r) => w.version.apply(r));
    expect([id, version]).toEqual([`wh_${registered.length}`, 1]);
    for (const k of ["lastTest", "runtimeUrl", "active", "method", "headers", "testBeforeApply"]) expect(pulumi.Output.isInstance((w as unknown as Record<string, unknown>)[k])).toBe(true);
  });
});
