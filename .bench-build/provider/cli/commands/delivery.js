"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deliveryCommand = void 0;
exports.describeDelivery = describeDelivery;
// `webhooks delivery <id>`: one delivery and the invocation data of each of
// its attempts, as a person reads it (or as JSON).
const delivery_1 = require("../../delivery");
const command_1 = require("../command");
const runtimeClient_1 = require("../runtimeClient");
exports.deliveryCommand = {
    name: "delivery",
    summary: "show one delivery with the invocation data of every attempt",
    help: `Usage: webhooks delivery <id> [--json]
                         [--url <url>] [--token <token>] [--config <file>] [--data-dir <dir>]

Shows a delivery from a running runtime: its status, webhook, event and last
error, then every attempt: the request as sent (secret header and query values
masked), the response (status, headers, first lines of the body), each response
validator, and the error.

Options:
  --json             print {delivery, attempts} as the API returns it
${runtimeClient_1.CONNECTION_HELP}
  -h, --help         show this help

Examples:
  webhooks delivery dlv_4b0f…
  webhooks delivery dlv_4b0f… --json | jq '.attempts[-1].response.status'
`,
    options: { json: { type: "boolean" }, ...runtimeClient_1.CONNECTION_OPTIONS },
    async run(values, positionals, io) {
        if (positionals.length !== 1)
            throw new command_1.UsageError("delivery needs exactly one delivery id (see webhooks deliveries)");
        const id = positionals[0];
        try {
            const client = new runtimeClient_1.RuntimeClient((0, runtimeClient_1.resolveConnection)(values, process.env, "adminToken"));
            const res = await client.request("GET", `/v1/deliveries/${encodeURIComponent(id)}`);
            if (values.json === true)
                io.out(JSON.stringify(res.body, null, 2) + "\n");
            else
                io.out(describeDelivery(res.body.delivery, res.body.attempts));
            return command_1.EXIT_OK;
        }
        catch (e) {
            return (0, runtimeClient_1.reportError)(io, "webhooks delivery", e);
        }
    },
};
function describeDelivery(d, attempts) {
    const out = [
        `Delivery ${d.id}: ${d.status} after ${d.attempts} attempt(s)`,
        `  webhook:  ${d.webhookId} (version ${d.webhookVersion})`,
        `  event:    ${d.eventId}`,
        `  created:  ${d.createdAt}`,
        `  updated:  ${d.updatedAt}`,
    ];
    if (d.status === "pending" || d.status === "retrying")
        out.push(`  next attempt: ${new Date(d.nextAttemptAt).toISOString()}`);
    if (d.lastError !== undefined)
        out.push(`  last error: ${d.lastError.code}: ${d.lastError.message}`);
    let text = out.join("\n") + "\n";
    if (attempts.length === 0)
        return text + "\nNo attempt yet.\n";
    for (const record of attempts)
        text += `\n${(0, delivery_1.describeInvocation)(record)}`;
    return text;
}
