// Validates an incoming event of a kind (ingest, `webhooks render --event`):
// every problem as a WebhookError with the event's property path.
import { WebhookError, formatPath } from "../errors";
import { EVENT_SCHEMAS, type AuditEvent, type EventKind, type RequestEvent } from "./events";
import { tooDeepAt } from "./nesting";

/**
 * Apono's events nest 8 levels at most; custom fields and unknown keys are passed through as given, and the store
 * serializes them recursively: a value nested thousands of levels deep would overflow the stack there.
 */
export const MAX_EVENT_DEPTH = 64;

export type EventParseResult<K extends EventKind> =
  | { ok: true; event: K extends "audit" ? AuditEvent : RequestEvent }
  | { ok: false; errors: WebhookError[] };

export function parseEvent<K extends EventKind>(kind: K, input: unknown): EventParseResult<K> {
  const deep = tooDeepAt(input, MAX_EVENT_DEPTH);
  if (deep !== undefined) {
    const path = formatPath(deep);
    const message = `${path} is nested more than ${MAX_EVENT_DEPTH} levels deep in the event; flatten it (Apono's own fields nest 8 levels at most)`;
    return { ok: false, errors: [new WebhookError({ code: "EVENT_INVALID", path, message })] };
  }
  const parsed = EVENT_SCHEMAS[kind].safeParse(input);
  if (parsed.success) return { ok: true, event: parsed.data as K extends "audit" ? AuditEvent : RequestEvent };
  const errors = parsed.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    const message = missing
      ? `${path || "event"} is required in a ${kind} event`
      : `${path || "event"}: ${issue.message}`;
    return new WebhookError({ code: "EVENT_INVALID", path, message });
  });
  return { ok: false, errors };
}
