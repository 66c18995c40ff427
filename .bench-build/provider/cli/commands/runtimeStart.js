"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runtimeStartCommand = void 0;
// `webhooks runtime start`: runs the delivery runtime in this process until
// SIGTERM or SIGINT, then drains and exits 0.
const errors_1 = require("../../errors");
const startRuntime_1 = require("../../runtime/startRuntime");
const command_1 = require("../command");
const formatFailure_1 = require("../formatFailure");
// After a clean stop the process should exit by itself; if a stray handle keeps it alive, this ends it.
const EXIT_GRACE_MS = 5_000;
exports.runtimeStartCommand = {
    name: "runtime start",
    summary: "run the delivery runtime: API, ingest, sources, delivery workers, store",
    help: `Usage: webhooks runtime start [--config <file>]

Runs the delivery runtime in the foreground: the HTTP API (admin and ingest),
the file sources, the delivery workers and the store (SQLite in the data dir by
default). Configuration comes from the YAML or JSON file given with --config,
then the WEBHOOKS_* environment variables (WEBHOOKS_LISTEN, WEBHOOKS_DATA_DIR,
WEBHOOKS_STORE, WEBHOOKS_ADMIN_TOKEN, WEBHOOKS_INGEST_TOKEN,
WEBHOOKS_TLS_CA_FILE, WEBHOOKS_ALLOW_PRIVATE_ADDRESSES), then the defaults.

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
        if (positionals.length > 0)
            throw new command_1.UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; the config is given with --config`);
        const configFile = typeof values.config === "string" ? values.config : undefined;
        let running;
        try {
            running = await (0, startRuntime_1.startRuntime)({ ...(configFile === undefined ? {} : { configFile }), env: process.env, out: io.out, logWrite: io.err });
        }
        catch (e) {
            if (!(0, errors_1.isWebhookError)(e))
                throw e;
            io.err((0, formatFailure_1.formatFailure)(configFile ?? "webhooks runtime start", e));
            return command_1.EXIT_FAILED;
        }
        const signal = await new Promise((resolve) => {
            const first = (s) => {
                process.off("SIGTERM", first);
                process.off("SIGINT", first);
                resolve(s);
            };
            process.on("SIGTERM", first);
            process.on("SIGINT", first);
        });
        const { logger } = running;
        logger.info("signal received", { signal });
        const again = (second) => {
            logger.warn("second signal: exiting without waiting for work in progress", { signal: second });
            process.exit(command_1.EXIT_FAILED);
        };
        process.once("SIGTERM", again);
        process.once("SIGINT", again);
        await running.stop();
        process.off("SIGTERM", again);
        process.off("SIGINT", again);
        setTimeout(() => process.exit(command_1.EXIT_OK), EXIT_GRACE_MS).unref();
        return command_1.EXIT_OK;
    },
};
