// The README's first command (`make quickstart`): the main job on the embedded
// default. It starts the delivery runtime on SQLite and a local HTTPS receiver,
// runs `pulumi up` of examples/quickstart with the self-built CLI (each webhook's
// Test invocation, then its registration), sends sample events, and shows what
// was delivered. Everything listens on loopback and stops at the end.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { mockAuditEvent, mockRequestEvent } from "../provider/model/mockEvents";
import { REQUEST_TRIGGERS } from "../provider/model/events";
import { startReceiver } from "../test/support/httpsReceiver";
import { copyProgramWithPackage, offlinePulumiEnv, PULUMI_BIN } from "../test/support/pulumiOffline";
import { REPO_ROOT, startRuntimeProcess } from "../test/support/runtimeProcess";
import { createTestCa } from "../test/support/testCa";

const HOST = "hooks.quickstart.test";
const say = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  const dir = join(REPO_ROOT, ".quickstart");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  say("== 1. a local HTTPS receiver (test CA made now, TLS verified by the runtime)");
  const ca = createTestCa({ names: [HOST] });
  const rx = await startReceiver({ tls: ca }).catch((e: unknown) => {
    throw new Error(`cannot listen on port 443 of a loopback address (${String(e)}); run as root or grant CAP_NET_BIND_SERVICE`);
  });
  say(`   https://${HOST} → ${rx.host}:443`);

  say("== 2. the delivery runtime on SQLite (webhooks runtime start)");
  const adminToken = "quickstart-admin-token-0123456789";
  const ingestToken = "quickstart-ingest-token-0123456789";
  const runtime = await startRuntimeProcess({
    dir,
    adminToken,
    ingestToken,
    config: {
      network: { resolve: rx.pin(HOST), allowCidrs: ["127.0.0.0/8"] },
      tls: { caFile: ca.caFile },
    },
  });
  say(`   listening on ${runtime.url}, data in .quickstart/data/webhooks.db`);

  try {
    say("== 3. pulumi up of examples/quickstart (Test invocation, then registration, per webhook)");
    const pulumi = pulumiProject(dir);
    await pulumi("stack", "init", "dev");
    await pulumi("config", "set", "--plaintext", "receiverUrl", `https://${HOST}`);
    await pulumi("config", "set", "--plaintext", "webhooks:runtimeUrl", runtime.url);
    await pulumi("config", "set", "--secret", "webhooks:runtimeToken", adminToken);
    await pulumi("up", "--yes", "--show-config=false");

    say("== 4. sample events: one audit event, one request event per trigger");
    const ingest = { authorization: `Bearer ${ingestToken}`, "content-type": "application/json" };
    const send = async (kind: string, events: unknown[]) => {
      const r = await fetch(`${runtime.url}/v1/events/${kind}`, { method: "POST", headers: ingest, body: JSON.stringify({ events }) });
      say(`   POST /v1/events/${kind}: ${r.status} ${await r.text()}`);
    };
    await send("audit", [mockAuditEvent()]);
    await send("request", REQUEST_TRIGGERS.filter((t) => t !== "Manual").map((t) => mockRequestEvent(t)));

    // The request webhook takes RequestCreated and RequestGranted; the audit webhook every audit event: 3 deliveries.
    const deadline = Date.now() + 30_000;
    while (rx.requests.filter((r) => !r.headers["webhook-id"]?.startsWith("test_")).length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }

    say("== 5. what was delivered (webhooks deliveries)");
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, [join(REPO_ROOT, "dist/provider/cli/main.js"), ...args, "--url", runtime.url, "--token", adminToken], {
        encoding: "utf8",
      });
    process.stdout.write(cli("deliveries"));
    const list = JSON.parse(cli("deliveries", "--json")) as { deliveries: Array<{ id: string }> };
    say(`== 6. invocation data of one delivery (webhooks delivery ${list.deliveries[0].id})`);
    process.stdout.write(cli("delivery", list.deliveries[0].id));
  } finally {
    const code = await runtime.kill("SIGTERM");
    await rx.close();
    ca.dispose();
    say(`\n== runtime stopped with SIGTERM (exit ${code}); the receiver is closed.`);
  }
  say(`
The runtime and the receiver were stopped (SIGTERM drains in-flight attempts); the
stack's state stays in .quickstart/state and the runtime's SQLite file in .quickstart/data.
Run your own:
  node dist/provider/cli/main.js runtime start      # prints its tokens once; Ctrl-C (SIGTERM) stops it
  cd examples/quickstart && cat README.md           # point a stack at it, then: pulumi up
  node dist/provider/cli/main.js validate examples/configs/*.yaml
Remove everything the quickstart made: rm -rf .quickstart`);
}

/**
 * A copy of examples/quickstart in .quickstart/program, its node_modules linking the repo's
 * packages and pulumi-webhooks → the repo (as installed), and a runner for the pinned CLI
 * offline: file backend, passphrase secrets, no update check, no plugin downloads. The CLI
 * runs asynchronously, because the receiver answering its Test invocations lives in this process.
 */
function pulumiProject(dir: string): (...args: string[]) => Promise<void> {
  const work = join(dir, "program");
  copyProgramWithPackage(join(REPO_ROOT, "examples/quickstart"), work);
  const env = { ...process.env, ...offlinePulumiEnv(dir, "quickstart") };
  return (...args) =>
    new Promise((resolve, reject) => {
      const child = spawn(join(PULUMI_BIN, "pulumi"), [...args, "--non-interactive"], { cwd: work, env, stdio: ["ignore", "inherit", "inherit"] });
      child.once("error", reject);
      child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi ${args.join(" ")} exited ${code}`))));
    });
}

main().catch((e: unknown) => {
  process.stderr.write(`quickstart failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
