// `webhooks dev receiver` (issue 16): the built CLI as a real process on a loopback address, port
// 443, with the CA it makes; a real runtime started with the config lines it prints delivers to it
// with TLS verified, and `webhooks test` reaches it with the flags it prints. Secrets stay masked.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mockAuditEvent } from "../../../provider/model/mockEvents";
import { parseDataText } from "../../../provider/io/readDataFile";
import { randomLoopbackAddress } from "../../support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { ADMIN, Api, INGEST, until } from "../runtime/apiHelpers";

jest.setTimeout(60_000);

const BIN = join(REPO_ROOT, "dist/provider/cli/main.js");
const tmp = tempDir("webhooks-dev-receiver-");
const caDir = join(tmp.dir, "ca");
const address = randomLoopbackAddress();
const NAME = "hooks.dev.test";

interface Ready {
  url: string;
  caFile: string;
  runtimeConfigYaml: string;
}
interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

let child: ChildProcess;
let lines: string[] = [];
let ready: Ready;
let runtime: RuntimeProcess;

function startReceiverProcess(extra: string[] = []): Promise<Ready> {
  lines = [];
  child = spawn(process.execPath, [BIN, "dev", "receiver", "--json", "--address", address, "--dir", caDir, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  let buffered = "";
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() as string;
      for (const l of parts) {
        lines.push(l);
        const parsed = JSON.parse(l) as { ready?: Ready };
        if (parsed.ready !== undefined) resolve(parsed.ready);
      }
    });
    child.once("exit", (code) => reject(new Error(`dev receiver exited ${code}: ${err}`)));
  });
}

const requests = (): Seen[] => lines.map((l) => JSON.parse(l) as { request?: Seen }).flatMap((l) => (l.request === undefined ? [] : [l.request]));

const stopReceiver = (): Promise<number | null> =>
  new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGINT");
  });

beforeAll(async () => {
  ready = await startReceiverProcess();
  const config = parseDataText(ready.runtimeConfigYaml, "printed config") as Record<string, unknown>;
  runtime = await startRuntimeProcess({ dir: tmp.dir, config, adminToken: ADMIN, ingestToken: INGEST });
});

afterAll(async () => {
  if (runtime !== undefined && runtime.child.exitCode === null) await runtime.kill("SIGKILL");
  if (child.exitCode === null) await stopReceiver();
  tmp.remove();
});

describe("webhooks dev receiver", () => {
  it("prints config lines that let a real runtime deliver to it with TLS verified, and shows what it was sent, secrets masked", async () => {
    expect(ready.url).toBe(`https://${NAME}`);
    expect(ready.runtimeConfigYaml).toContain(`caFile: ${JSON.stringify(ready.caFile)}`);
    const api = new Api(runtime.url);
    const created = await api.call("POST", "/v1/webhooks", {
      body: {
        kind: "audit",
        name: "dev-audit",
        url: `${ready.url}/audit?key=dev-query-secret-123`,
        headers: { "X-Api-Key": "dev-header-secret-456" },
        authentication: { type: "bearer", token: "dev-bearer-secret-789" },
        bodyTemplate: '{"type": "{{event_type}}", "time": "{{event_time}}"}',
      },
    });
    expect(`${created.status} ${created.text}`).toMatch(/^201 /);
    const event = mockAuditEvent();
    expect((await api.call("POST", "/v1/events/audit", { token: INGEST, body: event })).status).toBe(202);
    const seen = await until("the audit delivery at the dev receiver", async () => requests().find((r) => r.path.startsWith("/audit")));
    expect(seen.method).toBe("POST");
    expect(seen.path).toBe("/audit?key=****");
    expect(seen.headers["x-api-key"]).toBe("****");
    expect(seen.headers.authorization).toBe("****");
    expect(seen.headers["content-type"]).toContain("application/json");
    expect(seen.headers["webhook-id"]).toMatch(/\S/);
    expect(JSON.parse(seen.body)).toEqual({ type: (event as { event_type: string }).event_type, time: (event as { event_time: string }).event_time });
    const all = lines.join("\n");
    for (const secret of ["dev-query-secret-123", "dev-header-secret-456", "dev-bearer-secret-789"]) expect(all).not.toContain(secret);
  });

  it("is reached by `webhooks test` with the flags it prints, answering the --status it was given", async () => {
    const config = tmp.write("hook.yaml", `kind: audit\nname: dev-test\nurl: ${ready.url}/t\nbodyTemplate: '{"id": "{{id}}"}'\n`);
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = execFile(process.execPath, [BIN, "test", config, "--ca-file", ready.caFile, "--resolve", `${NAME}:${address}`, "--allow-cidr", `${address}/32`], (_e, out) => resolve({ code: p.exitCode, out }));
      });
    expect((await run()).code).toBe(0);
    const firstCa = readFileSync(ready.caFile, "utf8");
    expect(await stopReceiver()).toBe(0);
    // A restart keeps the CA (a runtime configured with it keeps trusting the receiver).
    ready = await startReceiverProcess(["--status", "503"]);
    expect(readFileSync(ready.caFile, "utf8")).toBe(firstCa);
    const failed = await run();
    expect(failed.code).toBe(1);
    expect(failed.out).toContain("503");
    expect(requests().at(-1)?.status).toBe(503);
  });

  it("says how to fix a bad address instead of failing obscurely", async () => {
    const out = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = execFile(process.execPath, [BIN, "dev", "receiver", "--address", "10.0.0.1"], (_e, _o, err) => resolve({ code: p.exitCode, err }));
    });
    expect(out.code).toBe(2);
    expect(out.err).toContain("--address must be a loopback IPv4 address in 127.0.0.0/8");
  });
});
