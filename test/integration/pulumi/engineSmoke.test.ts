// The real Pulumi engine, offline: the CLI built by tools/pulumi-cli/build.sh drives one no-op
// dynamic resource through up, export and destroy, with a file backend in a temp dir.
// The program runs inline (Automation API), the in-process path; cliProgram.test.ts covers the
// plain CLI with the Node language host of tools/pulumi-cli/language-host (see its README).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn } from "@pulumi/pulumi/automation";
import { offlinePulumiEnv } from "../../support/pulumiOffline";

const REPO = join(__dirname, "../../..");
const PULUMI_ROOT = join(REPO, ".pulumi"); // PulumiCommand.get({root}) runs <root>/bin/pulumi
const BIN = join(PULUMI_ROOT, "bin");
const FIXTURE = join(REPO, "test/fixtures/pulumi/noop");
const NOOP_TYPE = "pulumi-nodejs:dynamic/smoke:Noop";

interface StateResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulumi-smoke-"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the self-built CLI creates and destroys a dynamic resource offline", async () => {
  for (const bin of ["pulumi", "pulumi-resource-pulumi-nodejs"]) {
    if (!existsSync(join(BIN, bin))) {
      throw new Error(`${join(BIN, bin)} is missing: run "make pulumi" (tools/pulumi-cli/build.sh) first`);
    }
  }
  // The dynamic-provider plugin runs with the project dir as cwd and resolves @pulumi/pulumi
  // from there, so the temp copy gets the repo's node_modules through a symlink.
  const workDir = join(dir, "noop");
  cpSync(FIXTURE, workDir, { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(workDir, "node_modules"), "dir");
  const envVars = offlinePulumiEnv(dir);

  const pulumiCommand = await PulumiCommand.get({ root: PULUMI_ROOT, skipVersionCheck: true });
  expect(pulumiCommand.command).toBe(join(BIN, "pulumi"));
  const program = ((await import(join(workDir, "index.js"))) as { default: PulumiFn }).default;
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "smoke", projectName: "noop", program },
    { workDir, pulumiCommand, envVars },
  );

  const up = await stack.up();
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  // Outputs that only the provider's create() returns: the plugin process really ran.
  expect(up.outputs.noopId).toEqual({ value: "noop-smoke", secret: false });
  expect(up.outputs.createdBy).toEqual({ value: "noop-provider", secret: false });

  const created = await stack.exportStack();
  // The CLI is built at the version of the @pulumi/pulumi installed (3.248.0 here, 3.276.0 in the Node 22 leg).
  expect(created.deployment.manifest.version).toBe(`v${(JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version}`);
  const noop = (created.deployment.resources as StateResource[]).filter((r) => r.type === NOOP_TYPE);
  expect(noop).toHaveLength(1);
  expect(noop[0].id).toBe("noop-smoke");
  expect(noop[0].outputs).toMatchObject({ label: "smoke", createdBy: "noop-provider" });
  expect(typeof noop[0].inputs?.__provider).toBe("string");

  const destroy = await stack.destroy();
  expect(destroy.summary.result).toBe("succeeded");
  expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
  const destroyed = await stack.exportStack();
  expect(destroyed.deployment.resources ?? []).toEqual([]);
}, 110_000);
