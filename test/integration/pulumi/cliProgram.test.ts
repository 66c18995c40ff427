// The plain CLI (no Automation API) runs a Pulumi.yaml TypeScript program offline through the
// JS language host that tools/pulumi-cli/build.sh installs as .pulumi/bin/pulumi-language-nodejs:
// preview, up, refresh and destroy of one dynamic resource, with a file backend in a temp dir.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { offlinePulumiEnv } from "../../support/pulumiOffline";

const REPO = join(__dirname, "../../..");
const BIN = join(REPO, ".pulumi/bin");
const FIXTURE = join(REPO, "test/fixtures/pulumi/tsprogram");
const GREETING_TYPE = "pulumi-nodejs:dynamic/tsprogram:Greeting";
const MISSING_CONFIG = "Missing required configuration variable 'tsprogram:greeting'";

interface StateResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

interface PreviewJson {
  changeSummary: Record<string, number>;
  steps: { op: string; urn: string }[];
}

let dir = "";
let workDir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulumi-cli-program-"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pulumi(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(BIN, "pulumi"), [...args, "--non-interactive", "--color=never"], {
    cwd: workDir,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, ...offlinePulumiEnv(dir) },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command that must succeed; on failure the assertion shows its output. */
function ok(...args: string[]): string {
  const run = pulumi(...args);
  expect({ args, status: run.status, stderr: run.status === 0 ? "" : run.stderr + run.stdout }).toEqual({
    args,
    status: 0,
    stderr: "",
  });
  return run.stdout;
}

function stackResources(): StateResource[] {
  const exported = JSON.parse(ok("stack", "export")) as { deployment: { resources?: StateResource[] } };
  return exported.deployment.resources ?? [];
}

test("the plain CLI previews, updates, refreshes and destroys a TypeScript program offline", () => {
  for (const bin of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
    if (!existsSync(join(BIN, bin))) {
      throw new Error(`${join(BIN, bin)} is missing: run "make pulumi" (tools/pulumi-cli/build.sh) first`);
    }
  }
  // The program and the dynamic-provider plugin both resolve @pulumi/pulumi from the project dir.
  workDir = join(dir, "tsprogram");
  cpSync(FIXTURE, workDir, { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(workDir, "node_modules"), "dir");

  ok("stack", "init", "dev");

  // A program error reaches the user as the SDK's own message, and the command fails.
  const unconfigured = pulumi("preview");
  expect(unconfigured.status).toBe(1);
  expect(unconfigured.stdout).toContain(MISSING_CONFIG);

  ok("config", "set", "greeting", "hello");
  const preview = JSON.parse(ok("preview", "--json")) as PreviewJson;
  expect(preview.changeSummary).toEqual({ create: 2 });
  expect(preview.steps.map((s) => `${s.op} ${s.urn}`)).toEqual([
    "create urn:pulumi:dev::tsprogram::pulumi:pulumi:Stack::tsprogram-dev",
    `create urn:pulumi:dev::tsprogram::${GREETING_TYPE}::greeting`,
  ]);

  expect(ok("up", "--yes")).toMatch(/\+ 2 created/);
  // createdBy only comes from the provider's create(): the dynamic-provider plugin really ran.
  expect(JSON.parse(ok("stack", "output", "--json"))).toEqual({
    greetingId: "greeting-hello",
    createdBy: "ts-provider",
  });
  const greetings = stackResources().filter((r) => r.type === GREETING_TYPE);
  expect(greetings).toHaveLength(1);
  expect(greetings[0].id).toBe("greeting-hello");
  expect(greetings[0].outputs).toMatchObject({ greeting: "hello", createdBy: "ts-provider" });

  expect(ok("refresh", "--yes")).toMatch(/2 unchanged/);
  expect(ok("destroy", "--yes")).toMatch(/- 2 deleted/);
  expect(stackResources()).toEqual([]);
}, 300_000);
