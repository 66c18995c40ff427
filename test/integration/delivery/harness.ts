// Shared setup for delivery tests: a test CA, receivers on loopback reached as
// https://hooks.test/… through a pin, and the deps deliverOnce runs with.
import { checkWebhook } from "../../../provider/check/checkWebhook";
import { deliverOnce, prepareWebhook, type AttemptContext, type InvocationRecord, type PreparedWebhook } from "../../../provider/delivery";
import { HttpClient } from "../../../provider/http/httpClient";
import type { NetworkPolicy } from "../../../provider/http/networkPolicy";
import { OAuthTokenCache } from "../../../provider/http/oauthTokens";
import { mockAuditEvent } from "../../../provider/model/mockEvents";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { createTestCa, type TestCa } from "../../support/testCa";

export const AUDIT_TEMPLATE = '{"event_type": "{{event_type}}", "actor": "{{data.actor_name}}"}';

/** A valid audit webhook config file shape posting to https://hooks.test/in, with `fields` on top. */
export function webhook(fields: Record<string, unknown> = {}): PreparedWebhook {
  const checked = checkWebhook({ kind: "audit", name: "delivery test", url: "https://hooks.test/in", bodyTemplate: AUDIT_TEMPLATE, ...fields });
  if (!checked.ok) throw new Error(`test config is invalid: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return prepareWebhook(checked.config);
}

export interface Harness {
  ca: TestCa;
  receivers: Receiver[];
  clients: HttpClient[];
  /** A fresh receiver for https://hooks.test (and any extra names). */
  receiver(): Promise<Receiver>;
  /** Deps whose client reaches the given pins (allowCidrs 127.0.0.0/8 unless `policy` says otherwise). */
  deps(resolve: Record<string, string>, policy?: Partial<NetworkPolicy>, now?: () => number): { http: HttpClient; oauth: OAuthTokenCache; now?: () => number };
  close(): Promise<void>;
}

export function createHarness(): Harness {
  const ca = createTestCa();
  const receivers: Receiver[] = [];
  const clients: HttpClient[] = [];
  return {
    ca,
    receivers,
    clients,
    async receiver() {
      const rx = await startReceiver({ tls: ca });
      receivers.push(rx);
      return rx;
    },
    deps(resolve, policy = {}, now) {
      const http = new HttpClient({ policy: { allowPrivateAddresses: false, allowCidrs: ["127.0.0.0/8"], resolve, caFile: ca.caFile, ...policy } });
      clients.push(http);
      return { http, oauth: new OAuthTokenCache(http), ...(now === undefined ? {} : { now }) };
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(receivers.map((r) => r.close()));
      ca.dispose();
    },
  };
}

let sequence = 0;

/** A first attempt of a fresh delivery of the mock audit event. */
export function attempt(overrides: Partial<AttemptContext> = {}): AttemptContext {
  sequence += 1;
  return { deliveryId: `msg_test_${process.pid}_${sequence}`, attempt: 1, isTest: false, ...overrides };
}

export function deliver(
  hook: PreparedWebhook,
  deps: Parameters<typeof deliverOnce>[3],
  ctx: AttemptContext = attempt(),
  event: unknown = mockAuditEvent(),
): Promise<InvocationRecord> {
  return deliverOnce(hook, event, ctx, deps);
}
