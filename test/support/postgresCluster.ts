// A throwaway PostgreSQL server for tests and benchmarks: the Debian server
// binaries (apt-get install postgresql), a fresh cluster in a temp dir, password
// (SCRAM) auth, listening on 127.0.0.1 only, stopped and removed by stop().
// initdb refuses to run as root, so as root the cluster belongs to the `postgres`
// user the Debian package creates.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresCluster {
  /** postgres://webhooks:<password>@127.0.0.1:<port>/postgres (a superuser). */
  url: string;
  port: number;
  dir: string;
  /** Stops the server (fast shutdown: connections are cut) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the server without blocking the event loop (a database outage); resume() starts it again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Kills the server the way a power cut would look to it (immediate shutdown: no checkpoint, WAL buffers lost). */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest installed server's bin dir (PG_BIN overrides). */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "postgres")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql: install them with `apt-get install -y postgresql` " +
        "(make test does this when run as root), or set WEBHOOKS_TEST_POSTGRES_URL to a server of your own",
    );
  }
  return join(root, versions[0], "bin");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresCluster(options: { port?: number; settings?: Record<string, string> } = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), "webhooks-pg-"));
  const data = join(dir, "data");
  const password = randomBytes(18).toString("base64url");
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: "utf8" });
    if (r.status !== 0) {
      const log = existsSync(join(dir, "log")) ? readFileSync(join(dir, "log"), "utf8").slice(-2000) : "";
      throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}\n${log}`);
    }
  };
  const runAsync = (cmd: string, args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
      execFile(file, argv, (error, _stdout, stderr) => (error ? reject(new Error(`${cmd} failed: ${stderr}`)) : resolve()));
    });
  try {
    run("initdb", ["-D", data, "-U", "webhooks", "--auth=scram-sha-256", `--pwfile=${pwfile}`, "-E", "UTF8", "--locale=C.UTF-8"]);
    const port = options.port ?? (await freePort());
    const settings: Record<string, string> = {
      listen_addresses: "127.0.0.1",
      port: String(port),
      unix_socket_directories: dir,
      max_connections: "300",
      ...options.settings,
    };
    const conf = Object.entries(settings)
      .map(([k, v]) => `${k} = '${v}'`)
      .join("\n");
    writeFileSync(join(data, "postgresql.auto.conf"), `${conf}\n`);
    if (asRoot) execFileSync("chown", ["postgres:postgres", join(data, "postgresql.auto.conf")]);
    run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
    let stopped = false;
    return {
      url: `postgres://webhooks:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      port,
      dir,
      async restart() {
        run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-m", "fast", "-w", "-t", "60", "restart"]);
      },
      pause: () => runAsync("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
      crash: () => runAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]),
      resume: () => runAsync("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "start"]),
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
