// `check` for a body template: everything that can be known before a real
// event arrives. Compile, check references against the kind's payload shape,
// then render every mock event of the kind and parse the result, and parse
// each embedded JSON string (JSON-in-JSON) too.
import { isWebhookError, type WebhookError } from "../errors";
import type { EventKind } from "../model/events";
import { mockEventsOf } from "../model/mockEvents";
import { payloadShapeOf } from "../model/payloadShape";
import { analyzeTemplate } from "./analyzeTemplate";
import { compiledTemplateOf, templateOf, type CompiledTemplate } from "./compileTemplate";
import { checkFields } from "./fieldCheck";
import { literalPosition, type Literal } from "./jsonContext";
import { describeBodyProblem, jsonSyntaxProblem, type JsonSyntaxProblem } from "./jsonSyntax";
import { MARKER_AT_START } from "./rewrite";
import { templateError } from "./templateError";
import { TemplateCache } from "./templateCache";

/** Checked templates by kind and source. */
const checked = new TemplateCache<readonly WebhookError[]>();

/** Every problem found, in the order: static problems (in source order per pass), then rendering problems; [] when fine. */
export function checkTemplate(source: string, kind: EventKind): WebhookError[] {
  return [...checked.get(`${kind}\n${source}`, source, () => Object.freeze(checkUncached(source, kind)))];
}

function checkUncached(source: string, kind: EventKind): WebhookError[] {
  if (source.trim() === "") return [];
  let analysis;
  try {
    analysis = analyzeTemplate(source);
  } catch (e) {
    if (isWebhookError(e)) return [e];
    throw e;
  }
  const errors = [...analysis.errors, ...checkFields(analysis.program, source, kind, payloadShapeOf(kind))];
  // A refused helper or an undecidable placeholder makes any rendering meaningless.
  if (analysis.errors.length > 0) return errors;
  const template = compiledTemplateOf(source, analysis);
  const probe = templateOf(source, analysis, true);
  return [...errors, ...renderMocks(template, probe, analysis.context.embedded, kind)];
}

function renderMocks(template: CompiledTemplate, probe: CompiledTemplate, embedded: Literal[], kind: EventKind): WebhookError[] {
  const errors: WebhookError[] = [];
  const badBody: string[] = [];
  let firstBad: { body: string; problem: JsonSyntaxProblem } | undefined;
  const badNested = new Map<number, { mock: string; problem: JsonSyntaxProblem; text: string }>();

  for (const event of mockEventsOf(kind)) {
    const mock = kind === "audit" ? "audit" : String(event.event_type);
    let body: string;
    try {
      body = template.render(event);
    } catch (e) {
      if (!isWebhookError(e)) throw e;
      return [...errors, e];
    }
    const problem = jsonSyntaxProblem(body);
    if (problem !== undefined) {
      badBody.push(mock);
      firstBad ??= { body, problem };
      continue;
    }
    walkStrings(JSON.parse(probe.render(event)), (id, text) => {
      if (badNested.has(id)) return false;
      const nested = jsonSyntaxProblem(text);
      if (nested === undefined) return true;
      badNested.set(id, { mock, problem: nested, text });
      return false;
    });
  }

  if (firstBad !== undefined) {
    const { body, problem } = firstBad;
    const others = badBody.length > 1 ? ` (and with ${badBody.length - 1} more: ${badBody.slice(1).join(", ")})` : "";
    errors.push(
      templateError(
        "TEMPLATE_INVALID_JSON",
        `rendered with the ${badBody[0]} mock event${others}, the body is not valid JSON: ${describeBodyProblem(body, problem)}` +
          (body.trim() === ""
            ? ""
            : `, near ${excerpt(body, problem.offset)}; check the commas, quotes and brackets around that part of the template`),
      ),
    );
  }
  for (const literal of embedded) {
    const bad = badNested.get(literal.id);
    if (bad === undefined) continue;
    errors.push(
      templateError(
        "TEMPLATE_NESTED_JSON_INVALID",
        `this string holds JSON (JSON-in-JSON), and rendered with the ${bad.mock} mock event ` +
          `its decoded text is not valid JSON: ${bad.problem.reason} at position ${bad.problem.offset} of the string, ` +
          `near ${excerpt(bad.text, bad.problem.offset)}; ` +
          "check the escaped quotes (`\\\"`), commas and brackets inside it",
        literalPosition(literal),
      ),
    );
  }
  return errors;
}

/**
 * Calls `visit` for every marked string (an embedded JSON string of the probe
 * render), with the string's text after the marker; descends into the parsed
 * text when `visit` returns true, for JSON-in-JSON-in-JSON.
 */
function walkStrings(root: unknown, visit: (id: number, text: string) => boolean): void {
  // Without recursion: a template's literal JSON may nest thousands of levels (it is valid JSON, so not refused).
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      const mark = MARKER_AT_START.exec(value);
      if (mark === null) continue;
      const text = value.slice(mark[0].length);
      if (visit(Number(mark[1]), text)) stack.push(JSON.parse(text));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (typeof value === "object" && value !== null) {
      const values = Object.values(value);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
}

function excerpt(text: string, offset: number): string {
  const start = Math.max(0, offset - 24);
  return JSON.stringify(text.slice(start, offset + 16));
}
