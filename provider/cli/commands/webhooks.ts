// `webhooks webhooks list|get|delete`: the runtime's registrations from a
// terminal, through the admin API (GET /v1/webhooks, DELETE /v1/webhooks/{id}),
// so an operator needs no curl. Secret values are shown as the API returns
// them: masked. get and delete take an exact id or name, never a pattern.
import { WebhookError } from "../../errors";
import { columns } from "../columns";
import { EXIT_OK, UsageError, type Command, type Io } from "../command";
import { CONNECTION_HELP, CONNECTION_OPTIONS, RuntimeClient, reportError, resolveConnection } from "../runtimeClient";

/** A registration as GET /v1/webhooks returns it (secrets masked). */
export interface Registration {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  kind: string;
  name: string;
  active: boolean;
  url: string;
  triggers?: string[];
  [field: string]: unknown;
}

const JSON_OPTION = { json: { type: "boolean" } } as const;

const connect = (values: Record<string, unknown>) => new RuntimeClient(resolveConnection(values, process.env, "adminToken"));

async function listAll(client: RuntimeClient): Promise<Registration[]> {
  return (await client.request<{ webhooks: Registration[] }>("GET", "/v1/webhooks")).body.webhooks;
}

/** The one registration whose id or name is exactly `ref`. */
async function findOne(client: RuntimeClient, ref: string): Promise<Registration> {
  const all = await listAll(client);
  const found = all.find((w) => w.id === ref) ?? all.find((w) => w.name === ref);
  if (found === undefined) {
    throw new WebhookError({
      code: "API_NOT_FOUND",
      message: `no webhook with the id or name ${JSON.stringify(ref)} in the runtime; "webhooks webhooks list" shows the ${all.length} registered`,
    });
  }
  return found;
}

/** get and delete: one exact id or name, found in the runtime, then `act` on it; errors as the other operator commands print them. */
async function withOne(
  verb: "get" | "delete",
  values: Record<string, unknown>,
  positionals: string[],
  io: Io,
  act: (client: RuntimeClient, found: Registration) => Promise<string>,
): Promise<number> {
  if (positionals.length !== 1 || positionals[0] === "") {
    throw new UsageError(`${verb} needs exactly one webhook id or name (see webhooks webhooks list); quote a name with spaces`);
  }
  try {
    const client = connect(values);
    io.out(await act(client, await findOne(client, positionals[0])));
    return EXIT_OK;
  } catch (e) {
    return reportError(io, `webhooks webhooks ${verb}`, e);
  }
}

/** Rows as aligned columns; an empty list says so. */
export function registrationTable(rows: readonly Registration[]): string {
  if (rows.length === 0) return "no webhooks registered\n";
  const lines = [
    ["ID", "NAME", "KIND", "ACTIVE", "VERSION", "TRIGGERS", "URL"],
    ...rows.map((w) => [w.id, w.name, w.kind, w.active ? "yes" : "no", String(w.version), (w.triggers ?? []).join(",") || "-", w.url]),
  ];
  return columns(lines);
}

/** One registration, a field a line; objects and lists as JSON. */
export function registrationText(w: Registration): string {
  const width = Math.max(...Object.keys(w).map((k) => k.length));
  return (
    Object.entries(w)
      .map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join("\n") + "\n"
  );
}

const GROUP_USAGE = `Usage: webhooks webhooks list [--json]
       webhooks webhooks get <id|name> [--json]
       webhooks webhooks delete <id|name> [--json]
         [--url <url>] [--token <token>] [--config <file>] [--data-dir <dir>]`;

export const webhooksListCommand: Command = {
  name: "webhooks list",
  summary: "list the runtime's webhook registrations",
  help: `${GROUP_USAGE}

"list" prints every registration of a running runtime: id, name, kind, whether
it is active, its version, its triggers (request webhooks) and its URL (query
values masked). --json prints {webhooks: [...]} as GET /v1/webhooks returns it,
secret values masked as ****.

Options:
  --json             print the API's JSON
${CONNECTION_HELP}
  -h, --help         show this help

Examples:
  webhooks webhooks list
  webhooks webhooks list --json | jq -r '.webhooks[] | select(.active | not) | .name'
`,
  options: { ...JSON_OPTION, ...CONNECTION_OPTIONS },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError("list takes no arguments; use webhooks webhooks get <id|name> for one");
    try {
      const all = await listAll(connect(values));
      io.out(values.json === true ? JSON.stringify({ webhooks: all }, null, 2) + "\n" : registrationTable(all));
      return EXIT_OK;
    } catch (e) {
      return reportError(io, "webhooks webhooks list", e);
    }
  },
};

export const webhooksGetCommand: Command = {
  name: "webhooks get",
  summary: "show one registration (by exact id or name), secrets masked",
  help: `${GROUP_USAGE}

"get" shows one registration, found by its exact id (wh_…) or exact name:
every field, secret values masked as **** (as the API returns them). --json
prints it as GET /v1/webhooks/{id} returns it. Exit 1 when there is none.

Options:
  --json             print the API's JSON
${CONNECTION_HELP}
  -h, --help         show this help

Examples:
  webhooks webhooks get "access grants"
  webhooks webhooks get wh_0f8c1c7e-… --json | jq .bodyTemplate
`,
  options: { ...JSON_OPTION, ...CONNECTION_OPTIONS },
  run: (values, positionals, io) =>
    withOne("get", values, positionals, io, async (_client, found) =>
      values.json === true ? JSON.stringify(found, null, 2) + "\n" : registrationText(found),
    ),
};

export const webhooksDeleteCommand: Command = {
  name: "webhooks delete",
  summary: "delete one registration (by exact id or name)",
  help: `${GROUP_USAGE}

"delete" removes one registration, found by its exact id (wh_…) or exact name;
it asks nothing, so it takes no patterns. Its pending deliveries are not
attempted any more. Prints what it deleted (--json: the registration as it was,
secrets masked). A webhook managed by a Pulumi stack comes back on the next
pulumi up after a pulumi refresh; delete it there (pulumi destroy) instead.
Exit 1 when there is no such webhook.

Options:
  --json             print the deleted registration as JSON
${CONNECTION_HELP}
  -h, --help         show this help

Examples:
  webhooks webhooks delete "old audit sink"
  webhooks webhooks delete wh_0f8c1c7e-…
`,
  options: { ...JSON_OPTION, ...CONNECTION_OPTIONS },
  run: (values, positionals, io) =>
    withOne("delete", values, positionals, io, async (client, found) => {
      await client.request("DELETE", `/v1/webhooks/${encodeURIComponent(found.id)}`);
      return values.json === true
        ? JSON.stringify(found, null, 2) + "\n"
        : `deleted webhook ${found.id} ${JSON.stringify(found.name)} (${found.kind}, version ${found.version}, ${found.url})\n`;
    }),
};

/** `webhooks webhooks` alone: which sub-command to use. */
export const webhooksGroupCommand: Command = {
  name: "webhooks",
  summary: "the runtime's registrations: webhooks webhooks list | get <id|name> | delete <id|name>",
  help: `${GROUP_USAGE}

The runtime's webhook registrations, through its admin API:
  list     every registration as a table (--json: as the API returns them)
  get      one registration by exact id or name, secrets masked
  delete   one registration by exact id or name; prints what it deleted

Run "webhooks webhooks <list|get|delete> --help" for each one's options.
`,
  options: {},
  run(_values, positionals, _io: Io) {
    const sub = positionals[0];
    throw new UsageError(sub === undefined ? "name a sub-command: list, get or delete" : `unknown sub-command "${sub}": use list, get or delete`);
  },
};
