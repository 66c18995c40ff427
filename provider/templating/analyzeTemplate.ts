// The static passes shared by compileTemplate and checkTemplate: parse, the
// helper policy and the JSON placement of every placeholder.
import type { WebhookError } from "../errors";
import type { Program } from "./ast";
import { checkHelpers } from "./helperPolicy";
import { analyzeJsonContext, type JsonContext } from "./jsonContext";
import { parseTemplate } from "./parseTemplate";

export interface Analysis {
  program: Program;
  context: JsonContext;
  /** Problems that make the template impossible to render safely (helpers, JSON context). */
  errors: WebhookError[];
}

/** Throws TEMPLATE_SYNTAX; other problems are returned. */
export function analyzeTemplate(source: string): Analysis {
  const program = parseTemplate(source);
  const context = analyzeJsonContext(program, source);
  return { program, context, errors: [...checkHelpers(program, source), ...context.errors] };
}
