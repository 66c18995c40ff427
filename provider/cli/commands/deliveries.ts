// `webhooks deliveries`: the runtime's deliveries, newest first, as a table.
import { DELIVERY_STATUSES, type DeliveryRow } from "../../runtime/store/store";
import { columns } from "../columns";
import { EXIT_OK, UsageError, type Command } from "../command";
import { CONNECTION_HELP, CONNECTION_OPTIONS, RuntimeClient, reportError, resolveConnection } from "../runtimeClient";

export const deliveriesCommand: Command = {
  name: "deliveries",
  summary: "list the runtime's deliveries (filter by status or webhook)",
  help: `Usage: webhooks deliveries [--status <status>] [--webhook <id>] [--since <time>] [--until <time>]
                           [--limit <n>] [--cursor <c> | --all] [--json]
                           [--url <url>] [--token <token>] [--config <file>] [--data-dir <dir>]

Lists deliveries (one per event and matching webhook) from a running runtime:
id, status, attempts so far, webhook, when it last changed, and the last error.
"webhooks delivery <id>" shows one with the invocation data of every attempt.

Options:
  --status <status>   only deliveries in this status (${DELIVERY_STATUSES.join(", ")})
  --webhook <id>      only deliveries to this webhook
  --since <time>      only deliveries created at or after this ISO 8601 time
  --until <time>      only deliveries created before this ISO 8601 time
  --limit <n>         at most n deliveries per page, 1-1000 (default 100)
  --cursor <c>        the page after the one that printed this nextCursor
  --all               follow nextCursor until the last page (every matching delivery)
  --json              print {deliveries: [...], nextCursor?} as the API returns it (--all: every page in one list)
${CONNECTION_HELP}
  -h, --help          show this help

Examples:
  webhooks deliveries --status dead
  webhooks deliveries --webhook wh_0f8c1c7e-… --limit 20
  webhooks deliveries --status retrying --json | jq '.deliveries[].lastError'
  webhooks deliveries --all --status dead --since 2025-06-01T00:00:00Z
`,
  options: {
    status: { type: "string" },
    webhook: { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    limit: { type: "string" },
    cursor: { type: "string" },
    all: { type: "boolean" },
    json: { type: "boolean" },
    ...CONNECTION_OPTIONS,
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError("deliveries takes no arguments; filter with --status and --webhook");
    const query = new URLSearchParams();
    if (typeof values.status === "string") {
      if (!(DELIVERY_STATUSES as readonly string[]).includes(values.status)) {
        throw new UsageError(`--status must be one of ${DELIVERY_STATUSES.join(", ")}`);
      }
      query.set("status", values.status);
    }
    if (typeof values.webhook === "string") query.set("webhookId", values.webhook);
    if (typeof values.limit === "string") {
      if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1 || Number(values.limit) > 1000) {
        throw new UsageError("--limit must be a whole number from 1 to 1000");
      }
      query.set("limit", values.limit);
    }
    for (const name of ["since", "until", "cursor"] as const) {
      const v = values[name];
      if (typeof v === "string") query.set(name, v);
    }
    if (values.all === true && typeof values.cursor === "string") throw new UsageError("--all starts at the first page; leave out --cursor");
    try {
      const client = new RuntimeClient(resolveConnection(values, process.env, "adminToken"));
      const rows: DeliveryRow[] = [];
      let nextCursor: string | undefined;
      do {
        if (nextCursor !== undefined) query.set("cursor", nextCursor);
        const q = query.toString();
        const res = await client.request<{ deliveries: DeliveryRow[]; nextCursor?: string }>("GET", `/v1/deliveries${q === "" ? "" : `?${q}`}`);
        rows.push(...res.body.deliveries);
        nextCursor = res.body.nextCursor;
      } while (values.all === true && nextCursor !== undefined);
      const body = { deliveries: rows, ...(nextCursor === undefined ? {} : { nextCursor }) };
      if (values.json === true) io.out(JSON.stringify(body, null, 2) + "\n");
      else io.out(table(rows) + (nextCursor === undefined ? "" : `more: --cursor ${nextCursor} (or --all)\n`));
      return EXIT_OK;
    } catch (e) {
      return reportError(io, "webhooks deliveries", e);
    }
  },
};

/** Rows as aligned columns; an empty list says so. */
export function table(rows: readonly DeliveryRow[]): string {
  if (rows.length === 0) return "no deliveries\n";
  const lines = [
    ["ID", "STATUS", "ATTEMPTS", "WEBHOOK", "UPDATED", "LAST ERROR"],
    ...rows.map((d) => [d.id, d.status, String(d.attempts), d.webhookId, d.updatedAt, d.lastError === undefined ? "" : d.lastError.code]),
  ];
  return columns(lines);
}
