// bench/storeCost: what the SQLite store alone costs per delivery, with no network and no
// HTTP API: ingest (synchronous=FULL), claim and attempt result (the work lane), each timed with
// process.cpuUsage() in one process, at several claim sizes. It is the floor under bench/delivery's
// CPU per delivery: whatever the rest of the path costs, the store's statements cost this much.
// The attempt record is shaped like deliverOnce's (the rendered bench body, real header names).
// Run: `make bench`, or after `make scripts`: node .scripts-build/bench/storeCost.js
// (BENCH_STORE_EVENTS per claim size, default 10,000). Stops by itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InvocationRecord } from "../provider/delivery/deliverOnce";
import { prepareWebhook } from "../provider/delivery/prepareWebhook";
import { mockRequestEvent } from "../provider/model/mockEvents";
import { validateWebhookConfig } from "../provider/model/validateConfig";
import { renderBody } from "../provider/templating";
import { openSqliteStore } from "../provider/runtime/store/sqliteStore";
import type { ClaimedDelivery, NewEvent } from "../provider/runtime/store/store";
import { invocationRecord } from "../test/integration/runtime/storeFixtures";
import { TEST_KEYRING } from "../test/support/testKeyring";
import { BENCH_TEMPLATE, printTable } from "./benchKit";

const EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 10_000);
const INGEST_BATCH = 100;
const CLAIM_SIZES = [1, 8, 64];

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function recordFor(d: ClaimedDelivery, body: string): InvocationRecord {
  return invocationRecord(d.id, d.attempts + 1, {
    webhookId: d.webhookId,
    eventId: d.eventId,
    eventType: d.event.eventType,
    startedAt: new Date().toISOString(),
    request: {
      method: "POST",
      url: "https://127.0.0.1/in",
      headers: {
        "content-type": "application/json",
        "user-agent": "pulumi-webhooks/0.1.0",
        "webhook-id": d.id,
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      },
      body,
    },
    response: {
      status: 200,
      headers: { "content-type": "application/json", "content-length": "11", date: new Date().toUTCString(), "keep-alive": "timeout=5" },
      body: '{"ok":true}',
      bodyBytes: 11,
      bodyTruncated: false,
    },
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "webhooks-storecost-"));
  const store = openSqliteStore({ dataDir: dir, keyring: TEST_KEYRING });
  try {
    await store.migrate();
    const checked = validateWebhookConfig(
      { name: "store cost", url: "https://127.0.0.1/in", bodyTemplate: BENCH_TEMPLATE, triggers: ["RequestCreated"] },
      { kind: "request" },
    );
    if (!checked.ok) throw new Error(`bench config is invalid: ${JSON.stringify(checked.errors)}`);
    await store.createWebhook(checked.config, Date.now());
    const body = renderBody(prepareWebhook(checked.config).template, mockRequestEvent("RequestCreated"));

    const rows: Array<[string, string, string]> = [];
    let seq = 0;
    for (const size of CLAIM_SIZES) {
      let ingest = 0;
      for (let i = 0; i < EVENTS; i += INGEST_BATCH) {
        const batch: NewEvent[] = [];
        for (let j = 0; j < INGEST_BATCH; j++) batch.push({ id: `evt-${++seq}`, kind: "request", event: mockRequestEvent("RequestCreated") });
        const t = cpuUs();
        await store.ingestEvents(batch, Date.now());
        ingest += cpuUs() - t;
      }
      let claim = 0;
      let complete = 0;
      let delivered = 0;
      let claims = 0;
      const commitsBefore = store.groupCommits;
      for (;;) {
        const t0 = cpuUs();
        const claimed = await store.claimDue({ now: Date.now(), limit: size, leaseMs: 30_000, owner: "bench" });
        claim += cpuUs() - t0;
        if (claimed.length === 0) break;
        claims += 1;
        const t1 = cpuUs();
        const applied = await Promise.all(
          claimed.map((d) => store.completeAttempt(d.id, d.leaseToken, { record: recordFor(d, body), status: "delivered", attemptMade: true }, Date.now())),
        );
        complete += cpuUs() - t1;
        if (applied.some((a) => !a)) throw new Error("an attempt result was refused (its lease was lost)");
        delivered += claimed.length;
      }
      if (delivered !== EVENTS) throw new Error(`delivered ${delivered} of ${EVENTS} events`);
      const per = (us: number) => `${(us / delivered).toFixed(1)} µs`;
      rows.push(
        [`claims of ${size}: ingest (batches of ${INGEST_BATCH}, synchronous=FULL)`, per(ingest), "per delivery"],
        [`claims of ${size}: claim (select, lease, events)`, per(claim), `per delivery (${(delivered / claims).toFixed(1)} a claim)`],
        [`claims of ${size}: attempt result (attempt row, status)`, per(complete), "per delivery"],
        [`claims of ${size}: store total`, per(ingest + claim + complete), `per delivery (${((store.groupCommits - commitsBefore) / delivered).toFixed(2)} work-lane commits each)`],
      );
    }
    printTable(rows, `bench/storeCost (SQLite, node ${process.version}, ${EVENTS} events per claim size; process CPU, one process, no network)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
