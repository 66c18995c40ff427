// `webhooks render <file>`: prints the body the webhook would send for an event.
import { isWebhookError, type WebhookError } from "../../errors";
import { checkWebhook } from "../../check/checkWebhook";
import { readDataFile } from "../../io/readDataFile";
import { REQUEST_TRIGGERS } from "../../model/events";
import { compileTemplate, renderBody } from "../../templating";
import { EVENT_OPTIONS, eventChoiceOf, loadEvent } from "../eventChoice";
import { formatFailure } from "../formatFailure";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command, type Io } from "../command";

export const renderCommand: Command = {
  name: "render",
  summary: "print the body a webhook would send for an event",
  help: `Usage: webhooks render <file> [--event <event.json>] [--trigger <name>] [--pretty]

Checks the webhook config file like "validate", then renders its body template
for an event and prints the body exactly as it would be sent. The default event
is the Test invocation's: the config's testEvent, else the mock event of its kind
(for request webhooks: of its first trigger); --trigger picks another mock.

Exit status: 0 when the body rendered, 1 when the config, the event or the
rendered body is invalid (the error is printed with its code and path).

Options:
  --event <file>     an event (JSON or YAML) to render instead of the mock
  --trigger <name>   request webhooks: use the mock event of this trigger
                     (${REQUEST_TRIGGERS.join(", ")})
  --pretty           indent the printed JSON (what is sent is not indented)
  -h, --help         show this help

Examples:
  webhooks render coralogix.yaml
  webhooks render coralogix.yaml --trigger RequestGranted --pretty
  webhooks render audit.yaml --event ./events/flow-edited.json
`,
  options: { ...EVENT_OPTIONS, pretty: { type: "boolean" } },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError("render needs exactly one config file");
    const file = positionals[0];
    const choice = eventChoiceOf(values);
    try {
      const checked = checkWebhook(readDataFile(file));
      if (!checked.ok) return fail(io, file, checked.errors);
      const config = checked.config;
      const loaded = loadEvent(choice, config);
      if (!loaded.ok) return fail(io, loaded.file, loaded.errors);
      const body = renderBody(compileTemplate(config.bodyTemplate), loaded.event);
      if (body === "") {
        io.err(`${file}: the body template is empty: a ${config.method} request is sent without a body\n`);
        return EXIT_OK;
      }
      io.out((values.pretty === true ? JSON.stringify(JSON.parse(body), null, 2) : body) + "\n");
      return EXIT_OK;
    } catch (e) {
      if (isWebhookError(e)) return fail(io, file, [e]);
      throw e;
    }
  },
};

function fail(io: Io, file: string, errors: WebhookError[]): number {
  for (const e of errors) io.err(formatFailure(file, e));
  return EXIT_FAILED;
}
