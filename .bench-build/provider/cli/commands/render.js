"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderCommand = void 0;
// `webhooks render <file>`: prints the body the webhook would send for an event.
const errors_1 = require("../../errors");
const checkWebhook_1 = require("../../check/checkWebhook");
const readDataFile_1 = require("../../io/readDataFile");
const events_1 = require("../../model/events");
const mockEvents_1 = require("../../model/mockEvents");
const parseEvent_1 = require("../../model/parseEvent");
const templating_1 = require("../../templating");
const formatFailure_1 = require("../formatFailure");
const command_1 = require("../command");
exports.renderCommand = {
    name: "render",
    summary: "print the body a webhook would send for an event",
    help: `Usage: webhooks render <file> [--event <event.json>] [--trigger <name>] [--pretty]

Checks the webhook config file like "validate", then renders its body template
for an event and prints the body exactly as it would be sent. The default event
is the mock event of the webhook's kind (for request webhooks: RequestCreated,
or the mock of --trigger).

Exit status: 0 when the body rendered, 1 when the config, the event or the
rendered body is invalid (the error is printed with its code and path).

Options:
  --event <file>     an event (JSON or YAML) to render instead of the mock
  --trigger <name>   request webhooks: use the mock event of this trigger
                     (${events_1.REQUEST_TRIGGERS.join(", ")})
  --pretty           indent the printed JSON (what is sent is not indented)
  -h, --help         show this help

Examples:
  webhooks render coralogix.yaml
  webhooks render coralogix.yaml --trigger RequestGranted --pretty
  webhooks render audit.yaml --event ./events/flow-edited.json
`,
    options: { event: { type: "string" }, trigger: { type: "string" }, pretty: { type: "boolean" } },
    async run(values, positionals, io) {
        if (positionals.length !== 1)
            throw new command_1.UsageError("render needs exactly one config file");
        const file = positionals[0];
        const event = typeof values.event === "string" ? values.event : undefined;
        const trigger = typeof values.trigger === "string" ? values.trigger : undefined;
        if (event !== undefined && trigger !== undefined) {
            throw new command_1.UsageError("use either --event or --trigger: --trigger picks a mock event");
        }
        if (trigger !== undefined && !events_1.REQUEST_TRIGGERS.includes(trigger)) {
            throw new command_1.UsageError(`--trigger must be one of ${events_1.REQUEST_TRIGGERS.join(", ")}`);
        }
        try {
            const checked = (0, checkWebhook_1.checkWebhook)((0, readDataFile_1.readDataFile)(file));
            if (!checked.ok)
                return fail(io, file, checked.errors);
            const config = checked.config;
            if (trigger !== undefined && config.kind !== "request") {
                throw new command_1.UsageError("--trigger is for request webhooks; audit webhooks have one mock event");
            }
            let data = (0, mockEvents_1.testEventOf)(config.kind, trigger);
            if (event !== undefined) {
                const parsed = (0, parseEvent_1.parseEvent)(config.kind, (0, readDataFile_1.readDataFile)(event));
                if (!parsed.ok)
                    return fail(io, event, parsed.errors);
                data = parsed.event;
            }
            const body = (0, templating_1.renderBody)((0, templating_1.compileTemplate)(config.bodyTemplate), data);
            if (body === "") {
                io.err(`${file}: the body template is empty: a ${config.method} request is sent without a body\n`);
                return command_1.EXIT_OK;
            }
            io.out((values.pretty === true ? JSON.stringify(JSON.parse(body), null, 2) : body) + "\n");
            return command_1.EXIT_OK;
        }
        catch (e) {
            if ((0, errors_1.isWebhookError)(e))
                return fail(io, file, [e]);
            throw e;
        }
    },
};
function fail(io, file, errors) {
    for (const e of errors)
        io.err((0, formatFailure_1.formatFailure)(file, e));
    return command_1.EXIT_FAILED;
}
