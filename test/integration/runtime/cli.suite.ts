// The operator commands against a real runtime process: ingest, deliveries,
// delivery, retry, and how they find the runtime and its tokens.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { runCli } from "../../support/cliRunner";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { REPO_ROOT, freePort, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, SECRETS, requestWebhook, runtimeConfig, until } from "./apiHelpers";
import { TestStores, type StoreKind } from "../../support/storeKinds";
import { withEnv } from "../../support/withEnv";

export function cliSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    const stores = new TestStores(kind);
    afterAll(() => stores.dispose());

    jest.setTimeout(60_000);

    const tmp = tempDir("webhooks-cli-");
    let ca: TestCa;
    let rx: Receiver;
    let runtime: RuntimeProcess & { port: number };
    let api: Api;
    let okWebhook: string;
    let failWebhook: string;

    const line = (id: string, type: Parameters<typeof mockRequestEvent>[0] = "RequestCreated") => JSON.stringify({ ...mockRequestEvent(type), id });

    interface Delivery {
      id: string;
      status: string;
      eventId: string;
    }

    async function deliveryOfEvent(eventId: string, status: string): Promise<Delivery> {
      return until(`delivery of ${eventId} to be ${status}`, async () => {
        const r = await api.call<{ deliveries: Delivery[] }>("GET", `/v1/deliveries?status=${status}`);
        return r.body.deliveries.find((d) => d.eventId === eventId);
      });
    }

    beforeAll(async () => {
      ca = createTestCa();
      rx = await startReceiver({ tls: ca });
      rx.respondWith((req) => (req.url.startsWith("/fail") ? { status: 503 } : { status: 200 }));
      runtime = await startRuntimeProcess({ dir: tmp.dir, config: runtimeConfig(rx.pin("hooks.test"), ca.caFile, { store: await stores.storeFor(tmp.dir) }), adminToken: ADMIN, ingestToken: INGEST });
      api = new Api(runtime.url);
      okWebhook = (await api.call<{ id: string }>("POST", "/v1/webhooks", { body: requestWebhook("ok", "/in") })).body.id;
      failWebhook = (await api.call<{ id: string }>("POST", "/v1/webhooks", { body: requestWebhook("down", "/fail", { triggers: ["RequestRejected"] }) })).body.id;
    });

    afterAll(async () => {
      await runtime?.kill("SIGKILL");
      await rx?.close();
      ca?.dispose();
      tmp.remove();
    });

    describe("help", () => {
      it.each(["runtime start", "ingest", "deliveries", "delivery", "retry"])("webhooks %s --help shows usage and examples", async (name) => {
        const r = await runCli(...name.split(" "), "--help");
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: webhooks ${name}`));
        expect(r.stdout).toContain("\nExamples:\n");
        expect((await runCli("help", ...name.split(" "))).stdout).toBe(r.stdout);
      });

      it("lists the operator commands in the main help", async () => {
        const r = await runCli("--help");
        for (const name of ["runtime start", "ingest", "deliveries", "delivery", "retry"]) expect(r.stdout).toMatch(new RegExp(`\n  ${name} +\\S`));
      });
    });

    describe("webhooks ingest", () => {
      it("posts a file's events and counts new and duplicate ones", async () => {
        const file = tmp.write("events.ndjson", [line("cli-1"), "", line("cli-2"), line("cli-1")].join("\n") + "\n");
        const r = await runCli("ingest", file, "--kind", "request", "--url", runtime.url, "--token", INGEST);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`${file}: 3 event(s) accepted: 2 new, 1 duplicate(s), in 1 batch(es)\n`);
        await deliveryOfEvent("cli-2", "delivered");
      });

      it("sends in batches and prints JSON with --json", async () => {
        const file = tmp.write("batches.ndjson", [line("cli-b1"), line("cli-b2"), line("cli-b3")].join("\n"));
        const r = await runCli("ingest", file, "--kind", "request", "--batch-size", "2", "--json", "--url", runtime.url, "--token", INGEST);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual({ accepted: 3, new: 3, duplicates: 0, batches: 2 });
      });

      it("checks every line first and sends nothing when one is invalid", async () => {
        const bad = { ...mockRequestEvent("RequestCreated"), id: "cli-bad" } as { data: Record<string, unknown> };
        delete bad.data.id;
        const file = tmp.write("bad.ndjson", [line("cli-not-sent"), JSON.stringify(bad), "{oops", JSON.stringify({ ...mockRequestEvent("RequestCreated"), event_type: "Nope" })].join("\n"));
        const r = await runCli("ingest", file, "--kind", "request", "--url", runtime.url, "--token", INGEST);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toBe(
          `${file}:2: data.id is required in a request event (EVENT_INVALID)\n` +
            `${file}:3: the line is not a JSON event (EVENT_INVALID)\n` +
            `${file}:4: event_type: event_type must be one of RequestCreated, RequestApproved, RequestRejected, RequestGranted, RequestExpired, RequestFailed, Manual (EVENT_INVALID)\n` +
            "nothing was sent: fix the line(s) above and run again\n",
        );
        const again = await api.call("POST", "/v1/events/request", { token: INGEST, body: JSON.parse(line("cli-not-sent")) });
        expect(again.body).toEqual({ accepted: 1, events: [{ id: "cli-not-sent", duplicate: false }] });
      });

      it("finds the token in <data dir>/tokens.json and the URL in WEBHOOKS_RUNTIME_URL", async () => {
        const dataDir = join(tmp.dir, "operator-data");
        mkdirSync(dataDir);
        writeFileSync(join(dataDir, "tokens.json"), JSON.stringify({ adminToken: ADMIN, ingestToken: INGEST }), { mode: 0o600 });
        const file = tmp.write("one.ndjson", line("cli-datadir"));
        const r = await withEnv({ WEBHOOKS_RUNTIME_URL: runtime.url }, () => runCli("ingest", file, "--kind", "request", "--data-dir", dataDir));
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
      });

      it("finds the URL in the runtime config's listen and the token in WEBHOOKS_INGEST_TOKEN", async () => {
        const config = tmp.write("operator.yaml", `listen: 127.0.0.1:${runtime.port}\n`);
        const file = tmp.write("two.ndjson", line("cli-config"));
        const r = await withEnv({ WEBHOOKS_INGEST_TOKEN: INGEST }, () => runCli("ingest", file, "--kind", "request", "--config", config));
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
      });

      it("works as the built binary", async () => {
        const file = tmp.write("bin.ndjson", line("cli-bin"));
        const child = spawn(process.execPath, [join(REPO_ROOT, "dist/provider/cli/main.js"), "ingest", file, "--kind", "request", "--url", runtime.url, "--token", INGEST], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
        expect(code).toBe(0);
        expect(out).toBe(`${file}: 1 event(s) accepted: 1 new, 0 duplicate(s), in 1 batch(es)\n`);
      });

      it.each([
        [["ingest", "x.ndjson"], /--kind must be audit or request/],
        [["ingest", "--kind", "request"], /ingest needs exactly one NDJSON file/],
        [["ingest", "x.ndjson", "--kind", "request", "--batch-size", "0"], /--batch-size must be a whole number from 1 to 1000/],
      ])("exits 2 on the command line %j", async (args, message) => {
        const r = await runCli(...args);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
      });
    });

    describe("webhooks deliveries, delivery, retry", () => {
      it("lists deliveries as a table, filtered, or as JSON", async () => {
        const d = await deliveryOfEvent("cli-1", "delivered");
        const r = await runCli("deliveries", "--webhook", okWebhook, "--status", "delivered", "--url", runtime.url, "--token", ADMIN);
        expect(r.code).toBe(0);
        const [header, ...rows] = r.stdout.trimEnd().split("\n");
        expect(header).toMatch(/^ID +STATUS +ATTEMPTS +WEBHOOK +UPDATED +LAST ERROR$/);
        expect(rows.find((row) => row.startsWith(d.id))).toMatch(new RegExp(`^${d.id} +delivered +1 +${okWebhook} +\\S+Z$`));
        const json = await runCli("deliveries", "--json", "--limit", "2", "--url", runtime.url, "--token", ADMIN);
        expect((JSON.parse(json.stdout) as { deliveries: unknown[] }).deliveries).toHaveLength(2);
        const none = await runCli("deliveries", "--webhook", "wh_nothing", "--url", runtime.url, "--token", ADMIN);
        expect(none.stdout).toBe("no deliveries\n");
      });

      it("shows one delivery with its attempts' invocation data, secrets masked", async () => {
        const d = await deliveryOfEvent("cli-1", "delivered");
        const r = await runCli("delivery", d.id, "--url", runtime.url, "--token", ADMIN);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Delivery ${d.id}: delivered after 1 attempt\\(s\\)\n  webhook:  ${okWebhook} \\(version 1\\)\n  event:    cli-1\n`));
        expect(r.stdout).toContain("\nDelivery attempt 1 succeeded\nPOST https://hooks.test/in?key=**** → 200 (");
        expect(r.stdout).toContain("  X-Api-Key: ****\n");
        for (const s of Object.values(SECRETS)) expect(r.stdout).not.toContain(s);
        const json = await runCli("delivery", d.id, "--json", "--url", runtime.url, "--token", ADMIN);
        expect(JSON.parse(json.stdout)).toMatchObject({ delivery: { id: d.id, status: "delivered" }, attempts: [{ attempt: 1, result: "success" }] });
      });

      it("re-queues a dead delivery, and refuses a delivered or unknown one with the code", async () => {
        await api.call("POST", "/v1/events/request", { token: INGEST, body: JSON.parse(line("cli-dead", "RequestRejected")) });
        const dead = await deliveryOfEvent("cli-dead", "dead");
        const shown = await runCli("delivery", dead.id, "--url", runtime.url, "--token", ADMIN);
        expect(shown.stdout).toContain(`Delivery ${dead.id}: dead after 2 attempt(s)\n`);
        expect(shown.stdout).toContain("Delivery attempt 2 failed: HTTP_STATUS");

        const r = await runCli("retry", dead.id, "--url", runtime.url, "--token", ADMIN);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`delivery ${dead.id} re-queued: it is due now (follow it with "webhooks delivery ${dead.id}")\n`);
        await until("the retried delivery's third attempt", async () => {
          const one = await api.call<{ attempts: unknown[] }>("GET", `/v1/deliveries/${dead.id}`);
          return one.body.attempts.length === 3 ? true : undefined;
        });

        const delivered = await deliveryOfEvent("cli-1", "delivered");
        const refused = await runCli("retry", delivered.id, "--url", runtime.url, "--token", ADMIN);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
          `webhooks retry: delivery ${delivered.id} was delivered; only dead or retrying deliveries can be retried (API_DELIVERY_NOT_RETRYABLE)\n`,
        );
        const unknown = await runCli("retry", "dlv_unknown", "--url", runtime.url, "--token", ADMIN);
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toBe("webhooks retry: no delivery with id dlv_unknown; GET /v1/deliveries lists them (API_NOT_FOUND)\n");
        expect(failWebhook).toMatch(/^wh_/);
      });

      it("exits 1 with RUNTIME_UNREACHABLE and what to check when nothing listens", async () => {
        const url = `http://127.0.0.1:${await freePort()}`;
        const r = await runCli("deliveries", "--url", url, "--token", ADMIN);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          `webhooks deliveries: cannot reach the runtime at ${url} (ECONNREFUSED). Check that "webhooks runtime start" is running ` +
            "and listening there, or pass --url / set WEBHOOKS_RUNTIME_URL to where it listens (RUNTIME_UNREACHABLE)\n",
        );
      });

      it("exits 1 with API_UNAUTHORIZED and a hint for a wrong token, without printing the token", async () => {
        const r = await runCli("deliveries", "--url", runtime.url, "--token", "wrong-token-0000000000000");
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^webhooks deliveries: wrong bearer token: .*; check --token, the WEBHOOKS_\*_TOKEN variables or --data-dir \(API_UNAUTHORIZED\)\n$/);
        expect(r.stderr).not.toContain("wrong-token-0000000000000");
      });

      it("exits 2 when no token can be found", async () => {
        const empty = join(tmp.dir, "no-tokens");
        mkdirSync(empty);
        const saved = { a: process.env.WEBHOOKS_ADMIN_TOKEN, i: process.env.WEBHOOKS_INGEST_TOKEN };
        delete process.env.WEBHOOKS_ADMIN_TOKEN;
        delete process.env.WEBHOOKS_INGEST_TOKEN;
        try {
          const r = await runCli("deliveries", "--url", runtime.url, "--data-dir", empty);
          expect(r.code).toBe(2);
          expect(r.stderr).toContain(`no API token: pass --token, set WEBHOOKS_ADMIN_TOKEN, or point --data-dir at the runtime's data dir (no tokens.json in ${empty})`);
        } finally {
          if (saved.a !== undefined) process.env.WEBHOOKS_ADMIN_TOKEN = saved.a;
          if (saved.i !== undefined) process.env.WEBHOOKS_INGEST_TOKEN = saved.i;
        }
      });
    });
  });
}
