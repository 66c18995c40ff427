// Child processes for the tests: run asynchronously with stdout and stderr collected (the
// loopback receivers answer from the test process, so a blocking spawn would stall them), and
// a content stamp for tools built once and reused.
import { spawn, type SpawnOptions } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";

export interface Collected {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function spawnCollect(command: string, args: readonly string[], options: SpawnOptions): Promise<Collected> {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** A sha256 over every file under the given directories (paths and contents; build output in bin/ and node_modules/ left out), plus `extra`: a rebuild stamp. */
export function treeStamp(dirs: readonly string[], extra = ""): string {
  const hash = createHash("sha256").update(extra);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = `${dir}/${entry}`;
      if (entry === "bin" || entry === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of dirs) walk(dir);
  return hash.digest("hex");
}
