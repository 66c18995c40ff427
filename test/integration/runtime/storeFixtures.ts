// Shared by the store contract and the engine tests: valid webhook configs,
// events, invocation records, and a bounded wait.
import type { InvocationRecord } from "../../../provider/delivery/deliverOnce";
import type { EventKind, RequestEvent, RequestTrigger, WebhookEvent } from "../../../provider/model/events";
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import { validateWebhookConfig } from "../../../provider/model/validateConfig";
import type { WebhookConfig } from "../../../provider/model/webhookConfig";
import type { NewEvent } from "../../../provider/runtime/store/store";

let seq = 0;

/** A valid config of `kind` (request webhooks listen to RequestCreated unless told). */
export function webhookConfig(kind: EventKind, fields: Record<string, unknown> = {}): WebhookConfig {
  seq += 1;
  const base: Record<string, unknown> = { name: `hook ${seq}`, url: "https://hooks.test/in", bodyTemplate: '{"id": "{{ data.id }}"}' };
  if (kind === "audit") base.bodyTemplate = '{"action": "{{ data.action }}"}';
  if (kind === "request") base.triggers = ["RequestCreated"];
  const r = validateWebhookConfig({ ...base, ...fields }, { kind });
  if (!r.ok) throw new Error(`fixture config is invalid: ${JSON.stringify(r.errors.map((e) => e.toJSON()))}`);
  return r.config;
}

export function requestEvent(trigger: RequestTrigger = "RequestCreated", edit: (e: RequestEvent) => void = () => {}): RequestEvent {
  const e = mockRequestEvent(trigger);
  edit(e);
  return e;
}

export const newEvent = (id: string, kind: EventKind, event: WebhookEvent): NewEvent => ({ id, kind, event });
export const requestNewEvent = (id: string, trigger: RequestTrigger = "RequestCreated"): NewEvent =>
  newEvent(id, "request", requestEvent(trigger));
export const auditNewEvent = (id: string): NewEvent => newEvent(id, "audit", mockAuditEvent());

/** A finished attempt's record as deliverOnce would make it. */
export function invocationRecord(deliveryId: string, attempt: number, fields: Partial<InvocationRecord> = {}): InvocationRecord {
  return {
    deliveryId,
    eventType: "RequestCreated",
    isTest: false,
    attempt,
    startedAt: new Date(0).toISOString(),
    durationMs: 12,
    request: { method: "POST", url: "https://hooks.test/in", headers: {}, body: "{}" },
    response: { status: 200, headers: {}, body: '{"ok":true}', bodyBytes: 11, bodyTruncated: false },
    validators: [],
    result: "success",
    ...fields,
  };
}

export const failure = (deliveryId: string, attempt: number, code: "HTTP_STATUS" | "TIMEOUT" | "LOCAL_RESOURCE_EXHAUSTED" | "DELIVERY_ABANDONED", retryable: boolean) =>
  invocationRecord(deliveryId, attempt, {
    result: "failure",
    error: { code, message: `failed with ${code}`, retryable },
  });

/** Polls `check` until it is true; fails with `what` after `timeoutMs` (a bound, not a timing assertion). */
// The default stays under jest's 5 s test timeout, so a failure names what did not happen.
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 4_500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves when the promise rejects, with what it rejected with; fails if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<{ code: string; path: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; path: string; message: string };
  }
  throw new Error("expected a rejection");
}
