// `webhooks terraform <op>`: the bridge the Terraform/OpenTofu provider
// (provider-terraform/, Go) calls for every operation. One JSON request on
// stdin, one JSON answer on stdout ({..., diagnostics: [{code, path, summary, detail}]});
// the exit status is 0 whenever an answer was written, so the Go side reads the diagnostics.
import { runOperation, type OpRequest } from "../../terraform/tfOperations";
import { EXIT_OK, UsageError, type Command } from "../command";

const OPS = ["schema", "validate", "plan", "create", "read", "update", "delete"] as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export const terraformCommand: Command = {
  name: "terraform",
  summary: "the Terraform/OpenTofu provider's bridge to the core (JSON in, JSON out)",
  help: `Usage: webhooks terraform <${OPS.join("|")}>

Called by terraform-provider-webhooks (the Go provider) for each operation; not
meant to be typed. Reads one JSON request on stdin ({type, provider, config,
state, plan}; "schema" reads none) and prints one JSON answer on stdout with
"diagnostics": [{code, path, summary, detail}]. The rules, the template check,
the diff and the runtime calls are the core's, the same as the Pulumi providers'.

Examples:
  webhooks terraform schema | jq '.resources | keys'
  echo '{"type":"webhooks_audit_webhook","config":{"name":"a","url":"http://x"}}' | webhooks terraform validate
`,
  options: {},
  async run(_values, positionals, io) {
    const [op] = positionals;
    if (positionals.length !== 1 || !(OPS as readonly string[]).includes(op)) throw new UsageError(`terraform needs one operation: ${OPS.join(", ")}`);
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
