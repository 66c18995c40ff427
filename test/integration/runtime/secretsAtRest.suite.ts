// Issue 13 item 9: registrations' secret fields are sealed at rest. Against a
// real runtime process on each store: no secret value in the SQLite file (and
// its WAL) or the PostgreSQL rows; deliveries still carry the real secrets;
// rotate-key reseals every row and the old key can go; a wrong key fails start.
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { runCli } from "../../support/cliRunner";
import { startReceiver, type Receiver, type RecordedRequest } from "../../support/httpsReceiver";
import { queryDatabase } from "../../support/postgresDatabase";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { TestStores, type StoreKind } from "../../support/storeKinds";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, Api, INGEST, SECRETS, requestWebhook, runtimeConfig, until } from "./apiHelpers";

/** The secret fields' values (the URL's query is masked in answers but is not a secret field). */
const SEALED = [SECRETS.header, SECRETS.bearer, SECRETS.signing];

export function secretsAtRestSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    jest.setTimeout(90_000);
    const stores = new TestStores(kind);
    const tmp = tempDir("webhooks-atrest-");
    const dataDir = join(tmp.dir, "data");
    const keyFile = join(dataDir, "encryption.keys");
    let ca: TestCa;
    let rx: Receiver;
    let runtime: RuntimeProcess | undefined;
    let config: Record<string, unknown>;
    let port: number | undefined;
    let webhookId: string;
    let fingerprints: Record<string, string> = {};
    let firstOutput = "";

    const start = async () => {
      // A runtime left running by a failed test would keep this port's /healthz answering (the new
      // process could not bind) and, once overwritten, its pipes would keep jest from ever exiting.
      await stop();
      runtime = await startRuntimeProcess({ dir: tmp.dir, config, adminToken: ADMIN, ingestToken: INGEST, ...(port === undefined ? {} : { port }) });
      port = runtime.port;
      return new Api(runtime.url);
    };
    async function stop(): Promise<void> {
      const r = runtime;
      runtime = undefined;
      // SIGKILL if a drain does not end in 15 s: a stop never waits without a bound.
      const timer = setTimeout(() => r?.child.kill("SIGKILL"), 15_000);
      try {
        await r?.kill("SIGTERM");
      } finally {
        clearTimeout(timer);
      }
    }

    /** Everything the store holds, as text: the SQLite files' bytes, or every row of every table. */
    async function storedText(): Promise<string> {
      if (kind === "sqlite") {
        return ["webhooks.db", "webhooks.db-wal", "webhooks.db-shm"]
          .map((f) => join(dataDir, f))
          .filter((f) => existsSync(f))
          .map((f) => readFileSync(f).toString("latin1"))
          .join("\n");
      }
      const url = await stores.storeFor(tmp.dir);
      const dumps = await Promise.all(
        ["webhooks", "webhook_versions", "events", "deliveries", "attempts", "runtime_secrets"].map((t) =>
          queryDatabase<{ dump: string | null }>(url, `SELECT string_agg(t::text, E'\\n') AS dump FROM ${t} t`),
        ),
      );
      return dumps.map((d) => d[0].dump ?? "").join("\n");
    }

    const keyLines = () => readFileSync(keyFile, "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#"));

    /** Ingests one event and returns what the receiver got for it. */
    async function deliverOne(api: Api, id: string): Promise<RecordedRequest> {
      // The body template carries data.id, so the receiver's request can be told apart by it.
      const event = mockRequestEvent("RequestCreated");
      const r = await api.call("POST", "/v1/events/request", { token: INGEST, body: { ...event, id, data: { ...event.data, id } } });
      expect(r.status).toBe(202);
      return until(`delivery of ${id}`, async () => rx.requests.find((q) => q.body.includes(id)), 20_000).catch((e: Error) => {
        throw new Error(`${e.message}\nruntime output:\n${runtime?.output() ?? ""}`);
      });
    }

    function expectRealSecrets(req: RecordedRequest): void {
      expect(req.headers["authorization"]).toBe(`Bearer ${SECRETS.bearer}`);
      expect(req.headers["x-api-key"]).toBe(SECRETS.header);
      const key = Buffer.from(SECRETS.signing.slice("whsec_".length), "base64");
      const mac = createHmac("sha256", key).update(`${req.headers["webhook-id"]}.${req.headers["webhook-timestamp"]}.${req.body}`).digest("base64");
      expect(req.headers["webhook-signature"]).toBe(`v1,${mac}`);
    }

    beforeAll(async () => {
      ca = createTestCa();
      rx = await startReceiver({ tls: ca });
      config = runtimeConfig(rx.pin("hooks.test"), ca.caFile, { store: await stores.storeFor(tmp.dir) });
    });

    afterAll(async () => {
      await runtime?.kill("SIGKILL");
      await rx?.close();
      await stores.dispose();
      ca?.dispose();
      tmp.remove();
    });

    it("stores no secret value, only sealed ones, and delivers with the real secrets", async () => {
      const api = await start();
      const created = await api.call<{ id: string }>("POST", "/v1/webhooks", { body: requestWebhook("sealed", "/in") });
      expect(created.status).toBe(201);
      webhookId = created.body.id;
      // An update writes a second version: it must be sealed too.
      const updated = await api.call<{ secretFingerprints: Record<string, string> }>("PUT", `/v1/webhooks/${webhookId}`, { body: requestWebhook("sealed", "/in2") });
      expect(updated.status).toBe(200);
      fingerprints = updated.body.secretFingerprints;
      expect(Object.keys(fingerprints).sort()).toEqual(["authentication.token", "headers.X-Api-Key", "signingSecret", "url"]);
      expectRealSecrets(await deliverOne(api, "atrest-1"));

      const stored = await storedText();
      for (const secret of SEALED) expect(stored).not.toContain(secret);
      expect(stored).toMatch(/enc:v1:k[0-9a-f]{12}:/);
      // Non-secret fields stay readable for an operator looking at the rows.
      expect(stored).toContain("hooks.test/in2");
      firstOutput = runtime!.output();
      await stop();
    });

    it("generated the key into the data dir, mode 0600, and logged its id, not the key", async () => {
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(keyLines()).toHaveLength(1);
      expect(firstOutput).toMatch(/encryption key generated.*"keyId":"k[0-9a-f]{12}"/);
      expect(firstOutput).not.toContain(keyLines()[0]);
    });

    it("rotate-key seals every row with a new key; the old key can then be removed", async () => {
      const before = keyLines();
      const r = await runCli("runtime", "rotate-key", "--config", join(tmp.dir, "runtime.json"));
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^sealed 2 of 2 stored webhook versions with key k[0-9a-f]{12}\n/);
      const after = keyLines();
      expect(after).toHaveLength(2);
      expect(after[1]).toBe(before[0]);
      for (const key of after) expect(r.stdout).not.toContain(key);
      const [newId, oldId] = [/with key (k[0-9a-f]{12})/.exec(r.stdout)![1], /old keys still in .*: (k[0-9a-f]{12})/.exec(r.stdout)![1]];
      const stored = await storedText();
      expect(stored).toContain(`enc:v1:${newId}:`);
      expect(stored).not.toContain(`enc:v1:${oldId}:`);

      // Running it again (as after an interruption) is safe: every row is readable and resealed once more.
      const again = await runCli("runtime", "rotate-key", "--config", join(tmp.dir, "runtime.json"));
      expect(again.code).toBe(0);
      // Keep only the newest key: the runtime must start and deliver without the old ones.
      writeFileSync(keyFile, keyLines()[0] + "\n", { mode: 0o600 });
      const api = await start();
      expectRealSecrets(await deliverOne(api, "atrest-2"));
      for (const secret of SEALED) expect(await storedText()).not.toContain(secret);
      // The fingerprint key was resealed too: after a restart and a rotation no webhook drifts.
      const got = await api.call<{ secretFingerprints: Record<string, string> }>("GET", `/v1/webhooks/${webhookId}`);
      expect(got.body.secretFingerprints).toEqual(fingerprints);
      await stop();
    });

    it("a wrong key fails start with ENCRYPTION_KEY_UNKNOWN naming the key id, never a key or secret", async () => {
      const right = readFileSync(keyFile, "utf8");
      const storedId = /enc:v1:(k[0-9a-f]{12}):/.exec(await storedText())![1];
      const wrong = randomBytes(32).toString("base64");
      writeFileSync(keyFile, wrong + "\n", { mode: 0o600 });
      try {
        const failed = await start().then(
          () => "",
          (e: Error) => e.message,
        );
        expect(failed).toContain("ENCRYPTION_KEY_UNKNOWN");
        expect(failed).toContain(storedId);
        for (const text of [...SEALED, wrong, right.trim()]) expect(failed).not.toContain(text);
      } finally {
        await stop();
        writeFileSync(keyFile, right, { mode: 0o600 });
      }
    });

    if (kind === "postgres") {
      it("seals on start the plaintext rows an older runtime wrote", async () => {
        const url = await stores.storeFor(tmp.dir);
        const plain = JSON.stringify({ ...requestWebhook("sealed", "/in3") });
        await queryDatabase(url, `UPDATE webhook_versions SET config = $1 WHERE webhook_id = $2 AND version = 1`, [plain, webhookId]);
        expect(await storedText()).toContain(SECRETS.bearer);
        await start();
        for (const secret of SEALED) expect(await storedText()).not.toContain(secret);
        await stop();
      });
    }
  });
}
