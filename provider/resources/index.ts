// What the serialized provider loads by package name
// (`require("pulumi-webhooks/provider/resources")`) inside the provider process:
// one provider per kind, so `configure` and every later call meet the same object;
// its read also serves the lookups (`.get`, lookupRead.ts), and its failures reach
// the engine as one message with the code (dynamicBoundary.ts).
import type { EventKind } from "../model/events";
import { forEngine } from "./dynamicBoundary";
import { DynamicWebhookProvider } from "./lookupRead";
import type { WebhookProvider } from "./webhookProvider";

export { WebhookProvider, type WebhookProviderOptions } from "./webhookProvider";
export type { LastTest, WebhookOutputs } from "./resourceState";
export { OUTPUT_KEYS } from "./resourceState";
export { CONFIG_KEYS, ENV_KEYS } from "./runtimeSettings";
export { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "./secretValues";

const providers = new Map<EventKind, WebhookProvider>();

export function providerFor(kind: EventKind): WebhookProvider {
  let p = providers.get(kind);
  if (p === undefined) {
    p = forEngine(new DynamicWebhookProvider(kind));
    providers.set(kind, p);
  }
  return p;
}
