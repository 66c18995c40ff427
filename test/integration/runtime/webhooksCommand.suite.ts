// `webhooks webhooks list|get|delete` against a real runtime process: what an
// operator sees (a table, one registration, what was deleted), secrets masked,
// exact id or name only, and the exit codes of the other operator commands.
import { runCli } from "../../support/cliRunner";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { TestStores, type StoreKind } from "../../support/storeKinds";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, SECRETS, requestWebhook, runtimeConfig } from "./apiHelpers";

export function webhooksCommandSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    const stores = new TestStores(kind);
    afterAll(() => stores.dispose());
    jest.setTimeout(60_000);

    const tmp = tempDir("webhooks-cmd-");
    let ca: TestCa;
    let rx: Receiver;
    let runtime: RuntimeProcess;
    let api: Api;
    let grantsId = "";
    let auditId = "";
    const cli = (...args: string[]) => runCli("webhooks", ...args, "--url", runtime.url, "--token", ADMIN);
    const noSecrets = (text: string) => {
      for (const s of Object.values(SECRETS)) expect(text).not.toContain(s);
    };

    beforeAll(async () => {
      ca = createTestCa();
      rx = await startReceiver({ tls: ca });
      runtime = await startRuntimeProcess({ dir: tmp.dir, config: runtimeConfig(rx.pin("hooks.test"), ca.caFile, { store: await stores.storeFor(tmp.dir) }), adminToken: ADMIN, ingestToken: INGEST });
      api = new Api(runtime.url);
      grantsId = (await api.call<{ id: string }>("POST", "/v1/webhooks", { body: requestWebhook("access grants", "/grants", { triggers: ["RequestGranted", "RequestExpired"] }) })).body.id;
      const audit = { kind: "audit", name: "audit sink", url: "https://hooks.test/audit", bodyTemplate: '{"a": "{{data.action}}"}', active: false };
      auditId = (await api.call<{ id: string }>("POST", "/v1/webhooks", { body: audit })).body.id;
    });

    afterAll(async () => {
      await runtime?.kill("SIGKILL");
      await rx?.close();
      ca?.dispose();
      tmp.remove();
    });

    test("list prints every registration as a table, URL query masked; --json is the API's answer", async () => {
      const r = await cli("list");
      expect(r).toMatchObject({ code: 0, stderr: "" });
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines[0].split(/\s{2,}/)).toEqual(["ID", "NAME", "KIND", "ACTIVE", "VERSION", "TRIGGERS", "URL"]);
      expect(lines.slice(1).map((l) => l.split(/\s{2,}/)).sort((a, b) => a[1].localeCompare(b[1]))).toEqual([
        [grantsId, "access grants", "request", "yes", "1", "RequestGranted,RequestExpired", "https://hooks.test/grants?key=****"],
        [auditId, "audit sink", "audit", "no", "1", "-", "https://hooks.test/audit"],
      ]);
      const json = await cli("list", "--json");
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual((await api.call("GET", "/v1/webhooks")).body);
      noSecrets(r.stdout + json.stdout);
    });

    test("get finds one by exact id or exact name and shows every field, secrets masked", async () => {
      const byName = await cli("get", "access grants");
      expect(byName.code).toBe(0);
      expect(byName.stdout).toMatch(new RegExp(`^id:\\s+${grantsId}\\n`));
      expect(byName.stdout).toContain('headers:            {"X-Api-Key":"****"}');
      expect(byName.stdout).toMatch(/^authentication:\s+\{"type":"bearer","token":"\*\*\*\*"\}$/m);
      expect(byName.stdout).toMatch(/^signingSecret:\s+\*\*\*\*$/m);
      const byId = await cli("get", grantsId, "--json");
      expect(JSON.parse(byId.stdout)).toEqual((await api.call("GET", `/v1/webhooks/${grantsId}`)).body);
      noSecrets(byName.stdout + byId.stdout);
      // Not a prefix, not a pattern: exit 1 with the code, nothing on stdout.
      const partial = await cli("get", "access");
      expect(partial).toEqual({
        code: 1,
        stdout: "",
        stderr: 'webhooks webhooks get: no webhook with the id or name "access" in the runtime; "webhooks webhooks list" shows the 2 registered (API_NOT_FOUND)\n',
      });
    });

    test("delete needs an exact id or name, asks nothing and prints what it deleted", async () => {
      const usage = await cli("delete");
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain("delete needs exactly one webhook id or name");
      expect((await cli("delete", "audit*")).code).toBe(1);
      const r = await cli("delete", "audit sink");
      expect(r).toEqual({ code: 0, stdout: `deleted webhook ${auditId} "audit sink" (audit, version 1, https://hooks.test/audit)\n`, stderr: "" });
      expect((await api.call("GET", `/v1/webhooks/${auditId}`)).status).toBe(404);
      const again = await cli("delete", auditId);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/\(API_NOT_FOUND\)\n$/);
      const byId = await cli("delete", grantsId, "--json");
      expect(JSON.parse(byId.stdout)).toMatchObject({ id: grantsId, name: "access grants", headers: { "X-Api-Key": "****" } });
      noSecrets(byId.stdout);
      expect((await cli("list")).stdout).toBe("no webhooks registered\n");
    });

    test("a wrong token, a runtime that is not there, and a bare group say what to do, with the usual exit codes", async () => {
      const bad = await runCli("webhooks", "list", "--url", runtime.url, "--token", "not-the-token");
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^webhooks webhooks list: .*check --token.*\(API_UNAUTHORIZED\)\n$/);
      const gone = await runCli("webhooks", "get", "x", "--url", "http://127.0.0.1:9", "--token", ADMIN);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(/cannot reach the runtime at http:\/\/127\.0\.0\.1:9 .*\(RUNTIME_UNREACHABLE\)\n$/);
      const bare = await runCli("webhooks");
      expect(bare.code).toBe(2);
      expect(bare.stderr).toContain("name a sub-command: list, get or delete");
      expect((await runCli("webhooks", "list", "--help")).stdout).toContain("webhooks webhooks get <id|name>");
    });
  });
}
