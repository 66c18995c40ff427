// The whole offline check of one webhook: the configuration rules (model) and
// the template (compile, references, render-and-parse with the kind's mocks).
// This is what `webhooks validate` and the provider's `check` run.
import type { WebhookError } from "../errors";
import type { EventKind } from "../model/events";
import { validateWebhookConfig, type ValidateOptions, type ValidationResult } from "../model/validateConfig";
import { checkTemplate } from "../templating";

export function checkWebhook(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const result = validateWebhookConfig(input, options);
  const kind = options.kind ?? kindOf(input);
  const template = bodyTemplateOf(input);
  // The template is checked even when other fields fail, so one run reports everything.
  if (kind === undefined || template === undefined || template === options.unknownSentinel) return result;
  if (template.trim() === "") return result;
  const templateErrors = checkTemplate(template, kind);
  if (templateErrors.length === 0) return result;
  const earlier: WebhookError[] = result.ok ? [] : result.errors;
  return { ok: false, errors: [...earlier, ...templateErrors] };
}

function kindOf(input: unknown): EventKind | undefined {
  const k = (input as { kind?: unknown } | null)?.kind;
  return k === "audit" || k === "request" ? k : undefined;
}

function bodyTemplateOf(input: unknown): string | undefined {
  const t = (input as { bodyTemplate?: unknown } | null)?.bodyTemplate;
  return typeof t === "string" ? t : undefined;
}
