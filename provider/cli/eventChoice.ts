// The event `render` and `test` use: `--event <file>`, or the kind's mock event
// (`--trigger` picks a request mock). Both commands read the flags and load the
// event the same way, so they agree on every error.
import { isWebhookError, type WebhookError } from "../errors";
import { REQUEST_TRIGGERS, type RequestTrigger } from "../model/events";
import { testEventFor } from "../model/testEvent";
import type { WebhookConfig } from "../model/webhookConfig";
import { parseEvent } from "../model/parseEvent";
import { readDataFile } from "../io/readDataFile";
import { UsageError } from "./command";

export const EVENT_OPTIONS = { event: { type: "string" }, trigger: { type: "string" } } as const;

export interface EventChoice {
  file?: string;
  trigger?: RequestTrigger;
}

/** Reads --event / --trigger; throws UsageError when both are given or the trigger is unknown. */
export function eventChoiceOf(values: Record<string, unknown>): EventChoice {
  const file = typeof values.event === "string" ? values.event : undefined;
  const trigger = typeof values.trigger === "string" ? values.trigger : undefined;
  if (file !== undefined && trigger !== undefined) {
    throw new UsageError("use either --event or --trigger: --trigger picks a mock event");
  }
  if (trigger !== undefined && !(REQUEST_TRIGGERS as readonly string[]).includes(trigger)) {
    throw new UsageError(`--trigger must be one of ${REQUEST_TRIGGERS.join(", ")}`);
  }
  return { file, trigger: trigger as RequestTrigger | undefined };
}

/** The chosen event for a webhook: the file's (validated), or its Test invocation's (testEventFor); errors name the event file. */
export function loadEvent(
  choice: EventChoice,
  config: WebhookConfig,
): { ok: true; event: unknown } | { ok: false; file: string; errors: WebhookError[] } {
  const kind = config.kind;
  if (choice.trigger !== undefined && kind !== "request") {
    throw new UsageError("--trigger is for request webhooks; audit webhooks have one mock event");
  }
  if (choice.file === undefined) return { ok: true, event: testEventFor(config, choice.trigger) };
  const file = choice.file;
  try {
    const parsed = parseEvent(kind, readDataFile(file));
    return parsed.ok ? { ok: true, event: parsed.event } : { ok: false, file, errors: parsed.errors };
  } catch (e) {
    if (isWebhookError(e)) return { ok: false, file, errors: [e] };
    throw e;
  }
}
