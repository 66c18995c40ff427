// `webhooks test <file>`: the Test invocation from a terminal. One real call with
// mock data (or a given event), exactly as a delivery would be made, then the
// invocation record.
import { randomUUID } from "node:crypto";
import { isWebhookError, type WebhookError } from "../../errors";
import { checkWebhook } from "../../check/checkWebhook";
import { deliverOnce, describeInvocation, prepareWebhook } from "../../delivery";
import { HttpClient } from "../../http/httpClient";
import { parseIp, validateNetworkPolicy, type NetworkPolicy } from "../../http/networkPolicy";
import { OAuthTokenCache } from "../../http/oauthTokens";
import { readDataFile } from "../../io/readDataFile";
import { REQUEST_TRIGGERS } from "../../model/events";
import { EVENT_OPTIONS, eventChoiceOf, loadEvent } from "../eventChoice";
import { formatFailure } from "../formatFailure";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command, type Io } from "../command";
import { runtimeCommandSummary } from "../runtimeCommands";

export const testCommand: Command = {
  name: "test",
  summary: runtimeCommandSummary("test"),
  help: `Usage: webhooks test <file> [--event <event.json>] [--trigger <name>] [--ca-file <pem>]
                     [--allow-private] [--allow-cidr <cidr>]... [--resolve <host:ip>]... [--json]

Checks the webhook config file like "validate", then makes the Test invocation:
one real HTTP call to the webhook's URL with the event the providers send:
the config's testEvent, else the mock event of its kind (for request webhooks:
of its first trigger); --trigger sends that trigger's mock instead. Rendered,
signed and authenticated exactly as a delivery would be. No retry. Prints the invocation
record: the request (secret header and query values masked), the response
(first 20 lines of the body), and each response validator.

Like the runtime, it refuses loopback, private, link-local and metadata
addresses unless --allow-private or --allow-cidr opens them, and always verifies
TLS (add a CA with --ca-file).

Exit status: 0 when the call succeeded (2xx and every validator passed), 1 when
it failed or the config or event is invalid, 2 on a command-line error.

Options:
  --event <file>        an event (JSON or YAML) to send instead of the mock
  --trigger <name>      request webhooks: send the mock event of this trigger
                        (${REQUEST_TRIGGERS.join(", ")})
  --ca-file <pem>       trust the CA certificates in this PEM file too
  --allow-private       allow loopback, private and link-local addresses (not metadata)
  --allow-cidr <cidr>   allow addresses in this range, e.g. 10.0.0.0/8 (repeatable)
  --resolve <host:ip>   connect to ip for host, like curl --resolve (repeatable)
  --json                print the invocation record as JSON
  -h, --help            show this help

Examples:
  webhooks test coralogix.yaml
  webhooks test coralogix.yaml --trigger RequestGranted --json | jq .response.status
  webhooks test internal.yaml --resolve hooks.internal:10.1.2.3 --allow-cidr 10.1.2.0/24 --ca-file ./corp-ca.pem
`,
  options: {
    ...EVENT_OPTIONS,
    "ca-file": { type: "string" },
    "allow-private": { type: "boolean" },
    "allow-cidr": { type: "string", multiple: true },
    resolve: { type: "string", multiple: true },
    json: { type: "boolean" },
  },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError("test needs exactly one config file");
    const file = positionals[0];
    const choice = eventChoiceOf(values);
    const policy = networkPolicyOf(values);

    const checked = checkFile(file);
    if (!checked.ok) return fail(io, file, checked.errors);
    const config = checked.config;
    const loaded = loadEvent(choice, config);
    if (!loaded.ok) return fail(io, loaded.file, loaded.errors);

    let http: HttpClient;
    try {
      http = new HttpClient({ policy });
    } catch (e) {
      // An unreadable --ca-file.
      if (isWebhookError(e)) return fail(io, policy.caFile ?? file, [e]);
      throw e;
    }
    try {
      const record = await deliverOnce(
        prepareWebhook(config),
        loaded.event,
        { deliveryId: `test_${randomUUID()}`, attempt: 1, isTest: true },
        { http, oauth: new OAuthTokenCache(http) },
      );
      io.out(values.json === true ? JSON.stringify(record, null, 2) + "\n" : describeInvocation(record));
      return record.result === "success" ? EXIT_OK : EXIT_FAILED;
    } finally {
      // Idle keep-alive sockets would hold the process open.
      await http.close();
    }
  },
};

// An unreadable file is reported like an invalid one: `<file>: <reason> (CODE)`, exit 1.
function checkFile(file: string): ReturnType<typeof checkWebhook> {
  try {
    return checkWebhook(readDataFile(file));
  } catch (e) {
    if (isWebhookError(e)) return { ok: false, errors: [e] };
    throw e;
  }
}

/** The policy the flags ask for; by default the runtime's: public addresses only, Node's CAs. */
function networkPolicyOf(values: Record<string, unknown>): NetworkPolicy {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const allowCidrs = list(values["allow-cidr"]);
  for (const cidr of allowCidrs) {
    try {
      validateNetworkPolicy({ allowPrivateAddresses: false, allowCidrs: [cidr], resolve: {} });
    } catch {
      throw new UsageError(`--allow-cidr ${cidr} is not an address range; write it like 10.0.0.0/8, fd00::/8 or a single address`);
    }
  }
  const resolve: Record<string, string> = {};
  for (const pin of list(values.resolve)) {
    const colon = pin.indexOf(":");
    const host = colon < 0 ? "" : pin.slice(0, colon);
    const ip = colon < 0 ? "" : pin.slice(colon + 1).replace(/^\[(.*)\]$/, "$1");
    if (host === "" || parseIp(ip) === undefined) {
      throw new UsageError(`--resolve ${pin} is not host:ip; write it like hooks.example.com:203.0.113.7 or hooks.example.com:[2001:db8::7]`);
    }
    resolve[host] = ip;
  }
  return {
    allowPrivateAddresses: values["allow-private"] === true,
    allowCidrs,
    resolve,
    ...(typeof values["ca-file"] === "string" ? { caFile: values["ca-file"] } : {}),
  };
}

function fail(io: Io, file: string, errors: WebhookError[]): number {
  for (const e of errors) io.err(formatFailure(file, e));
  return EXIT_FAILED;
}
