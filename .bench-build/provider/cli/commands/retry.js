"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.retryCommand = void 0;
// `webhooks retry <id>`: re-queues a dead (or retrying) delivery, due now.
const command_1 = require("../command");
const runtimeClient_1 = require("../runtimeClient");
exports.retryCommand = {
    name: "retry",
    summary: "re-queue a dead delivery so it is attempted again now",
    help: `Usage: webhooks retry <id>
                      [--url <url>] [--token <token>] [--config <file>] [--data-dir <dir>]

Re-queues a dead (or retrying) delivery in a running runtime: it is due at
once, with the same webhook-id header.
A delivered delivery cannot be retried (API_DELIVERY_NOT_RETRYABLE).

Options:
${runtimeClient_1.CONNECTION_HELP}
  -h, --help         show this help

Examples:
  webhooks retry dlv_4b0f…
  webhooks deliveries --status dead --json | jq -r '.deliveries[].id' | xargs -n1 webhooks retry
`,
    options: { ...runtimeClient_1.CONNECTION_OPTIONS },
    async run(values, positionals, io) {
        if (positionals.length !== 1)
            throw new command_1.UsageError("retry needs exactly one delivery id (see webhooks deliveries --status dead)");
        const id = positionals[0];
        try {
            const client = new runtimeClient_1.RuntimeClient((0, runtimeClient_1.resolveConnection)(values, process.env, "adminToken"));
            await client.request("POST", `/v1/deliveries/${encodeURIComponent(id)}/retry`);
            io.out(`delivery ${id} re-queued: it is due now (follow it with "webhooks delivery ${id}")\n`);
            return command_1.EXIT_OK;
        }
        catch (e) {
            return (0, runtimeClient_1.reportError)(io, "webhooks retry", e);
        }
    },
};
