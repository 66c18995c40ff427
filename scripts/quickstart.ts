// The README's first command (`make quickstart`): the main job on the embedded
// default. It starts the delivery runtime on SQLite and a local HTTPS receiver,
// runs the Test invocation and registers the example webhooks (what `pulumi up`
// does), sends sample events, and shows what was delivered. Everything listens on
// loopback and stops at the end. (`pulumi up` of examples/quickstart arrives with
// the Pulumi end-to-end issue; the registration calls below are the ones it makes.)
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readDataFile } from "../provider/io/readDataFile";
import { mockAuditEvent, mockRequestEvent } from "../provider/model/mockEvents";
import { REQUEST_TRIGGERS } from "../provider/model/events";
import { startReceiver } from "../test/support/httpsReceiver";
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
    const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
    say("== 3. Test invocation, then registration, of examples/configs/*.yaml (what `pulumi up` does)");
    for (const file of ["audit-webhook.yaml", "coralogix-request.yaml"]) {
      const config = readDataFile(join(REPO_ROOT, "examples/configs", file)) as Record<string, unknown>;
      config.url = `https://${HOST}/${file.replace(".yaml", "")}`;
      const test = await fetch(`${runtime.url}/v1/webhooks/test`, { method: "POST", headers: admin, body: JSON.stringify(config) });
      const record = (await test.json()) as { result: string; response?: { status: number }; durationMs: number };
      say(`   ${file}: Test invocation ${record.result} (HTTP ${record.response?.status}, ${record.durationMs} ms)`);
      if (record.result !== "success") throw new Error(`the Test invocation of ${file} failed`);
      const reg = await fetch(`${runtime.url}/v1/webhooks`, { method: "POST", headers: admin, body: JSON.stringify(config) });
      const created = (await reg.json()) as { id: string; version: number };
      say(`   ${file}: registered as ${created.id} (version ${created.version})`);
    }

    say("== 4. sample events: one audit event, one request event per trigger");
    const ingest = { authorization: `Bearer ${ingestToken}`, "content-type": "application/json" };
    const send = async (kind: string, events: unknown[]) => {
      const r = await fetch(`${runtime.url}/v1/events/${kind}`, { method: "POST", headers: ingest, body: JSON.stringify({ events }) });
      say(`   POST /v1/events/${kind}: ${r.status} ${await r.text()}`);
    };
    await send("audit", [mockAuditEvent()]);
    await send("request", REQUEST_TRIGGERS.filter((t) => t !== "Manual").map((t) => mockRequestEvent(t)));

    // The Coralogix webhook takes 6 triggers, postgresql only; the audit webhook every audit event: 7 deliveries.
    const deadline = Date.now() + 30_000;
    while (rx.requests.filter((r) => !r.headers["webhook-id"]?.startsWith("test_")).length < 7 && Date.now() < deadline) {
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
Run it yourself:
  node dist/provider/cli/main.js runtime start            # prints its tokens once; Ctrl-C (SIGTERM) stops it
  node dist/provider/cli/main.js validate examples/configs/*.yaml
  node dist/provider/cli/main.js test examples/configs/coralogix-request.yaml
Still to come: \`pulumi up\` of examples/quickstart with the AuditWebhook / RequestWebhook resources.`);
}

main().catch((e: unknown) => {
  process.stderr.write(`quickstart failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
