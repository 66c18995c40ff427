// The container recipe (deploy/container/Containerfile), run without a container engine (none
// runs on this machine): its build stage's COPY and RUN steps in a fresh directory (a real
// `npm ci` from the lockfile, the build, the prune to production dependencies), then the final
// stage's ENTRYPOINT + CMD with its ENV as an unprivileged user who can write only the data
// volume (the image's read-only root), its HEALTHCHECK command, and its STOPSIGNAL drain.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, freePort } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { envOf, execForm, readContainerfile, type Instruction } from "./recipes";

jest.setTimeout(600_000);

const NOBODY = 65534;
const steps = readContainerfile(join(REPO_ROOT, "deploy/container/Containerfile"));
const tmp = tempDir("webhooks-container-");
const root = (p: string) => join(tmp.dir, p.replace(/^\//, ""));

function sh(command: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile("bash", ["-c", command], { cwd, env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? "/usr", npm_config_prefer_offline: "true" }, maxBuffer: 64 * 1024 * 1024 }, (e, _out, err) =>
      e === null ? resolve() : reject(new Error(`${command} failed: ${err}`)),
    );
  });
}

const exitOf = (argv: string[]): Promise<number | null> =>
  new Promise((resolve) => {
    const p = execFile(argv[0], argv.slice(1), { timeout: 10_000 }, () => resolve(p.exitCode));
  });

/** Runs one stage's WORKDIR/COPY/RUN steps under tmp/ (the image's /); apt-get steps are the base image's packages, present here. */
async function runStage(stage: number): Promise<void> {
  let workdir = "/";
  const stageDirs = new Map<string, string>([["build", "/"]]);
  for (const s of steps.filter((x: Instruction) => x.stage === stage)) {
    if (s.keyword === "WORKDIR") {
      workdir = s.args;
      mkdirSync(root(workdir), { recursive: true });
    } else if (s.keyword === "COPY") {
      const parts = s.args.split(/\s+/);
      const from = parts[0].startsWith("--from=") ? parts.shift()!.slice("--from=".length) : undefined;
      const dest = parts.pop()!;
      for (const src of parts) {
        const source = from === undefined ? join(REPO_ROOT, src) : root(join(stageDirs.get(from) ?? "/", src));
        const target = dest.endsWith("/") || parts.length > 1 ? join(root(workdir), dest, src.split("/").pop()!) : join(root(workdir), dest);
        cpSync(source, target, { recursive: true, filter: (p) => !p.includes("/node_modules/") || from !== undefined });
      }
    } else if (s.keyword === "RUN") {
      if (s.args.startsWith("apt-get")) continue;
      // The final stage's `chown node:node /data`: here the unprivileged user is nobody.
      if (s.args.includes("chown")) {
        mkdirSync(root("/data"), { recursive: true });
        chownSync(root("/data"), NOBODY, NOBODY);
        continue;
      }
      await sh(s.args, root(workdir));
    }
  }
}

let runtime: ChildProcess | undefined;
afterAll(() => {
  runtime?.kill("SIGKILL");
  tmp.remove();
});

describe("the container recipe", () => {
  it("builds, runs non-root on a read-only root with a data volume, answers its health check, and drains on its stop signal", async () => {
    // The build stage keeps its files at /src; the final stage copies from there.
    await runStage(0);
    expect(existsSync(root("/src/dist/provider/cli/main.js"))).toBe(true);
    // Pruned: no dev dependency reaches the image. (@pulumi/pulumi, and the typescript it depends on, stay:
    // the workspace's SDK package names it as a peer, which npm keeps; docs/deploy.md.)
    expect(existsSync(root("/src/node_modules/jest"))).toBe(false);
    expect(existsSync(root("/src/node_modules/eslint"))).toBe(false);
    await runStage(1);
    chmodSync(tmp.dir, 0o755);
    const final = steps.filter((s) => s.stage === 1);
    const env = envOf(steps, 1);
    expect(final.find((s) => s.keyword === "USER")?.args).toBe("node");
    expect(env.WEBHOOKS_DATA_DIR).toBe("/data");
    const port = await freePort();
    const argv = [...execForm(final.find((s) => s.keyword === "ENTRYPOINT")!.args), ...execForm(final.find((s) => s.keyword === "CMD")!.args)].map((a) =>
      a.startsWith("/app/") ? root(a) : a,
    );
    // The image listens on 0.0.0.0 inside its network namespace; a test listens on loopback only.
    const runEnv = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      ...env,
      WEBHOOKS_DATA_DIR: root(env.WEBHOOKS_DATA_DIR),
      WEBHOOKS_LISTEN: `127.0.0.1:${port}`,
      WEBHOOKS_ADMIN_TOKEN: "container-admin-token-0123456789",
      WEBHOOKS_INGEST_TOKEN: "container-ingest-token-0123456789",
    };
    let output = "";
    runtime = spawn("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", ...argv], { cwd: root("/app"), env: runEnv, stdio: ["ignore", "pipe", "pipe"] });
    runtime.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    runtime.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => runtime!.once("exit", (code) => resolve(code)));

    const health = execForm(final.find((s) => s.keyword === "HEALTHCHECK")!.args).map((a) => a.replace("127.0.0.1:8787", `127.0.0.1:${port}`));
    const deadline = Date.now() + 30_000;
    while ((await exitOf(health)) !== 0) {
      if (Date.now() > deadline || runtime.exitCode !== null) throw new Error(`the image's runtime did not become healthy:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Everything it wrote is on the volume.
    expect(readdirSync(root("/data")).sort()).toEqual(expect.arrayContaining(["encryption.keys", "webhooks.db"]));
    expect(output).not.toMatch(/EACCES|EROFS/);

    const stop = final.find((s) => s.keyword === "STOPSIGNAL")!.args as NodeJS.Signals;
    runtime.kill(stop);
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"runtime stopped"');
    expect(await exitOf(health)).toBe(1);
  });
});
