"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REPO_ROOT = void 0;
exports.freePort = freePort;
exports.startRuntimeProcess = startRuntimeProcess;
// Starts `webhooks runtime start` (the BUILT CLI: `make test` builds dist/ first) as a
// real child process on a loopback port, waits for /healthz, and gives the test or
// benchmark a way to kill it (SIGKILL, SIGTERM) and read its peak RSS.
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_net_1 = require("node:net");
const node_path_1 = require("node:path");
/** The repository root: found upward from here, so compiled copies (bench builds) find it too. */
exports.REPO_ROOT = findRoot(__dirname);
function findRoot(start) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
        const pkg = (0, node_path_1.join)(dir, "package.json");
        if ((0, node_fs_1.existsSync)(pkg) && JSON.parse((0, node_fs_1.readFileSync)(pkg, "utf8")).name === "pulumi-webhooks")
            return dir;
        dir = (0, node_path_1.dirname)(dir);
    }
    throw new Error(`cannot find the pulumi-webhooks repository above ${start}`);
}
const BIN = (0, node_path_1.join)(exports.REPO_ROOT, "dist/provider/cli/main.js");
/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
async function freePort() {
    return new Promise((resolve, reject) => {
        const srv = (0, node_net_1.createServer)();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = srv.address().port;
            srv.close(() => resolve(port));
        });
    });
}
async function startRuntimeProcess(options) {
    if (!(0, node_fs_1.existsSync)(BIN))
        throw new Error(`${BIN} is missing: run "make build" (make test does) first`);
    const port = options.port ?? (await freePort());
    const configFile = (0, node_path_1.join)(options.dir, "runtime.json");
    (0, node_fs_1.writeFileSync)(configFile, JSON.stringify({ listen: `127.0.0.1:${port}`, dataDir: (0, node_path_1.join)(options.dir, "data"), ...options.config }, null, 2));
    const child = (0, node_child_process_1.spawn)(process.execPath, [BIN, "runtime", "start", "--config", configFile], {
        env: { ...process.env, WEBHOOKS_ADMIN_TOKEN: options.adminToken, WEBHOOKS_INGEST_TOKEN: options.ingestToken },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (d) => {
        output = (output + d.toString()).slice(-200_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
        if (child.exitCode !== null)
            throw new Error(`runtime exited ${child.exitCode}:\n${output}`);
        try {
            const r = await fetch(`${url}/healthz`);
            if (r.ok)
                break;
        }
        catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            child.kill("SIGKILL");
            throw new Error(`runtime did not become healthy in 30 s:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    const pid = child.pid;
    return {
        url,
        port,
        pid,
        child,
        output: () => output,
        peakRssBytes() {
            const m = /VmHWM:\s+(\d+) kB/.exec((0, node_fs_1.readFileSync)(`/proc/${pid}/status`, "utf8"));
            return m ? Number(m[1]) * 1024 : 0;
        },
        kill(signal) {
            return new Promise((resolve) => {
                if (child.exitCode !== null || child.signalCode !== null)
                    return resolve(child.exitCode);
                child.once("exit", (code) => resolve(code));
                child.kill(signal);
            });
        },
    };
}
