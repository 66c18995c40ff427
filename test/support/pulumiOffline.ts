// The pinned Pulumi CLI run offline, as every test and the quickstart run it: a
// file backend and PULUMI_HOME under one dir, passphrase secrets, no update
// check, no plugin downloads, and .pulumi/bin (CLI, language host, dynamic
// provider shim) first on PATH. No jest here: the quickstart uses it too.
import { cpSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./runtimeProcess";

export const PULUMI_BIN = join(REPO_ROOT, ".pulumi/bin");

/** The environment for the CLI (and Automation API) with its state and home under `dir`. */
export function offlinePulumiEnv(dir: string, passphrase = "test"): Record<string, string> {
  mkdirSync(join(dir, "state"), { recursive: true });
  return {
    PULUMI_HOME: join(dir, "home"),
    PULUMI_BACKEND_URL: `file://${join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${PULUMI_BIN}:${process.env.PATH ?? ""}`,
  };
}

/**
 * Copies a program to `work` (without its node_modules) and gives it a node_modules whose
 * entries link the repo's, with `pulumi-webhooks` → packages/pulumi-webhooks: the SDK package as a
 * user installs it, serving its BUILT dist/. The dynamic provider resolves modules from there.
 */
export function copyProgramWithPackage(program: string, work: string): void {
  cpSync(program, work, { recursive: true, filter: (src) => !src.includes("node_modules") });
  const modules = join(work, "node_modules");
  mkdirSync(modules);
  // The workspace's own link is replaced by the package directory itself (same target, no link chain).
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (!entry.startsWith(".") && entry !== "pulumi-webhooks") symlinkSync(join(REPO_ROOT, "node_modules", entry), join(modules, entry), "dir");
  }
  symlinkSync(join(REPO_ROOT, "packages/pulumi-webhooks"), join(modules, "pulumi-webhooks"), "dir");
}
