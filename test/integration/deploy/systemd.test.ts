// The systemd unit (deploy/systemd/webhooks-runtime.service): `systemd-analyze verify` accepts it
// (systemd is installed here but is not PID 1, so the unit is not started by systemd), and its
// ExecStart runs as the unit would: an unprivileged user whose only writable place is the state
// directory (the working directory), the unit's Environment=, and KillSignal= drains to exit 0.
import { execFile, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, freePort } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { unitSection } from "./recipes";

jest.setTimeout(60_000);

const UNIT = join(REPO_ROOT, "deploy/systemd/webhooks-runtime.service");
const NOBODY = 65534;
const tmp = tempDir("webhooks-systemd-");
afterAll(() => tmp.remove());
const service = unitSection(UNIT, "Service");
const value = (key: string) => service.filter(([k]) => k === key).map(([, v]) => v);

describe("the systemd unit", () => {
  it("passes systemd-analyze verify", async () => {
    // verify checks that ExecStart's binary exists: point it at the built CLI, change nothing else.
    const copy = join(tmp.dir, "webhooks-runtime.service");
    writeFileSync(copy, readFileSync(UNIT, "utf8").replace("/usr/local/bin/webhooks", join(REPO_ROOT, "dist/provider/cli/main.js")));
    const { code, err } = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = execFile("systemd-analyze", ["verify", copy], (_e, _o, stderr) => resolve({ code: p.exitCode, err: stderr }));
    });
    expect(err.split("\n").filter((l) => l.includes("webhooks-runtime.service"))).toEqual([]);
    expect(code).toBe(0);
  });

  it("runs non-root with state only in its StateDirectory, and KillSignal drains it to exit 0", async () => {
    expect(value("DynamicUser")).toEqual(["yes"]);
    expect(value("ProtectSystem")).toEqual(["strict"]);
    expect(value("Restart")).toEqual(["on-failure"]);
    const state = join(tmp.dir, "var/lib", value("StateDirectory")[0]);
    mkdirSync(state, { recursive: true });
    chownSync(state, NOBODY, NOBODY);
    chmodSync(state, 0o700);
    chmodSync(tmp.dir, 0o755);
    chmodSync(join(tmp.dir, "var"), 0o755);
    chmodSync(join(tmp.dir, "var/lib"), 0o755);
    const port = await freePort();
    const config = join(tmp.dir, "runtime.yaml");
    writeFileSync(config, `listen: 127.0.0.1:${port}\n`);
    chmodSync(config, 0o644);
    const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", WEBHOOKS_ADMIN_TOKEN: "systemd-admin-token-0123456789", WEBHOOKS_INGEST_TOKEN: "systemd-ingest-token-0123456789" };
    for (const e of value("Environment")) env[e.slice(0, e.indexOf("="))] = e.slice(e.indexOf("=") + 1).replace("/var/lib/webhooks", state);
    const argv = value("ExecStart")[0]
      .split(" ")
      .map((a) => (a === "/usr/local/bin/webhooks" ? join(REPO_ROOT, "dist/provider/cli/main.js") : a === "/etc/webhooks/runtime.yaml" ? config : a));
    const child = spawn("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", process.execPath, ...argv], { cwd: state, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`not healthy:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(readdirSync(state)).toEqual(expect.arrayContaining(["webhooks.db", "encryption.keys"]));
    child.kill(value("KillSignal")[0] as NodeJS.Signals);
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"runtime stopped"');
  });
});
