// Starts `webhooks runtime start` (the BUILT CLI: `make test` builds dist/ first) as a
// real child process on a loopback port, waits for /healthz, and gives the test or
// benchmark a way to kill it (SIGKILL, SIGTERM) and read its peak RSS.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** The repository root: found upward from here, so compiled copies (bench builds) find it too. */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "pulumi-webhooks-runtime") return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the pulumi-webhooks repository above ${start}`);
}
const BIN = join(REPO_ROOT, "dist/provider/cli/main.js");

export interface RuntimeProcess {
  url: string;
  /** The loopback port it listens on (pass it back to restart on the same address). */
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Peak resident set size so far, in bytes (VmHWM). */
  peakRssBytes(): number;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export interface RuntimeProcessOptions {
  /** Working directory: holds runtime.json and, unless config.dataDir says otherwise, data/. */
  dir: string;
  config: Record<string, unknown>;
  adminToken: string;
  ingestToken: string;
  /** Default: a free loopback port. Pass the previous one to restart on the same address. */
  port?: number;
  /** Starts it under `prlimit --nofile=N:N` so fd-exhaustion tests are quick. */
  openFileLimit?: number;
  /** Options for node itself (e.g. --cpu-prof, which NODE_OPTIONS refuses); the environment is inherited. */
  nodeArgs?: string[];
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startRuntimeProcess(options: RuntimeProcessOptions): Promise<RuntimeProcess> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "make build" (make test does) first`);
  const port = options.port ?? (await freePort());
  const configFile = join(options.dir, "runtime.json");
  writeFileSync(
    configFile,
    JSON.stringify({ listen: `127.0.0.1:${port}`, dataDir: join(options.dir, "data"), ...options.config }, null, 2),
  );
  const argv = [process.execPath, ...(options.nodeArgs ?? []), BIN, "runtime", "start", "--config", configFile];
  // prlimit execs the command, so the child's pid is the runtime's.
  if (options.openFileLimit !== undefined) argv.unshift("prlimit", `--nofile=${options.openFileLimit}:${options.openFileLimit}`, "--");
  const child = spawn(argv[0], argv.slice(1), {
    env: { ...process.env, WEBHOOKS_ADMIN_TOKEN: options.adminToken, WEBHOOKS_INGEST_TOKEN: options.ingestToken },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-200_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runtime exited ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`runtime did not become healthy in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid as number;
  return {
    url,
    port,
    pid,
    child,
    output: () => output,
    peakRssBytes() {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return m ? Number(m[1]) * 1024 : 0;
    },
    kill(signal) {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}
