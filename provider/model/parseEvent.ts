// Validates an incoming event of a kind (ingest, `webhooks render --event`):
// every problem as a WebhookError with the event's property path.
import { WebhookError, formatPath } from "../errors";
import { EVENT_SCHEMAS, type AuditEvent, type EventKind, type RequestEvent } from "./events";

export type EventParseResult<K extends EventKind> =
  | { ok: true; event: K extends "audit" ? AuditEvent : RequestEvent }
  | { ok: false; errors: WebhookError[] };

export function parseEvent<K extends EventKind>(kind: K, input: unknown): EventParseResult<K> {
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
