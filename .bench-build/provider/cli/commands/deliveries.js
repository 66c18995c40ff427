"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deliveriesCommand = void 0;
exports.table = table;
// `webhooks deliveries`: the runtime's deliveries, newest first, as a table.
const store_1 = require("../../runtime/store/store");
const command_1 = require("../command");
const runtimeClient_1 = require("../runtimeClient");
exports.deliveriesCommand = {
    name: "deliveries",
    summary: "list the runtime's deliveries (filter by status or webhook)",
    help: `Usage: webhooks deliveries [--status <status>] [--webhook <id>] [--limit <n>] [--json]
                           [--url <url>] [--token <token>] [--config <file>] [--data-dir <dir>]

Lists deliveries (one per event and matching webhook) from a running runtime:
id, status, attempts so far, webhook, when it last changed, and the last error.
"webhooks delivery <id>" shows one with the invocation data of every attempt.

Options:
  --status <status>   only deliveries in this status (${store_1.DELIVERY_STATUSES.join(", ")})
  --webhook <id>      only deliveries to this webhook
  --limit <n>         at most n deliveries, 1-1000 (default 100)
  --json              print {deliveries: [...]} as the API returns it
${runtimeClient_1.CONNECTION_HELP}
  -h, --help          show this help

Examples:
  webhooks deliveries --status dead
  webhooks deliveries --webhook wh_0f8c1c7e-… --limit 20
  webhooks deliveries --status retrying --json | jq '.deliveries[].lastError'
`,
    options: { status: { type: "string" }, webhook: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" }, ...runtimeClient_1.CONNECTION_OPTIONS },
    async run(values, positionals, io) {
        if (positionals.length > 0)
            throw new command_1.UsageError("deliveries takes no arguments; filter with --status and --webhook");
        const query = new URLSearchParams();
        if (typeof values.status === "string") {
            if (!store_1.DELIVERY_STATUSES.includes(values.status)) {
                throw new command_1.UsageError(`--status must be one of ${store_1.DELIVERY_STATUSES.join(", ")}`);
            }
            query.set("status", values.status);
        }
        if (typeof values.webhook === "string")
            query.set("webhookId", values.webhook);
        if (typeof values.limit === "string") {
            if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1 || Number(values.limit) > 1000) {
                throw new command_1.UsageError("--limit must be a whole number from 1 to 1000");
            }
            query.set("limit", values.limit);
        }
        const q = query.toString();
        try {
            const client = new runtimeClient_1.RuntimeClient((0, runtimeClient_1.resolveConnection)(values, process.env, "adminToken"));
            const res = await client.request("GET", `/v1/deliveries${q === "" ? "" : `?${q}`}`);
            if (values.json === true)
                io.out(JSON.stringify(res.body, null, 2) + "\n");
            else
                io.out(table(res.body.deliveries));
            return command_1.EXIT_OK;
        }
        catch (e) {
            return (0, runtimeClient_1.reportError)(io, "webhooks deliveries", e);
        }
    },
};
/** Rows as aligned columns; an empty list says so. */
function table(rows) {
    if (rows.length === 0)
        return "no deliveries\n";
    const lines = [
        ["ID", "STATUS", "ATTEMPTS", "WEBHOOK", "UPDATED", "LAST ERROR"],
        ...rows.map((d) => [d.id, d.status, String(d.attempts), d.webhookId, d.updatedAt, d.lastError === undefined ? "" : d.lastError.code]),
    ];
    const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
    return lines.map((l) => l.map((cell, i) => (i === l.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}
