// A template compiled once and rendered for many events.
import { isWebhookError, type WebhookError } from "../errors";
import type { Analysis } from "./analyzeTemplate";
import { analyzeTemplate } from "./analyzeTemplate";
import { compileProgram } from "./environment";
import { rewriteProgram } from "./rewrite";
import { templateError } from "./templateError";
import { TemplateCache } from "./templateCache";
import { startRenderBudget } from "./templateLimits";

export interface CompiledTemplate {
  readonly source: string;
  /** Raw rendered text, not parsed; throws TEMPLATE_RENDER_ERROR when Handlebars fails, TEMPLATE_RENDER_TOO_LARGE past MAX_RENDER_CHARS. */
  render(event: unknown): string;
}

/**
 * Compiles a body template. Throws a WebhookError (path `bodyTemplate`):
 * TEMPLATE_SYNTAX, TEMPLATE_UNKNOWN_HELPER or TEMPLATE_JSON_CONTEXT, the first
 * found (checkTemplate lists them all). Field references are not checked here:
 * a missing path renders empty (or null outside strings).
 */
export function compileTemplate(source: string): CompiledTemplate {
  return compiled.get(source, source, () => {
    const analysis = analyzeTemplate(source);
    if (analysis.errors.length > 0) throw analysis.errors[0];
    return templateOf(source, analysis);
  });
}

// Compiled templates by source: a compiled template is frozen and keeps no state between renders, so
// a Test invocation, a registration and the deliveries of webhooks with the same template share one.
const compiled = new TemplateCache<CompiledTemplate>();

/** compileTemplate's result for a source already analysed without errors (checkTemplate's), kept the same way. */
export function compiledTemplateOf(source: string, analysis: Analysis): CompiledTemplate {
  return compiled.get(source, source, () => templateOf(source, analysis));
}

export function templateOf(source: string, analysis: Analysis, withMarkers = false): CompiledTemplate {
  const renderer = compileProgram(rewriteProgram(analysis.program, analysis.context, withMarkers));
  return Object.freeze({
    source,
    render(event: unknown): string {
      try {
        startRenderBudget();
        return renderer(event);
      } catch (e) {
        throw renderError(e);
      }
    },
  });
}

function renderError(e: unknown): WebhookError {
  if (isWebhookError(e)) return e;
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const loc = e as { lineNumber?: number; column?: number };
  const known = typeof loc.lineNumber === "number" && typeof loc.column === "number";
  const at = known ? { line: loc.lineNumber as number, column: (loc.column as number) + 1 } : undefined;
  return templateError("TEMPLATE_RENDER_ERROR", `rendering the template failed: ${message}`, at, e);
}
