// The per-webhook work done once, not per attempt: the runtime calls
// deliverOnce for every attempt of every delivery.
import type { WebhookConfig } from "../model/webhookConfig";
import { compileTemplate, type CompiledTemplate } from "../templating";

export interface PreparedWebhook {
  readonly config: WebhookConfig;
  readonly template: CompiledTemplate;
}

/** Compiles the body template once. Throws the template's WebhookError (TEMPLATE_*) when it does not compile. */
export function prepareWebhook(config: WebhookConfig): PreparedWebhook {
  return Object.freeze({ config, template: compileTemplate(config.bodyTemplate) });
}
