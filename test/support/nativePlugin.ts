// The native plugin (pulumi-resource-webhooks) as a user installs it: `make
// plugin`'s tarball (packed once per test process, reused while up to date)
// installed with `pulumi plugin install resource webhooks <version> --file`
// into a given PULUMI_HOME. Needs `npm run build` and `make pulumi` first.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { PULUMI_BIN } from "./pulumiOffline";
import { REPO_ROOT } from "./runtimeProcess";

const run = promisify(execFile);

export interface NativePlugin {
  /** The plugin's version (package.json = schema.json). */
  version: string;
  /** dist-plugin/pulumi-resource-webhooks-v<version>-linux-amd64.tar.gz */
  tarball: string;
}

let packed: Promise<NativePlugin> | undefined;

/** Runs tools/native-plugin/pack.sh (what `make plugin` runs after the build) once per process. */
export function packNativePlugin(): Promise<NativePlugin> {
  packed ??= (async () => {
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    await run("bash", [join(REPO_ROOT, "tools/native-plugin/pack.sh")], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    const tarball = join(REPO_ROOT, "dist-plugin", `pulumi-resource-webhooks-v${version}-linux-amd64.tar.gz`);
    if (!existsSync(tarball)) throw new Error(`make plugin did not produce ${tarball}`);
    return { version, tarball };
  })();
  return packed;
}

/** Installs the plugin into `pulumiHome` (its plugins/resource-webhooks-v<version>/), as `pulumi plugin install --file` does. */
export async function installNativePlugin(pulumiHome: string): Promise<NativePlugin> {
  const plugin = await packNativePlugin();
  await run(join(PULUMI_BIN, "pulumi"), ["plugin", "install", "resource", "webhooks", plugin.version, "--file", plugin.tarball], {
    env: { ...process.env, PULUMI_HOME: pulumiHome, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return plugin;
}

/** Where the installed plugin's launcher is. */
export function installedPluginPath(pulumiHome: string, version: string): string {
  return join(pulumiHome, "plugins", `resource-webhooks-v${version}`, "pulumi-resource-webhooks");
}
