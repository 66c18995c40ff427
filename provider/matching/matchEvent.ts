// Which webhooks an event goes to (product.md §3). Pure: the runtime calls it
// for every (event, registered webhook) pair when an event is ingested.
import type { AuditEvent, EventKind, RequestEvent } from "../model/events";
import type { WebhookConfig } from "../model/webhookConfig";
import { passesFilters } from "./requestFilters";

export interface KindedEvent {
  kind: EventKind;
  event: AuditEvent | RequestEvent;
}

/** Kinds equal, webhook active; a request webhook also needs the trigger listed and the filters passed. */
export function matchesWebhook(webhook: WebhookConfig, { kind, event }: KindedEvent): boolean {
  if (webhook.kind !== kind || !webhook.active) return false;
  if (webhook.kind === "audit") return true;
  const request = event as RequestEvent;
  if (!(webhook.triggers as readonly string[]).includes(request.event_type)) return false;
  return passesFilters(webhook.filters, request.data);
}
