// Issue 15 items 6 and 7 end to end on the real engine, for one provider flavour
// (the dynamic classes or the native plugin; the program test/fixtures/pulumi/ux
// takes the same arguments for both): the Test invocation's event as a receiver
// that checks event types sees it, testEvent, and how failures print — once, with
// their code, no stack trace — with the runtime down, answering 500, or asked for
// an id it does not have. One stack for the whole describe.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { installNativePlugin } from "../../support/nativePlugin";
import { PulumiStack, requireTools, type CliRun } from "../../support/pulumiStack";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { createTestCa, type TestCa } from "../../support/testCa";

const PROGRAM = join(REPO_ROOT, "test/fixtures/pulumi/ux/program");
const ADMIN_TOKEN = "ux-admin-token-2f9c81d07a3e4b65";

/** The engine's Diagnostics section: where each failure is reported once per resource. */
export function diagnostics(run: CliRun): string {
  const text = run.stdout + run.stderr;
  const start = text.indexOf("Diagnostics:");
  if (start < 0) return "";
  const end = text.slice(start).search(/\n(Outputs|Resources):/);
  return end < 0 ? text.slice(start) : text.slice(start, start + end);
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** A failed command printed `part` exactly once in its diagnostics, and no JS stack frame anywhere. */
function expectOneClean(run: CliRun, part: string): void {
  expect(run.status).not.toBe(0);
  expect({ part, times: count(diagnostics(run), part) }).toEqual({ part, times: 1 });
  expect((run.stdout + run.stderr).split("\n").filter((l) => /^\s+at .+[(:]\d+/.test(l) || /\bat .*\.ts:\d+:\d+/.test(l))).toEqual([]);
  expect(run.stdout + run.stderr).not.toContain("<nil>");
}

export function describeTestEventAndErrors(flavour: "dynamic" | "native"): void {
  const path = `/ux/${flavour}`;
  let ca: TestCa;
  let rx: Receiver;
  let runtime: RuntimeProcess;
  let root = "";
  let stack: PulumiStack;
  const startRuntime = (port?: number) =>
    startRuntimeProcess({
      dir: join(root, "runtime"),
      ...(port === undefined ? {} : { port }),
      config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
      adminToken: ADMIN_TOKEN,
      ingestToken: "ux-ingest-token-8e1f2a3b4c5d6e7f",
    });
  /** The event types the receiver got, in order. */
  const typesSeen = () => rx.requests.filter((r) => r.url === path).map((r) => (JSON.parse(r.body) as { type: string }).type);

  beforeAll(async () => {
    requireTools();
    root = mkdtempSync(join(tmpdir(), `webhooks-ux-${flavour}-`));
    ca = createTestCa();
    rx = await startReceiver({ tls: ca });
    // A receiver that checks event types: 400 unless the event is one the webhook subscribed to.
    rx.respondWith((req) => {
      const type = (JSON.parse(req.body || "{}") as { type?: string }).type;
      return type === "RequestGranted" || type === "RequestExpired" ? { status: 200 } : { status: 400, body: `not subscribed to ${type}\n` };
    });
    mkdirSync(join(root, "runtime"));
    runtime = await startRuntime();
    stack = new PulumiStack(root, flavour, PROGRAM);
    if (flavour === "native") await installNativePlugin(join(stack.dir, "home"));
    await stack.init(
      { "webhooks:runtimeUrl": runtime.url, flavour, requestUrl: `https://hooks.test${path}`, triggers: '["RequestGranted"]' },
      { "webhooks:runtimeToken": ADMIN_TOKEN },
    );
  });

  afterAll(async () => {
    await runtime?.kill("SIGKILL");
    await rx?.close();
    ca?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test("up passes against a receiver that refuses other event types: the Test invocation sends the first trigger's mock", async () => {
    await stack.ok("up", "--yes");
    expect(typesSeen()).toEqual(["RequestGranted"]);
    const outputs = JSON.parse(await stack.ok("stack", "output", "--json")) as { lastTest: { success: boolean; statusCode: number } };
    expect(outputs.lastTest).toMatchObject({ success: true, statusCode: 200 });
  });

  test("testEvent picks another of the triggers, or gives a whole event; changing it alone updates nothing", async () => {
    await stack.ok("config", "set", "triggers", '["RequestGranted", "RequestExpired"]');
    await stack.ok("config", "set", "testEvent", "RequestExpired");
    await stack.ok("up", "--yes");
    expect(typesSeen()).toEqual(["RequestGranted", "RequestExpired"]);
    // A custom event, sent with a change that updates the registration (the triggers' order).
    const custom = { ...mockRequestEvent("RequestExpired"), data: { ...mockRequestEvent("RequestExpired").data, id: "custom-evt-1" } };
    await stack.ok("config", "set", "triggers", '["RequestExpired", "RequestGranted"]');
    await stack.ok("config", "set", "testEvent", JSON.stringify(custom));
    await stack.ok("up", "--yes");
    const last = rx.requests.filter((r) => r.url === path).at(-1)!;
    expect(JSON.parse(last.body)).toEqual({ type: "RequestExpired", id: "custom-evt-1" });
    await stack.ok("config", "set", "testEvent", "RequestGranted");
    await stack.ok("preview", "--expect-no-changes");
    await stack.ok("config", "set", "triggers", '["RequestGranted", "RequestExpired"]');
    await stack.ok("up", "--yes");
  });

  test("preview names testEvent when the webhook has no such trigger, and prints a nested path instead of value {<nil>}", async () => {
    await stack.ok("config", "set", "testEvent", "Manual");
    await stack.ok("config", "set", "validatorPath", "$.body");
    const preview = await stack.run("preview");
    await stack.ok("config", "rm", "testEvent");
    await stack.ok("config", "rm", "validatorPath");
    expectOneClean(
      preview,
      "property testEvent value {Manual} has a problem: testEvent is a Manual event, but the webhook's triggers are RequestGranted, RequestExpired: " +
        "it would never be sent one; name one of its triggers, or add the trigger to triggers (CONFIG_INVALID_TEST_EVENT)",
    );
    expect(count(diagnostics(preview), "resource 'request' has a problem: responseValidators[0].jsonPath: jsonPath must start with $.data")).toBe(1);
  });

  test("runtime down, then answering 500: refresh, up and destroy print one message with its code, no stack trace", async () => {
    const port = runtime.port;
    await runtime.kill("SIGKILL");
    const refresh = await stack.run("refresh", "--yes");
    expectOneClean(refresh, "could not reach the webhooks runtime; check webhooks:runtimeUrl (or WEBHOOKS_RUNTIME_URL) and that `webhooks runtime start` is running (RUNTIME_UNREACHABLE)");
    expect(diagnostics(refresh)).toContain(`GET http://127.0.0.1:${port}/v1/webhooks/`);
    await stack.ok("config", "set", "requestUrl", `https://hooks.test${path}/v2`);
    const up = await stack.run("up", "--yes");
    expectOneClean(up, `POST http://127.0.0.1:${port}/v1/webhooks/test failed (ECONNREFUSED): could not reach the webhooks runtime`);
    const destroy = await stack.run("destroy", "--yes");
    expectOneClean(destroy, "failed (ECONNREFUSED): could not reach the webhooks runtime");

    const broken = createServer((_req, res) => {
      res.statusCode = 500;
      res.end("internal error");
    });
    await new Promise<void>((resolve) => broken.listen(port, "127.0.0.1", resolve));
    try {
      const refresh500 = await stack.run("refresh", "--yes");
      expectOneClean(refresh500, "→ 500 without an API error body; check that webhooks:runtimeUrl points at `webhooks runtime start` (RUNTIME_UNREACHABLE)");
    } finally {
      await new Promise((resolve) => broken.close(resolve));
    }
    runtime = await startRuntime(port);
    await stack.ok("config", "set", "requestUrl", `https://hooks.test${path}`);
    await stack.ok("refresh", "--yes");
  });

  test("a lookup of an id the runtime does not have fails once with API_NOT_FOUND", async () => {
    await stack.ok("config", "set", "getId", "wh_nope");
    const up = await stack.run("up", "--yes");
    await stack.ok("config", "rm", "getId");
    expectOneClean(up, "wh_nope is registered with the");
    expect(diagnostics(up)).toMatch(/wh_nope is registered with the .*\(API_NOT_FOUND\)\n/);
    if (flavour === "native") {
      const imported = await stack.run("import", "webhooks:index:RequestWebhook", "adopted", "wh_nope", "--yes", "--generate-code=false");
      expect(imported.status).not.toBe(0);
      expect(diagnostics(imported)).toContain("no webhook with id wh_nope is registered with the configured runtime");
      expect(imported.stdout + imported.stderr).not.toMatch(/\bat .*\.ts:\d+:\d+/);
    }
  });
}
