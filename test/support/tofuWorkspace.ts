// A real OpenTofu CLI (tools/opentofu/build.sh) driving the Go provider
// (tools/terraform/build.sh) through a dev override, so nothing is fetched from a
// registry; the provider runs the BUILT core (dist/) as its `webhooks` command.
// State and plan files are encrypted with OpenTofu's own state encryption.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./runtimeProcess";
import { spawnCollect, type Collected } from "./spawnCollect";

export const TOFU = join(REPO_ROOT, ".tools/opentofu/bin/tofu");
export const PROVIDER_DIR = join(REPO_ROOT, ".tools/terraform-provider/bin");
const CLI_MAIN = join(REPO_ROOT, "dist/provider/cli/main.js");

/** Missing builds fail the test run loudly: `make terraform` (part of `make test`) builds both. */
export function requireTofuTools(): void {
  for (const bin of [TOFU, join(PROVIDER_DIR, "terraform-provider-webhooks")]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run "make terraform" first (needs Go; make test runs it)`);
  }
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run "npm run build" first`);
}

export class TofuWorkspace {
  /** Everything tofu printed, for the secret scan. */
  readonly printed: string[] = [];
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly dir: string,
    passphrase: string,
    env: Record<string, string>,
  ) {
    mkdirSync(dir, { recursive: true });
    const cliConfig = join(dir, "cli.tfrc");
    writeFileSync(cliConfig, `provider_installation {\n  dev_overrides {\n    "pulumi-webhooks/webhooks" = ${JSON.stringify(PROVIDER_DIR)}\n  }\n  direct {}\n}\n`);
    const encryption = [
      `key_provider "pbkdf2" "key" { passphrase = ${JSON.stringify(passphrase)} }`,
      `method "aes_gcm" "gcm" { keys = key_provider.pbkdf2.key }`,
      "state { method = method.aes_gcm.gcm }",
      "plan { method = method.aes_gcm.gcm }",
    ].join("\n");
    this.env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: dir,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      TF_ENCRYPTION: encryption,
      CHECKPOINT_DISABLE: "1",
      WEBHOOKS_CLI: `${process.execPath} ${CLI_MAIN}`,
      ...env,
    };
  }

  write(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text);
  }

  async run(...args: string[]): Promise<Collected> {
    const result = await spawnCollect(TOFU, [...args, "-no-color"], { cwd: this.dir, env: this.env });
    this.printed.push(result.stdout, result.stderr);
    return result;
  }

  /** Runs and fails with what tofu printed unless it exits with `status` (default 0). */
  async ok(args: string[], status = 0): Promise<string> {
    const result = await this.run(...args);
    const output = result.stdout + result.stderr;
    if (result.status !== status) throw new Error(`tofu ${args.join(" ")} exited ${result.status}, not ${status}:\n${output}`);
    return output;
  }
}
