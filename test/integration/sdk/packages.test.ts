// The two npm packages (issue 16), as a user meets them: `npm pack` of the workspace's SDK package
// (packages/pulumi-webhooks) installed into a fresh Pulumi program with a real `npm install` from
// the registry (cache first), then the program's `pulumi preview` on the real engine and the CLI
// from node_modules/.bin. The SDK carries no runtime dependency; the runtime package (the root)
// carries the runtime. Prints what the install cost.
import { execFile } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { offlinePulumiEnv, PULUMI_BIN } from "../../support/pulumiOffline";
import { requireTools } from "../../support/pulumiStack";
import { REPO_ROOT } from "../../support/runtimeProcess";
import { spawnCollect } from "../../support/spawnCollect";
import { tempDir } from "../../support/tempFiles";

jest.setTimeout(600_000);

const tmp = tempDir("webhooks-packages-");
afterAll(() => tmp.remove());
const PULUMI_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = execFile(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (_e, out, err) => resolve({ code: p.exitCode, out, err }));
  });
}

async function pack(dir: string): Promise<{ file: string; files: string[] }> {
  const r = await sh("npm", ["pack", "--json", "--pack-destination", tmp.dir], dir);
  expect(r.code).toBe(0);
  const [info] = JSON.parse(r.out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { file: join(tmp.dir, info.filename), files: info.files.map((f) => f.path) };
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

let program: string;

beforeAll(async () => {
  requireTools();
  const sdk = await pack(join(REPO_ROOT, "packages/pulumi-webhooks"));
  program = join(tmp.dir, "program");
  cpSync(join(REPO_ROOT, "test/fixtures/pulumi/e2e/program"), program, { recursive: true, filter: (p) => !p.includes("node_modules") });
  // The program as a user writes it: its own @pulumi/pulumi, the package from the tarball (a copy, not a link).
  writeFileSync(join(program, "package.json"), JSON.stringify({ name: "packaged-program", private: true, dependencies: { "@pulumi/pulumi": PULUMI_VERSION, "pulumi-webhooks": `file:${sdk.file}` } }));
  const started = performance.now();
  const install = await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], program);
  const seconds = (performance.now() - started) / 1000;
  expect(`${install.code} ${install.err}`).toMatch(/^0 /);
  const added = /added (\d+) packages/.exec(install.out + install.err)?.[1];
  process.stdout.write(`packages: pulumi-webhooks into a fresh program: ${added} packages, ${(sizeOf(join(program, "node_modules")) / 1e6).toFixed(0)} MB, ${seconds.toFixed(1)} s (npm cache first)\n`);
});

describe("the pulumi-webhooks package a Pulumi program installs", () => {
  it("brings no runtime dependency: no database driver, no native build", () => {
    for (const dep of ["pg", "better-sqlite3"]) expect(existsSync(join(program, "node_modules", dep))).toBe(false);
    // Type declarations of the store may come along; no store, runtime engine or API does.
    for (const f of ["runtime/store/sqliteStore.js", "runtime/store/postgresStore.js", "runtime/createEngine.js", "runtime/api/server.js", "cli/commands/runtimeStart.js"]) {
      expect(existsSync(join(program, "node_modules/pulumi-webhooks/dist/provider", f))).toBe(false);
    }
    // A copy, and one @pulumi/pulumi: the program's own.
    expect(statSync(join(program, "node_modules/pulumi-webhooks")).isDirectory()).toBe(true);
    expect(existsSync(join(program, "node_modules/pulumi-webhooks/node_modules/@pulumi/pulumi"))).toBe(false);
  });

  it("serves `pulumi preview` on the real engine: the dynamic provider runs from the installed package", async () => {
    const env = { ...process.env, ...offlinePulumiEnv(join(tmp.dir, "pulumi")), PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
    const pulumi = (...args: string[]) => spawnCollect(join(PULUMI_BIN, "pulumi"), [...args, "--non-interactive", "--color=never"], { cwd: program, env });
    expect((await pulumi("stack", "init", "dev")).status).toBe(0);
    const config: Record<string, string> = { auditUrl: "https://hooks.example.com/a", requestUrl: "https://hooks.example.com/r", template: '{"id": "{{data.id}}"}', "webhooks:runtimeUrl": "http://127.0.0.1:9" };
    for (const [k, v] of Object.entries(config)) expect((await pulumi("config", "set", "--plaintext", k, v)).status).toBe(0);
    for (const k of ["apiKey", "bearerToken"]) expect((await pulumi("config", "set", "--secret", k, `packaged-${k}-secret`)).status).toBe(0);
    expect((await pulumi("config", "set", "--secret", "signingSecret", "whsec_cGFja2FnZWQgc2lnbmluZyBrZXksIDMyIGJ5dGVzISE=")).status).toBe(0);
    const good = await pulumi("preview", "--diff");
    expect(`${good.status} ${good.stdout}${good.stderr}`).toMatch(/^0 [\s\S]*\+ 3 to create/);
    // The offline check runs from the package too: a template error names the field.
    expect((await pulumi("config", "set", "template", '{"id": "{{data.nope}}"}')).status).toBe(0);
    const bad = await pulumi("preview");
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain("bodyTemplate");
  });

  it("has the engineers' CLI; the runtime's commands say which package has them", async () => {
    const bin = join(program, "node_modules/.bin/webhooks");
    expect((await sh(bin, ["validate", join(REPO_ROOT, "examples/configs/audit-webhook.yaml")], program)).code).toBe(0);
    for (const args of [["runtime", "start"], ["test", "x.yaml"]]) {
      const r = await sh(bin, args, program);
      expect(r.code).toBe(1);
      expect(r.err).toContain("npm install -g pulumi-webhooks-runtime");
    }
    const help = await sh(bin, ["--help"], program);
    expect(help.out).toContain("runtime start");
  });
});

describe("the pulumi-webhooks-runtime package (the repository root)", () => {
  it("packs the runtime, the operator CLI and the stores, and no workspace or test file", async () => {
    const runtime = await pack(REPO_ROOT);
    expect(runtime.files).toEqual(expect.arrayContaining(["dist/provider/cli/main.js", "dist/provider/runtime/store/sqliteStore.js", "dist/provider/runtime/store/postgresStore.js"]));
    expect(runtime.files.filter((f) => f.startsWith("packages/") || f.startsWith("test/") || f.endsWith(".test.js"))).toEqual([]);
  });
});
