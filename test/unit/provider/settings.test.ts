// Where the provider finds the runtime: stack config first, then the
// environment; a clear error naming both when neither has it, raised only by
// the steps that call the runtime (check is offline).
import { freePort } from "../../support/runtimeProcess";
import { WebhookProvider } from "../../../provider/resources";
import { requireSettings } from "../../../provider/resources/runtimeSettings";
import { stackConfig } from "./support";

const minimal = { name: "No runtime", url: "https://hooks.example.com/x", bodyTemplate: '{"a": "{{data.action}}"}', testBeforeApply: false };

describe("runtime settings", () => {
  it("stack config wins over the environment; the URL loses its trailing slash", () => {
    const env = { WEBHOOKS_RUNTIME_URL: "http://env:1", WEBHOOKS_RUNTIME_TOKEN: "env-token" };
    expect(requireSettings({ url: "https://cfg.example.com/", token: "cfg-token" }, env)).toEqual({ url: "https://cfg.example.com", token: "cfg-token" });
    expect(requireSettings({}, env)).toEqual({ url: "http://env:1", token: "env-token" });
    expect(requireSettings({ token: "cfg-token" }, env)).toEqual({ url: "http://env:1", token: "cfg-token" });
  });

  it("names both config keys and both environment variables when nothing is set", async () => {
    const p = new WebhookProvider("audit", { env: {} });
    await p.configure(stackConfig({}));
    const check = await p.check({}, minimal);
    expect(check.failures).toBeUndefined();
    for (const step of [() => p.create(check.inputs!), () => p.read!("wh_1", {}), () => p.delete!("wh_1", {}), () => p.update!("wh_1", {}, check.inputs!)]) {
      const error = (await step().catch((e: unknown) => e)) as Error & { code: string; path: string };
      expect(error.code).toBe("CONFIG_REQUIRED");
      expect(error.path).toBe("webhooks:runtimeUrl");
      for (const name of ["webhooks:runtimeUrl", "webhooks:runtimeToken", "WEBHOOKS_RUNTIME_URL", "WEBHOOKS_RUNTIME_TOKEN"]) {
        expect(error.message).toContain(name);
      }
    }
  });

  it("names only the token when the URL is configured", () => {
    let error: (Error & { path?: string }) | undefined;
    try {
      requireSettings({ url: "http://127.0.0.1:8787" }, { WEBHOOKS_RUNTIME_TOKEN: "  " });
    } catch (e) {
      error = e as Error & { path?: string };
    }
    expect(error).toMatchObject({ code: "CONFIG_REQUIRED", path: "webhooks:runtimeToken" });
    expect(error!.message).not.toContain("WEBHOOKS_RUNTIME_URL");
  });

  it("refuses a runtime URL that is not http(s)", () => {
    expect(() => requireSettings({ url: "127.0.0.1:8787", token: "t" }, {})).toThrow(expect.objectContaining({ code: "CONFIG_INVALID_URL", path: "webhooks:runtimeUrl" }));
  });

  it("a runtime that is not listening fails with RUNTIME_UNREACHABLE naming the URL", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const p = new WebhookProvider("audit", { env: { WEBHOOKS_RUNTIME_URL: url, WEBHOOKS_RUNTIME_TOKEN: "t-secret-1" } });
    await p.configure(stackConfig({}));
    const error = (await p.delete!("wh_1", {}).catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe("RUNTIME_UNREACHABLE");
    expect(error.message).toContain(`DELETE ${url}/v1/webhooks/wh_1 failed (ECONNREFUSED)`);
    expect(error.message).not.toContain("t-secret-1");
  });

  it("delete and read use the runtime recorded in state, not the configured one", async () => {
    const recorded = `http://127.0.0.1:${await freePort()}`;
    const p = new WebhookProvider("audit", { env: {} });
    await p.configure(stackConfig({ "webhooks:runtimeUrl": "http://127.0.0.1:1", "webhooks:runtimeToken": "t" }));
    await expect(p.delete!("wh_1", { runtimeUrl: recorded })).rejects.toMatchObject({ message: expect.stringContaining(`DELETE ${recorded}/v1/webhooks/wh_1`) });
    await expect(p.read!("wh_1", { runtimeUrl: recorded })).rejects.toMatchObject({ message: expect.stringContaining(`GET ${recorded}/v1/webhooks/wh_1`) });
  });
});
