// `webhooks delivery <id>`: one delivery and the invocation data of each of
// its attempts, as a person reads it (or as JSON).
import { describeInvocation, type InvocationRecord } from "../../delivery";
import type { DeliveryRow } from "../../runtime/store/store";
import { EXIT_OK, UsageError, type Command } from "../command";
import { CONNECTION_HELP, CONNECTION_OPTIONS, RuntimeClient, reportError, resolveConnection } from "../runtimeClient";

export const deliveryCommand: Command = {
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
${CONNECTION_HELP}
  -h, --help         show this help

Examples:
  webhooks delivery dlv_4b0f…
  webhooks delivery dlv_4b0f… --json | jq '.attempts[-1].response.status'
`,
  options: { json: { type: "boolean" }, ...CONNECTION_OPTIONS },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError("delivery needs exactly one delivery id (see webhooks deliveries)");
    const id = positionals[0];
    try {
      const client = new RuntimeClient(resolveConnection(values, process.env, "adminToken"));
      const res = await client.request<{ delivery: DeliveryRow; attempts: InvocationRecord[] }>("GET", `/v1/deliveries/${encodeURIComponent(id)}`);
      if (values.json === true) io.out(JSON.stringify(res.body, null, 2) + "\n");
      else io.out(describeDelivery(res.body.delivery, res.body.attempts));
      return EXIT_OK;
    } catch (e) {
      return reportError(io, "webhooks delivery", e);
    }
  },
};

export function describeDelivery(d: DeliveryRow, attempts: readonly InvocationRecord[]): string {
  const out = [
    `Delivery ${d.id}: ${d.status} after ${d.attempts} attempt(s)`,
    `  webhook:  ${d.webhookId} (version ${d.webhookVersion})`,
    `  event:    ${d.eventId}`,
    `  created:  ${d.createdAt}`,
    `  updated:  ${d.updatedAt}`,
  ];
  if (d.status === "pending" || d.status === "retrying") out.push(`  next attempt: ${new Date(d.nextAttemptAt).toISOString()}`);
  if (d.lastError !== undefined) out.push(`  last error: ${d.lastError.code}: ${d.lastError.message}`);
  let text = out.join("\n") + "\n";
  if (attempts.length === 0) return text + "\nNo attempt yet.\n";
  for (const record of attempts) text += `\n${describeInvocation(record)}`;
  return text;
}
