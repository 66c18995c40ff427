// `webhooks runtime start`: runs the delivery runtime in this process until
// SIGTERM or SIGINT, then drains and exits 0.
import { isWebhookError } from "../../errors";
import { startRuntime } from "../../runtime/startRuntime";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from "../command";
import { formatFailure } from "../formatFailure";
import { onStopSignal } from "../heapCappedWorker";
import { runtimeCommandSummary } from "../runtimeCommands";

// After a clean stop the process should exit by itself; if a stray handle keeps it alive, this ends it.
const EXIT_GRACE_MS = 5_000;

export const runtimeStartCommand: Command = {
  name: "runtime start",
  summary: runtimeCommandSummary("runtime start"),
  help: `Usage: webhooks runtime start [--config <file>]

Runs the delivery runtime in the foreground: the HTTP API (admin and ingest),
the file sources, the delivery workers and the store (SQLite in the data dir by
default). Configuration comes from the YAML or JSON file given with --config,
then the WEBHOOKS_* environment variables (WEBHOOKS_LISTEN, WEBHOOKS_DATA_DIR,
WEBHOOKS_STORE, WEBHOOKS_ADMIN_TOKEN, WEBHOOKS_INGEST_TOKEN,
WEBHOOKS_TLS_CA_FILE, WEBHOOKS_ALLOW_PRIVATE_ADDRESSES, WEBHOOKS_MAX_HEAP_MB), then the defaults.

The runtime runs in a worker thread of this process with its V8 heap capped at
memory.maxHeapMb (default 192; WEBHOOKS_MAX_HEAP_MB; 0 runs it in the main
thread with Node's own limit). Out of heap, it exits 1 saying so; acknowledged
events are stored and are delivered after a restart.

When no admin or ingest token is configured, one is generated on the first
start, stored in <dataDir>/tokens.json (mode 0600) and printed once.
Logs are JSON lines on stderr (level: WEBHOOKS_LOG_LEVEL=debug|info|warn|error).

SIGTERM or SIGINT stops accepting requests, lets requests and delivery attempts
in progress finish, closes the store and exits 0. A second signal exits at once.

Options:
  --config <file>   the runtime config (YAML or JSON); see docs/runtime.md
  -h, --help        show this help

Examples:
  webhooks runtime start
  webhooks runtime start --config runtime.yaml
  WEBHOOKS_LISTEN=0.0.0.0:8787 WEBHOOKS_DATA_DIR=/var/lib/webhooks webhooks runtime start
`,
  options: { config: { type: "string" } },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; the config is given with --config`);
    const configFile = typeof values.config === "string" ? values.config : undefined;
    let running;
    try {
      running = await startRuntime({ ...(configFile === undefined ? {} : { configFile }), env: process.env, out: io.out, logWrite: io.err });
    } catch (e) {
      if (!isWebhookError(e)) throw e;
      io.err(formatFailure(configFile ?? "webhooks runtime start", e));
      return EXIT_FAILED;
    }
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const off = onStopSignal((s) => {
        off();
        resolve(s);
      });
    });
    const { logger } = running;
    logger.info("signal received", { signal });
    const offAgain = onStopSignal((second) => {
      logger.warn("second signal: exiting without waiting for work in progress", { signal: second });
      process.exit(EXIT_FAILED);
    });
    await running.stop();
    offAgain();
    setTimeout(() => process.exit(EXIT_OK), EXIT_GRACE_MS).unref();
    return EXIT_OK;
  },
};
