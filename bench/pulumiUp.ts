// bench/pulumiUp: `pulumi up` of a program with N RequestWebhooks (each runs its Test invocation
// against a loopback HTTPS receiver through a real runtime, then registers) beside `pulumi up`
// of the same-shaped program with N no-op dynamic resources, in the same run, same CLI, same
// machine. Target (issue 6): webhooks ÷ no-op ≤ 1.5×.
// Run: `npx tsc -p tsconfig.scripts.json && node .scripts-build/bench/pulumiUp.js`
// (BENCH_RESOURCES=100, BENCH_ROUNDS=3 by default; the median of the rounds is reported). Needs .pulumi/bin (`make pulumi`) and dist/ (`npm run build`).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startReceiver } from "../test/support/httpsReceiver";
import { REPO_ROOT, startRuntimeProcess } from "../test/support/runtimeProcess";
import { createTestCa } from "../test/support/testCa";

const COUNT = Number(process.env.BENCH_RESOURCES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 1.5;
const BIN = join(REPO_ROOT, ".pulumi/bin");
const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

// Both programs are plain JS (no ts-node compile in either measurement) and differ only in the resource.
const webhooksProgram = (testBeforeApply: boolean): string => `"use strict";
const { RequestWebhook } = require("pulumi-webhooks");
for (let i = 0; i < ${COUNT}; i++) {
  new RequestWebhook("hook-" + i, {
    name: "bench hook " + i,
    url: "https://hooks.test/bench/" + i,
    triggers: ["RequestCreated", "RequestGranted"],
    bodyTemplate: '{"type": "{{event_type}}", "id": "{{data.id}}", "requester": "{{data.requester.email}}"}',
    headers: { "X-Api-Key": "bench-key-" + i },
    timeoutSeconds: 5,
    testBeforeApply: ${testBeforeApply},
  });
}
`;

const NOOP_PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const provider = {
  async create(inputs) { return { id: "noop-" + inputs.name, outs: inputs }; },
  async read(id, props) { return { id, props }; },
  async delete() {},
};
for (let i = 0; i < ${COUNT}; i++) {
  new pulumi.dynamic.Resource(provider, "noop-" + i, { name: "bench noop " + i }, undefined, "bench", "Noop");
}
`;

interface Program {
  dir: string;
  run(...args: string[]): Promise<number>;
}

function program(root: string, name: string, source: string): Program {
  const dir = join(root, name);
  const work = join(dir, "program");
  mkdirSync(join(dir, "state"), { recursive: true });
  mkdirSync(join(work, "node_modules"), { recursive: true });
  writeFileSync(join(work, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  writeFileSync(join(work, "package.json"), JSON.stringify({ name, private: true, main: "index.js" }));
  writeFileSync(join(work, "index.js"), source);
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (!entry.startsWith(".")) symlinkSync(join(REPO_ROOT, "node_modules", entry), join(work, "node_modules", entry), "dir");
  }
  symlinkSync(REPO_ROOT, join(work, "node_modules", "pulumi-webhooks"), "dir");
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("WEBHOOKS_RUNTIME_")));
  return {
    dir,
    run: (...args) =>
      new Promise((resolve, reject) => {
        const child = spawn(join(BIN, "pulumi"), [...args, "--non-interactive", "--color=never"], {
          cwd: work,
          env: {
            ...env,
            PULUMI_HOME: join(dir, "home"),
            PULUMI_BACKEND_URL: `file://${join(dir, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "bench",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PATH: `${BIN}:${process.env.PATH ?? ""}`,
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
        child.stderr.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
        child.once("error", reject);
        child.once("close", (code) => (code === 0 ? resolve(code) : reject(new Error(`pulumi ${args.join(" ")} failed (${code}):\n${output}`))));
      }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall-clock seconds of `pulumi up --yes` (the stack and its config are set up before). */
async function timedUp(p: Program): Promise<number> {
  const start = performance.now();
  await p.run("up", "--yes", "--skip-preview");
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  for (const bin of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
    if (!existsSync(join(BIN, bin))) throw new Error(`${join(BIN, bin)} is missing: run "make pulumi" first`);
  }
  if (!existsSync(join(REPO_ROOT, "dist/sdk/nodejs/index.js"))) throw new Error(`dist/ is missing: run "npm run build" first`);

  const root = mkdtempSync(join(tmpdir(), "bench-pulumi-up-"));
  const ca = createTestCa();
  const rx = await startReceiver({ tls: ca });
  rx.respondWith(() => {
    rx.requests.length = 0;
    return { status: 200 };
  });
  mkdirSync(join(root, "runtime"));
  const runtime = await startRuntimeProcess({
    dir: join(root, "runtime"),
    config: { network: { resolve: rx.pin("hooks.test"), allowCidrs: ["127.0.0.0/8"] }, tls: { caFile: ca.caFile } },
    adminToken: ADMIN_TOKEN,
    ingestToken: "bench-ingest-token-0123456789abcdef",
  });
  try {
    const webhooks = program(root, "bench-webhooks", webhooksProgram(true));
    // The same webhooks without the Test invocation: shows what the real call to each target costs.
    const untested = program(root, "bench-untested", webhooksProgram(false));
    const noop = program(root, "bench-noop", NOOP_PROGRAM);
    for (const p of [webhooks, untested, noop]) await p.run("stack", "init", "bench");
    for (const p of [webhooks, untested]) {
      await p.run("config", "set", "webhooks:runtimeUrl", runtime.url);
      await p.run("config", "set", "--secret", "webhooks:runtimeToken", ADMIN_TOKEN);
    }

    // Rounds alternate the programs and the median is kept: the machines are shared, and one
    // slow moment should not decide the ratio. No-op first, so a cold cache penalises the baseline.
    const times: Record<"noop" | "webhooks" | "untested", number[]> = { noop: [], webhooks: [], untested: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [key, p] of [["noop", noop], ["webhooks", webhooks], ["untested", untested]] as const) {
        times[key].push(await timedUp(p));
        // Names are unique per runtime, and the next round creates them again.
        await p.run("destroy", "--yes", "--skip-preview");
      }
    }
    const [noopSeconds, webhookSeconds, untestedSeconds] = [median(times.noop), median(times.webhooks), median(times.untested)];
    const ratio = webhookSeconds / noopSeconds;

    const rows = [
      ["program", "resources", "pulumi up, median (s)", "per resource (ms)"],
      [`${COUNT} no-op dynamic resources`, String(COUNT), noopSeconds.toFixed(1), ((noopSeconds * 1000) / COUNT).toFixed(0)],
      [`${COUNT} RequestWebhooks (Test + register)`, String(COUNT), webhookSeconds.toFixed(1), ((webhookSeconds * 1000) / COUNT).toFixed(0)],
      [`${COUNT} RequestWebhooks, testBeforeApply: false`, String(COUNT), untestedSeconds.toFixed(1), ((untestedSeconds * 1000) / COUNT).toFixed(0)],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join("  ")}\n`);
    const verdict = ratio <= TARGET_RATIO ? "meets" : "MISSES";
    process.stdout.write(`ratio webhooks / no-op: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×: ${verdict})\n`);

    // Reported, not enforced (like bench/delivery): a miss is a finding, not a broken build.
    process.stdout.write(`ratio webhooks (testBeforeApply: false) / no-op: ${(untestedSeconds / noopSeconds).toFixed(2)}×\n`);
  } finally {
    await runtime.kill("SIGKILL");
    await rx.close();
    ca.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
