"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.testCommand = void 0;
// `webhooks test <file>`: the Test invocation from a terminal. One real call with
// mock data (or a given event), exactly as a delivery would be made, then the
// invocation record.
const node_crypto_1 = require("node:crypto");
const errors_1 = require("../../errors");
const checkWebhook_1 = require("../../check/checkWebhook");
const delivery_1 = require("../../delivery");
const httpClient_1 = require("../../http/httpClient");
const networkPolicy_1 = require("../../http/networkPolicy");
const oauthTokens_1 = require("../../http/oauthTokens");
const readDataFile_1 = require("../../io/readDataFile");
const events_1 = require("../../model/events");
const mockEvents_1 = require("../../model/mockEvents");
const parseEvent_1 = require("../../model/parseEvent");
const formatFailure_1 = require("../formatFailure");
const command_1 = require("../command");
exports.testCommand = {
    name: "test",
    summary: "send the Test invocation (one real call with mock data) and show what happened",
    help: `Usage: webhooks test <file> [--event <event.json>] [--trigger <name>] [--ca-file <pem>]
                     [--allow-private] [--allow-cidr <cidr>]... [--resolve <host:ip>]... [--json]

Checks the webhook config file like "validate", then makes the Test invocation:
one real HTTP call to the webhook's URL with the mock event of its kind (for
request webhooks: RequestCreated, or the mock of --trigger), rendered, signed and
authenticated exactly as a delivery would be. No retry. Prints the invocation
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
                        (${events_1.REQUEST_TRIGGERS.join(", ")})
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
        event: { type: "string" },
        trigger: { type: "string" },
        "ca-file": { type: "string" },
        "allow-private": { type: "boolean" },
        "allow-cidr": { type: "string", multiple: true },
        resolve: { type: "string", multiple: true },
        json: { type: "boolean" },
    },
    async run(values, positionals, io) {
        if (positionals.length !== 1)
            throw new command_1.UsageError("test needs exactly one config file");
        const file = positionals[0];
        const event = typeof values.event === "string" ? values.event : undefined;
        const trigger = typeof values.trigger === "string" ? values.trigger : undefined;
        if (event !== undefined && trigger !== undefined) {
            throw new command_1.UsageError("use either --event or --trigger: --trigger picks a mock event");
        }
        if (trigger !== undefined && !events_1.REQUEST_TRIGGERS.includes(trigger)) {
            throw new command_1.UsageError(`--trigger must be one of ${events_1.REQUEST_TRIGGERS.join(", ")}`);
        }
        const policy = networkPolicyOf(values);
        const checked = checkFile(file);
        if (!checked.ok)
            return fail(io, file, checked.errors);
        const config = checked.config;
        if (trigger !== undefined && config.kind !== "request") {
            throw new command_1.UsageError("--trigger is for request webhooks; audit webhooks have one mock event");
        }
        let data = (0, mockEvents_1.testEventOf)(config.kind, trigger);
        if (event !== undefined) {
            const parsed = readEvent(config.kind, event);
            if (!parsed.ok)
                return fail(io, event, parsed.errors);
            data = parsed.event;
        }
        let http;
        try {
            http = new httpClient_1.HttpClient({ policy });
        }
        catch (e) {
            // An unreadable --ca-file.
            if ((0, errors_1.isWebhookError)(e))
                return fail(io, policy.caFile ?? file, [e]);
            throw e;
        }
        try {
            const record = await (0, delivery_1.deliverOnce)((0, delivery_1.prepareWebhook)(config), data, { deliveryId: `test_${(0, node_crypto_1.randomUUID)()}`, attempt: 1, isTest: true }, { http, oauth: new oauthTokens_1.OAuthTokenCache(http) });
            io.out(values.json === true ? JSON.stringify(record, null, 2) + "\n" : (0, delivery_1.describeInvocation)(record));
            return record.result === "success" ? command_1.EXIT_OK : command_1.EXIT_FAILED;
        }
        finally {
            // Idle keep-alive sockets would hold the process open.
            await http.close();
        }
    },
};
// An unreadable file is reported like an invalid one: `<file>: <reason> (CODE)`, exit 1.
function checkFile(file) {
    try {
        return (0, checkWebhook_1.checkWebhook)((0, readDataFile_1.readDataFile)(file));
    }
    catch (e) {
        if ((0, errors_1.isWebhookError)(e))
            return { ok: false, errors: [e] };
        throw e;
    }
}
function readEvent(kind, file) {
    try {
        return (0, parseEvent_1.parseEvent)(kind, (0, readDataFile_1.readDataFile)(file));
    }
    catch (e) {
        if ((0, errors_1.isWebhookError)(e))
            return { ok: false, errors: [e] };
        throw e;
    }
}
/** The policy the flags ask for; by default the runtime's: public addresses only, Node's CAs. */
function networkPolicyOf(values) {
    const list = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
    const allowCidrs = list(values["allow-cidr"]);
    for (const cidr of allowCidrs) {
        try {
            (0, networkPolicy_1.validateNetworkPolicy)({ allowPrivateAddresses: false, allowCidrs: [cidr], resolve: {} });
        }
        catch {
            throw new command_1.UsageError(`--allow-cidr ${cidr} is not an address range; write it like 10.0.0.0/8, fd00::/8 or a single address`);
        }
    }
    const resolve = {};
    for (const pin of list(values.resolve)) {
        const colon = pin.indexOf(":");
        const host = colon < 0 ? "" : pin.slice(0, colon);
        const ip = colon < 0 ? "" : pin.slice(colon + 1).replace(/^\[(.*)\]$/, "$1");
        if (host === "" || (0, networkPolicy_1.parseIp)(ip) === undefined) {
            throw new command_1.UsageError(`--resolve ${pin} is not host:ip; write it like hooks.example.com:203.0.113.7 or hooks.example.com:[2001:db8::7]`);
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
function fail(io, file, errors) {
    for (const e of errors)
        io.err((0, formatFailure_1.formatFailure)(file, e));
    return command_1.EXIT_FAILED;
}
