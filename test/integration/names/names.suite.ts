// Issue 15 items 4, 5 and 8 end to end, for one provider (the dynamic SDK or the
// native plugin): the plain Pulumi CLI, two real runtime processes with their own
// admin tokens, and a loopback HTTPS receiver that sees what was sent. One stack,
// driven step by step (the program: test/fixtures/pulumi/names/program).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { installNativePlugin } from "../../support/nativePlugin";
import { PulumiStack, requireTools } from "../../support/pulumiStack";
import { startReceiver, type Receiver, type RecordedRequest } from "../../support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { createTestCa, type TestCa } from "../../support/testCa";

const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/names/program");

interface Runtime {
  process: RuntimeProcess;
  token: string;
  dir: string;
}

export function namesSuite(sdk: "dynamic" | "native"): void {
  let ca: TestCa;
  let rx: Receiver;
  let root = "";
  let a: Runtime;
  let b: Runtime;
  let stack: PulumiStack;
  /** Bodies of these event types get a 503 while true (the Test invocation is a RequestCreated). */
  let failApproved = true;

  const start = async (name: string, token: string, port?: number): Promise<Runtime> => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const process = await startRuntimeProcess({
      dir,
      // Retries every second, many times: a delivery stays queued across a replace.
      config: {
        network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] },
        tls: { caFile: ca.caFile },
        delivery: { maxAttempts: 100, backoff: { initialSeconds: 1, multiplier: 1 } },
      },
      adminToken: token,
      ingestToken: `${name}-ingest-token-5e1c0a9d`,
      ...(port === undefined ? {} : { port }),
    });
    return { process, token, dir };
  };
  const call = async (on: Runtime, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${on.process.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${on.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, json: (text === "" ? undefined : JSON.parse(text)) as Record<string, unknown> };
  };
  const registered = async (on: Runtime) =>
    ((await call(on, "GET", "/v1/webhooks")).json.webhooks as Array<{ id: string; name: string; managedBy?: unknown }>).sort((x, y) =>
      x.name.localeCompare(y.name),
    );
  const received = (path: string, type: string): RecordedRequest[] =>
    rx.requests.filter((r) => r.url === path && (JSON.parse(r.body) as { type: string }).type === type);
  const until = async (what: string, ok: () => boolean | Promise<boolean>) => {
    const deadline = Date.now() + 60_000;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const hooks = (...list: Array<[resource: string, name: string]>) =>
    JSON.stringify(list.map(([resource, name]) => ({ resource, name: `${sdk} ${name}`, path: `/${sdk}/${resource}` })));
  const urnOf = async (resource: string) => {
    const all = (await stack.resources()) as unknown as Array<{ urn: string }>;
    return all.map((r) => r.urn).find((u) => u.endsWith(`::${resource}`)) as string;
  };
  const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

  beforeAll(async () => {
    requireTools();
    root = mkdtempSync(join(tmpdir(), `webhooks-names-${sdk}-`));
    ca = createTestCa();
    rx = await startReceiver({ tls: ca });
    rx.respondWith((req) => ({ status: failApproved && (JSON.parse(req.body) as { type: string }).type === "RequestApproved" ? 503 : 200 }));
    [a, b] = await Promise.all([start("a", `${sdk}-admin-a-3f9c2e71b8d4`), start("b", `${sdk}-admin-b-7a1d5c0e94f2`)]);
    stack = new PulumiStack(root, sdk, PROGRAM);
    if (sdk === "native") await installNativePlugin(join(stack.dir, "home"));
    await stack.init({ sdk, hooks: hooks(["one", "shared"]), "webhooks:runtimeUrl": a.process.url }, { "webhooks:runtimeToken": a.token });
  });

  afterAll(async () => {
    await a?.process.kill("SIGKILL");
    await b?.process.kill("SIGKILL");
    await rx?.close();
    ca?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  let firstId = "";

  test("up registers the webhook labelled with the project, stack and resource that manage it", async () => {
    await stack.ok("up", "--yes");
    const [hook] = await registered(a);
    expect(hook).toMatchObject({ name: `${sdk} shared`, managedBy: { project: "webhooks-names", stack: "dev", resource: "one" } });
    firstId = hook.id;
  });

  test("up --replace keeps the name: the replacement takes it over, and the queued delivery moves to it and is delivered", async () => {
    const ingested = await call(a, "POST", "/v1/events/request", { ...mockRequestEvent("RequestApproved"), id: `${sdk}-approved-1` });
    expect(ingested.status).toBe(202);
    // The first attempt failed (503): the delivery waits for its retry, bound to the old registration.
    await until("a failed attempt", () => received(`/${sdk}/one`, "RequestApproved").length > 0);
    const deliveryId = received(`/${sdk}/one`, "RequestApproved")[0].headers["webhook-id"];

    const up = await stack.run("up", "--yes", "--replace", await urnOf("one"));
    expect({ status: up.status, output: up.status === 0 ? "" : output(up) }).toEqual({ status: 0, output: "" });
    const hooksNow = await registered(a);
    expect(hooksNow.map((h) => h.name)).toEqual([`${sdk} shared`]);
    const newId = hooksNow[0].id;
    expect(newId).not.toBe(firstId);
    expect((await call(a, "GET", `/v1/webhooks/${firstId}`)).status).toBe(404);

    failApproved = false;
    await until("the delivery", async () => ((await call(a, "GET", `/v1/deliveries/${deliveryId}`)).json.delivery as { status: string }).status === "delivered");
    const { delivery } = (await call(a, "GET", `/v1/deliveries/${deliveryId}`)).json as { delivery: { webhookId: string } };
    expect(delivery.webhookId).toBe(newId);
    // The same delivery (one webhook-id) throughout: moved, not sent anew.
    expect(new Set(received(`/${sdk}/one`, "RequestApproved").map((r) => r.headers["webhook-id"]))).toEqual(new Set([deliveryId]));
  });

  test("two resources with one name fail preview, naming both, and up applies nothing", async () => {
    await stack.ok("config", "set", "hooks", hooks(["one", "shared"], ["two", "dup"], ["three", "dup"]));
    const preview = await stack.run("preview");
    expect(preview.status).not.toBe(0);
    expect(output(preview)).toMatch(new RegExp(`name "${sdk} dup" is used by two resources of this program: webhooks-names/dev resource "(two|three)" and webhooks-names/dev resource "(two|three)"`));
    expect(output(preview)).toContain("CONFIG_DUPLICATE_NAME");
    const up = await stack.run("up", "--yes");
    expect(up.status).not.toBe(0);
    expect((await registered(a)).map((h) => h.name)).toEqual([`${sdk} shared`]);
  });

  test("a name held by another stack's webhook fails up with a 409 that names that stack and resource", async () => {
    const made = await call(a, "POST", "/v1/webhooks", {
      kind: "request",
      name: `${sdk} taken`,
      url: "https://hooks.test/elsewhere",
      bodyTemplate: "{}",
      triggers: ["RequestCreated"],
      managedBy: { project: "billing", stack: "prod", resource: "alerts" },
    });
    expect(made.status).toBe(201);
    await stack.ok("config", "set", "hooks", hooks(["one", "shared"], ["four", "taken"]));
    const up = await stack.run("up", "--yes");
    expect(up.status).not.toBe(0);
    expect(output(up)).toContain(`name "${sdk} taken" is already used by webhook ${String(made.json.id)} (managed by billing/prod resource "alerts")`);
    expect((await call(a, "DELETE", `/v1/webhooks/${String(made.json.id)}`)).status).toBe(204);
    await stack.ok("config", "set", "hooks", hooks(["one", "shared"]));
  });

  test("moving to another runtime with its own token: created there first, the old one deleted with the old runtime's token", async () => {
    await stack.ok("config", "set", "webhooks:runtimeUrl", b.process.url);
    await stack.ok("config", "set", "--secret", "webhooks:runtimeToken", b.token);
    const up = await stack.run("up", "--yes");
    expect({ status: up.status, output: up.status === 0 ? "" : output(up) }).toEqual({ status: 0, output: "" });
    expect(await registered(a)).toEqual([]);
    expect((await registered(b)).map((h) => h.name)).toEqual([`${sdk} shared`]);
    failApproved = false;
    expect((await call(b, "POST", "/v1/events/request", { ...mockRequestEvent("RequestApproved"), id: `${sdk}-approved-b` })).status).toBe(202);
    await until("the delivery from the new runtime", () =>
      received(`/${sdk}/one`, "RequestApproved").some((r) => r.headers["webhook-id"] !== received(`/${sdk}/one`, "RequestApproved")[0].headers["webhook-id"]),
    );
  });

  test("state keeps both tokens only encrypted", async () => {
    const exported = await stack.ok("stack", "export");
    expect(exported).toContain("__runtimeToken");
    for (const token of [a.token, b.token]) expect(exported).not.toContain(token);
  });

  test("after a token rotation, destroy names --run-program, and destroy --run-program uses the current token", async () => {
    const port = b.process.port;
    await b.process.kill("SIGKILL");
    b = await start("b", `${sdk}-admin-b2-0c6e8f13a5b7`, port);
    await stack.ok("config", "set", "--secret", "webhooks:runtimeToken", b.token);
    const stale = await stack.run("destroy", "--yes");
    expect(stale.status).not.toBe(0);
    expect(output(stale)).toContain("pulumi destroy --run-program");
    const destroy = await stack.run("destroy", "--yes", "--run-program");
    expect({ status: destroy.status, output: destroy.status === 0 ? "" : output(destroy) }).toEqual({ status: 0, output: "" });
    expect(await registered(b)).toEqual([]);
  });
}
