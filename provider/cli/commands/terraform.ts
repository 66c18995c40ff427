// `webhooks terraform <op>`: the bridge the Terraform/OpenTofu provider
// (provider-terraform/, Go) calls. `serve` is what the provider runs: one
// process per provider process, one JSON request per line on stdin
// ({id, op, request}) and one answer per line on stdout ({id, ..., diagnostics}),
// answered as they finish, so a plan of many webhooks pays one Node.js start.
// The other ops answer one request (stdin) once, for a person debugging.
import { createInterface } from "node:readline";
import { runOperation, type OpRequest } from "../../terraform/tfOperations";
import { EXIT_OK, UsageError, type Command, type Io } from "../command";

const OPS = ["schema", "validate", "plan", "create", "read", "update", "delete"] as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function serve(io: Io): Promise<void> {
  const pending = new Set<Promise<void>>();
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    let message: { id?: unknown; op?: unknown; request?: OpRequest };
    try {
      message = JSON.parse(line) as typeof message;
    } catch (e) {
      io.out(JSON.stringify({ id: null, diagnostics: [{ code: "INTERNAL", path: [], summary: `webhooks terraform serve: a request is not JSON (${(e as Error).message})`, detail: "" }] }) + "\n");
      continue;
    }
    const answer = runOperation(String(message.op), message.request ?? {}).then((result) => io.out(JSON.stringify({ id: message.id, ...result }) + "\n"));
    pending.add(answer);
    void answer.finally(() => pending.delete(answer));
  }
  await Promise.all(pending);
}

export const terraformCommand: Command = {
  name: "terraform",
  summary: "the Terraform/OpenTofu provider's bridge to the core (JSON in, JSON out)",
  help: `Usage: webhooks terraform serve
       webhooks terraform <${OPS.join("|")}>

Run by terraform-provider-webhooks (the Go provider); not meant to be typed.
serve reads one JSON request per line on stdin ({id, op, request}, request =
{type, provider, config, state, plan}) and prints one answer per line
({id, ..., diagnostics: [{code, path, summary, detail}]}) until stdin closes.
The other forms answer one request read from stdin ("schema" reads none).
The rules, the template check, the diff and the runtime calls are the core's,
the same as the Pulumi providers'.

Examples:
  webhooks terraform schema | jq '.resources | keys'
  echo '{"type":"webhooks_audit_webhook","config":{"name":"a","url":"http://x"}}' | webhooks terraform validate
`,
  options: {},
  async run(_values, positionals, io) {
    const [op] = positionals;
    if (positionals.length === 1 && op === "serve") {
      await serve(io);
      return EXIT_OK;
    }
    if (positionals.length !== 1 || !(OPS as readonly string[]).includes(op)) throw new UsageError(`terraform needs one operation: serve, ${OPS.join(", ")}`);
    const input = op === "schema" ? "" : await readStdin();
    let req: OpRequest;
    try {
      req = input.trim() === "" ? {} : (JSON.parse(input) as OpRequest);
    } catch (e) {
      throw new UsageError(`terraform ${op}: stdin is not JSON (${(e as Error).message})`);
    }
    io.out(JSON.stringify(await runOperation(op, req)) + "\n");
    return EXIT_OK;
  },
};
