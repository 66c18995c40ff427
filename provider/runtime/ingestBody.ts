// What an ingest body holds: one event, or `{events: [...]}`. Validation is
// all-or-nothing, so a batch is either committed whole or refused with the
// first bad event's path; ids are assigned here so the store only sees final ones.
import { randomUUID } from "node:crypto";
import { WebhookError, type ErrorCode } from "../errors";
import { EVENT_KINDS, type EventKind, type WebhookEvent } from "../model/events";
import { parseEvent } from "../model/parseEvent";
import type { NewEvent } from "./store/store";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A body is a batch when it has `events` and is not itself an event. */
export function isBatch(body: unknown): body is { events: unknown } {
  return isRecord(body) && "events" in body && !("event_type" in body);
}

/** Validates one event of `kind`; throws the first problem, its path and message prefixed by `prefix` (e.g. `events[3]`). */
export function parseOneEvent(kind: EventKind, input: unknown, prefix = ""): WebhookEvent {
  const parsed = parseEvent(kind, input);
  if (parsed.ok) return parsed.event;
  const first = parsed.errors[0];
  // An event of the other kind is a common mistake (wrong endpoint); say so rather than list its missing fields.
  const other = EVENT_KINDS.find((k) => k !== kind)!;
  const asOther = parseEvent(other, input).ok;
  const code: ErrorCode = asOther ? "EVENT_KIND_MISMATCH" : first.code;
  const message = asOther
    ? `${prefix === "" ? "the event" : prefix} is ${a(other)} event, not ${a(kind)} event; send it as ${a(other)} event`
    : withPrefix(first.message, first.path, prefix);
  const path = asOther ? joinPath(prefix, "event_type") : joinPath(prefix, first.path);
  throw new WebhookError({ code, path, message });
}

const a = (kind: EventKind): string => (kind === "audit" ? "an audit" : "a request");

function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

// parseEvent messages start with the path (or "event" when it is empty): keep them readable with the prefix.
function withPrefix(message: string, path: string, prefix: string): string {
  if (prefix === "") return message;
  if (path === "" && message.startsWith("event")) return `${prefix}${message.slice("event".length)}`;
  if (path !== "" && message.startsWith(path)) return `${joinPath(prefix, path)}${message.slice(path.length)}`;
  return `${prefix}: ${message}`;
}

/**
 * The events of an ingest body, validated, with ids (the event's own `id`, else a new UUID).
 * Throws WebhookError EVENT_INVALID / EVENT_KIND_MISMATCH with the path, or EVENT_BATCH_TOO_LARGE.
 */
export function eventsOfBody(
  kind: EventKind,
  body: unknown,
  options: { maxBatch: number; newId?: () => string },
): NewEvent[] {
  const newId = options.newId ?? randomUUID;
  if (!isBatch(body)) {
    const event = parseOneEvent(kind, body);
    return [{ id: event.id ?? newId(), kind, event }];
  }
  const list = body.events;
  if (!Array.isArray(list)) {
    throw new WebhookError({
      code: "EVENT_INVALID",
      path: "events",
      message: `events must be an array of ${kind} events, e.g. {"events": [{"event_type": …, "event_time": …, "data": {…}}]}`,
    });
  }
  if (list.length > options.maxBatch) {
    throw new WebhookError({
      code: "EVENT_BATCH_TOO_LARGE",
      path: "events",
      message: `the batch has ${list.length} events, more than the limit of ${options.maxBatch}; split it into batches of at most ${options.maxBatch}`,
    });
  }
  const events = list.map((input, i) => parseOneEvent(kind, input, `events[${i}]`));
  return events.map((event) => ({ id: event.id ?? newId(), kind, event }));
}
