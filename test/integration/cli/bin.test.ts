// The built `webhooks` binary, as a PR pipeline runs it (`make test` builds dist/ first).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "../../..");
const bin = join(root, "dist/provider/cli/main.js");

function webhooks(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
}

describe("the webhooks binary", () => {
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run "make build" (make test does) first`);
  });

  it("validates the examples with exit 0 and prints its version", () => {
    const r = webhooks("validate", "examples/configs/audit-webhook.yaml", "examples/configs/coralogix-request.yaml");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(webhooks("--version").stdout).toMatch(/^webhooks \d+\.\d+\.\d+\n$/);
  });

  it("exits 1 on an invalid config and 2 on a usage error", () => {
    expect(webhooks("validate", "package.json").status).toBe(1);
    expect(webhooks("render").status).toBe(2);
  });

  it("renders a body to stdout", () => {
    const r = webhooks("render", "examples/configs/coralogix-request.yaml");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).alias).toBe("apono-webhook");
  });
});
