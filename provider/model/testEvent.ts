// Which event the Test invocation sends: one rule for the providers (through the
// runtime's test route) and `webhooks test`. A request webhook is tested with the
// mock of its first trigger, so a receiver that checks event types sees a type it
// subscribed to; `testEvent` names another of its triggers or gives a whole event.
import { WebhookError } from "../errors";
import type { Problem } from "./configRules";
import { REQUEST_TRIGGERS, type AuditEvent, type EventKind, type RequestEvent, type RequestTrigger } from "./events";
import { mockAuditEvent, mockRequestEvent } from "./mockEvents";
import { parseEvent } from "./parseEvent";
import { didYouMeanText } from "./suggest";

/** A trigger name (its mock event) or a whole event of the webhook's kind. */
export type TestEventInput = RequestTrigger | Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isTrigger = (v: unknown): v is RequestTrigger => (REQUEST_TRIGGERS as readonly unknown[]).includes(v);
const problem = (message: string, path: PropertyKey[] = []): Problem => ({ code: "CONFIG_INVALID_TEST_EVENT", message, path });

/** The value alone: a known trigger (request webhooks), or an event object valid for the kind. Paths are below `testEvent`. */
export function testEventValueProblems(kind: EventKind, value: unknown): Problem[] {
  if (typeof value === "string") {
    if (kind === "audit") {
      return [problem("testEvent of an audit webhook is an audit event object; an audit webhook has one mock event, which is sent when testEvent is left out")];
    }
    if (isTrigger(value)) return [];
    const shown = value.length <= 100 ? JSON.stringify(value) : "not a trigger";
    return [problem(`testEvent is ${shown}; name one of the webhook's triggers (${REQUEST_TRIGGERS.join(", ")}) or give a whole request event.${didYouMeanText(value, REQUEST_TRIGGERS)}`)];
  }
  if (!isRecord(value)) {
    return [problem(`testEvent must be ${kind === "request" ? "a trigger name or " : ""}an ${kind} event object`)];
  }
  const parsed = parseEvent(kind, value);
  if (parsed.ok) return [];
  return parsed.errors.map((e) => problem(`testEvent is not a valid ${kind} event: ${e.message}`));
}

/** Across fields: a request webhook's test event must be of one of its triggers (else it would never be delivered one). */
export function testEventTriggerProblems(config: Record<string, unknown>): Problem[] {
  const { testEvent, triggers } = config;
  // Judged only against a valid list: a broken triggers has its own error.
  const valid = Array.isArray(triggers) && triggers.length > 0 && triggers.every(isTrigger) && new Set(triggers).size === triggers.length;
  if (testEvent === undefined || !valid) return [];
  const type = typeof testEvent === "string" ? testEvent : isRecord(testEvent) ? testEvent.event_type : undefined;
  if (!isTrigger(type) || triggers.includes(type)) return [];
  return [
    problem(
      `testEvent is a ${type} event, but the webhook's triggers are ${triggers.join(", ")}: it would never be sent one; ` +
        "name one of its triggers, or add the trigger to triggers",
      ["testEvent"],
    ),
  ];
}

/**
 * The event of the Test invocation of a valid config: `trigger` (an explicit override: the CLI's --trigger,
 * the test route's ?trigger=), else testEvent, else the mock of the first trigger (request) or the audit mock.
 */
export function testEventFor(
  config: { kind: EventKind; triggers?: readonly RequestTrigger[]; testEvent?: unknown },
  trigger?: RequestTrigger,
): AuditEvent | RequestEvent {
  if (config.kind === "audit") {
    return isRecord(config.testEvent) ? parsedEvent("audit", config.testEvent) : mockAuditEvent();
  }
  if (trigger !== undefined) return mockRequestEvent(trigger);
  const given = config.testEvent;
  if (isTrigger(given)) return mockRequestEvent(given);
  if (isRecord(given)) return parsedEvent("request", given);
  return mockRequestEvent(config.triggers?.[0] ?? "RequestCreated");
}

function parsedEvent(kind: EventKind, value: Record<string, unknown>): AuditEvent | RequestEvent {
  const parsed = parseEvent(kind, value);
  if (parsed.ok) return parsed.event;
  const first = parsed.errors[0];
  throw new WebhookError({ code: "CONFIG_INVALID_TEST_EVENT", path: "testEvent", message: `testEvent is not a valid ${kind} event: ${first.message}` });
}
