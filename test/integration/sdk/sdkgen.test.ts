// tools/sdkgen --check: the committed sdk/python, sdk/go/webhooks and sdk/nodejs-native are
// byte for byte what pkg/v3/codegen generates from schema.json, and a schema change that was
// not regenerated fails, naming the files (`make sdk` fixes it).
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../support/runtimeProcess";

const run = promisify(execFile);
jest.setTimeout(600_000); // a cold Go build of sdkgen; a warm one is seconds

const SDKGEN = join(REPO_ROOT, "tools/sdkgen/sdkgen.sh");
const BIN = join(REPO_ROOT, ".tools/bin/sdkgen");

let checked: Promise<{ stdout: string }>;
// sdkgen.sh builds the binary (once per stamp) that the second test runs on a copy.
beforeAll(() => {
  checked = run("bash", [SDKGEN, "--check"], { maxBuffer: 16 * 1024 * 1024 });
  return checked.catch(() => undefined);
});

test("the committed SDKs match schema.json", async () => {
  expect((await checked).stdout).toMatch(/^sdkgen: \d+ files match schema\.json$/m);
});

test("a schema.json change without `make sdk` fails the check, naming each stale file", async () => {
  const copy = mkdtempSync(join(tmpdir(), "webhooks-sdkgen-"));
  try {
    for (const path of ["schema.json", "sdk/python", "sdk/go", "sdk/nodejs-native"]) cpSync(join(REPO_ROOT, path), join(copy, path), { recursive: true });
    const schema = JSON.parse(readFileSync(join(copy, "schema.json"), "utf8")) as { resources: Record<string, { inputProperties: Record<string, { description: string }> }> };
    schema.resources["webhooks:index:RequestWebhook"].inputProperties.url.description = "A changed description.";
    writeFileSync(join(copy, "schema.json"), JSON.stringify(schema));
    const failed = await run(BIN, ["--check", join(copy, "schema.json"), copy]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("run `make sdk` and commit");
    for (const file of ["sdk/python/pulumi_webhooks/request_webhook.py", "sdk/go/webhooks/requestWebhook.go", "sdk/nodejs-native/requestWebhook.ts"]) {
      expect(failed?.stderr).toContain(`differs ${file}`);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
