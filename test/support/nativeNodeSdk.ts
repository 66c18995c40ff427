// The generated Node.js SDK (sdk/nodejs-native) compiled with its own tsconfig into its bin/
// (package.json beside the JS, as the package is published), once per content stamp.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./runtimeProcess";
import { treeStamp } from "./spawnCollect";

const run = promisify(execFile);
const SDK = join(REPO_ROOT, "sdk/nodejs-native");
const BIN = join(SDK, "bin");

let built: Promise<string> | undefined;

/** The SDK's bin/ (what node_modules/pulumi-webhooks-native points at), compiled when the sources changed. */
export function nativeNodeSdk(): Promise<string> {
  built ??= (async () => {
    const stamp = join(BIN, ".stamp");
    const want = treeStamp([SDK]);
    if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return BIN;
    await run(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", SDK], { maxBuffer: 16 * 1024 * 1024 });
    copyFileSync(join(SDK, "package.json"), join(BIN, "package.json"));
    writeFileSync(stamp, want);
    return BIN;
  })();
  return built;
}
