// The body of one delivery: rendered, then parsed, because the runtime never
// sends a body that is not JSON.
import type { CompiledTemplate } from "./compileTemplate";
import { describeBodyProblem, jsonSyntaxProblem } from "./jsonSyntax";
import { templateError } from "./templateError";

/**
 * The rendered body; "" for an empty template (a request without a body).
 * Throws TEMPLATE_INVALID_JSON or TEMPLATE_RENDER_ERROR.
 */
export function renderBody(template: CompiledTemplate, event: unknown): string {
  if (template.source.trim() === "") return "";
  const body = template.render(event);
  const problem = jsonSyntaxProblem(body);
  if (problem !== undefined) {
    throw templateError(
      "TEMPLATE_INVALID_JSON",
      `the rendered body is not valid JSON: ${describeBodyProblem(body, problem)}; the body was not sent. ` +
        "Run `webhooks render` with this event to see it",
    );
  }
  return body;
}
