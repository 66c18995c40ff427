// `webhooks test` as a PR pipeline or an engineer runs it: the built binary in its
// own process (`make test` builds dist/ first) against a real receiver in this one.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { createTestCa, type TestCa } from "../../support/testCa";
import { tempDir } from "../../support/tempFiles";

const root = join(__dirname, "../../..");
const bin = join(root, "dist/provider/cli/main.js");
const tmp = tempDir();
let ca: TestCa;
let rx: Receiver;
let config: string;

/** Runs the binary without blocking this process's event loop, which serves the receiver. */
function webhooks(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "make build" (make test does) first`);
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  config = tmp.write(
    "audit.yaml",
    [
      "kind: audit",
      "name: binary test",
      "url: https://hooks.test/audit?key=binary-secret",
      'bodyTemplate: \'{"type": "{{event_type}}"}\'',
      "signingSecret: whsec_" + Buffer.alloc(32, 9).toString("base64"),
      "",
    ].join("\n"),
  );
});
afterAll(async () => {
  await rx.close();
  ca.dispose();
  tmp.remove();
});
beforeEach(() => {
  rx.requests.length = 0;
});

const net = () => ["--resolve", `hooks.test:${rx.host}`, "--allow-cidr", "127.0.0.0/8", "--ca-file", ca.caFile];

describe("the webhooks binary: test", () => {
  it("exits 0 after a successful Test invocation, and the process ends by itself", async () => {
    rx.respondWith(() => ({ status: 204, body: "" }));
    const r = await webhooks("test", config, ...net());
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([
      "Test invocation succeeded",
      expect.stringMatching(/^POST https:\/\/hooks\.test\/audit\?key=\*\*\*\* → 204 \(\d+ ms\)$/),
    ]);
    expect(rx.requests).toHaveLength(1);
    expect(rx.requests[0].body).toBe('{"type": "AuditLogEvent"}');
    expect(rx.requests[0].headers["webhook-signature"]).toMatch(/^v1,/);
  });

  it("exits 1 with the code on the first line when the target fails", async () => {
    rx.respondWith(() => ({ status: 404 }));
    const r = await webhooks("test", config, ...net());
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^Test invocation failed: HTTP_STATUS: hooks\.test answered 404: /);
  });

  it("--json prints a record that parses, with no secret in it", async () => {
    rx.respondWith((req) => ({ status: 200, body: JSON.stringify({ echo: req.url }) }));
    const r = await webhooks("test", config, ...net(), "--json");
    expect(r.status).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record).toMatchObject({ isTest: true, result: "success", eventType: "AuditLogEvent", response: { status: 200, body: '{"echo":"/audit?key=****"}' } });
    expect(r.stdout).not.toContain("binary-secret");
  });

  it("refuses the receiver's loopback address without --allow-cidr: exit 1, ADDRESS_REFUSED, nothing sent", async () => {
    const r = await webhooks("test", config, "--resolve", `hooks.test:${rx.host}`, "--ca-file", ca.caFile);
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n")[0]).toMatch(/^Test invocation failed: ADDRESS_REFUSED: /);
    expect(rx.requests).toHaveLength(0);
  });

  it("exits 2 on a usage error", async () => {
    const r = await webhooks("test", config, "--allow-cidr", "not-a-cidr");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("webhooks test: --allow-cidr not-a-cidr is not an address range");
  });
});
