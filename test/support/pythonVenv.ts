// A Python virtualenv with PyPI's pulumi SDK and the generated sdk/python
// (pulumi_webhooks), made once under .tools/python-venv and reused while its
// stamp (the SDK's files + the pinned pulumi version) matches. .ci/run makes it too.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./runtimeProcess";
import { treeStamp } from "./spawnCollect";

const run = promisify(execFile);

/** PyPI's pulumi for the Automation API: the newest that runs on the machine's Python, engine 3.248.0 drives it. */
export const PYTHON_PULUMI_VERSION = "3.272.0";
export const VENV = join(REPO_ROOT, ".tools/python-venv");
export const VENV_PYTHON = join(VENV, "bin/python");
const SDK = join(REPO_ROOT, "sdk/python");

let ready: Promise<string> | undefined;

/** The venv's python, after creating or updating the venv when the SDK changed. */
export function pythonVenv(): Promise<string> {
  ready ??= (async () => {
    const stampFile = join(VENV, ".stamp");
    const want = treeStamp([SDK], PYTHON_PULUMI_VERSION);
    if (existsSync(VENV_PYTHON) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === want) return VENV_PYTHON;
    rmSync(VENV, { recursive: true, force: true });
    const pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"];
    await run("python3", ["-m", "venv", VENV]);
    await run(VENV_PYTHON, [...pip, `pulumi==${PYTHON_PULUMI_VERSION}`], { maxBuffer: 16 * 1024 * 1024 });
    await run(VENV_PYTHON, [...pip, SDK], { maxBuffer: 16 * 1024 * 1024 });
    writeFileSync(stampFile, want);
    return VENV_PYTHON;
  })();
  return ready;
}
