// Decides, from the template text alone, where in the JSON body each
// placeholder sits: the source-order walk feeds the literal text to the nested
// JSON lexer (jsonLexer.ts) and records each placeholder's placement. Blocks
// (#if, #each, #with and their else) may render zero or many times, so each
// body must end in the same lexical state it starts in; otherwise the
// position of what follows cannot be decided and TEMPLATE_JSON_CONTEXT is reported.
import type { WebhookError } from "../errors";
import type { BlockStatement, ContentStatement, MustacheStatement, Program } from "./ast";
import { JsonLexer, type StringLiteral } from "./jsonLexer";
import { positionInContent, sourceOf, startOf } from "./position";
import { templateError } from "./templateError";

export type Literal = StringLiteral<ContentStatement>;

/** How one placeholder renders: escaped `depth` times, as a JSON value or as text. */
export interface Placement {
  depth: number;
  asJson: boolean;
}

export interface JsonContext {
  placements: Map<MustacheStatement, Placement>;
  /** String literals whose decoded text is JSON containing strings: checked by parsing after rendering. */
  embedded: Literal[];
  errors: WebhookError[];
}

export function analyzeJsonContext(program: Program, source: string): JsonContext {
  const deferred: Array<{ node: MustacheStatement; depth: number; literal: Literal }> = [];
  const placements = new Map<MustacheStatement, Placement>();
  const errors: WebhookError[] = [];
  const lexer = JsonLexer.start<ContentStatement>();

  const walk = (p: Program, lx: JsonLexer<ContentStatement>) => {
    for (const s of p.body) {
      if (s.type === "ContentStatement") {
        const c = s as ContentStatement;
        for (let i = 0; i < c.value.length; i++) lx.feed(c.value[i], { node: c, offset: i + 1 });
      } else if (s.type === "MustacheStatement") {
        const m = s as MustacheStatement;
        const at = lx.placement();
        if (at.kind === "escape") {
          errors.push(
            templateError(
              "TEMPLATE_JSON_CONTEXT",
              `the placeholder \`${sourceOf(source, m.loc)}\` is in the middle of a JSON escape sequence (after a backslash), ` +
                "so its place in the JSON cannot be decided; remove the backslash: values are JSON-escaped for you " +
                "(note that Handlebars reads `\\\\{{` as a backslash followed by a placeholder)",
              startOf(m.loc),
            ),
          );
        } else if (at.kind === "deferred") {
          deferred.push({ node: m, depth: at.depth, literal: at.literal });
        } else {
          placements.set(m, { depth: at.depth, asJson: at.kind === "json" });
        }
        lx.settlePending();
      } else if (s.type === "BlockStatement") {
        block(s as BlockStatement, lx);
      }
      // Comments render nothing; partials and decorators are refused by the helper check.
    }
  };

  const block = (b: BlockStatement, lx: JsonLexer<ContentStatement>) => {
    const name = sourceOf(source, b.path.loc);
    if (lx.inEscape()) {
      errors.push(
        templateError(
          "TEMPLATE_JSON_CONTEXT",
          `the block \`{{#${name}}}\` starts in the middle of a JSON escape sequence (after a backslash); move it after the escape`,
          startOf(b.loc),
        ),
      );
      return;
    }
    lx.settlePending();
    const start = lx.key();
    const branches: Array<[string, Program | undefined]> = [
      ["body", b.program],
      ["{{else}} branch", b.inverse],
    ];
    for (const [label, body] of branches) {
      if (body === undefined) continue;
      const inner = lx.clone();
      walk(body, inner);
      if (inner.key() !== start) {
        errors.push(
          templateError(
            "TEMPLATE_JSON_CONTEXT",
            `the ${label} of \`{{#${name}}}\` starts ${lx.describe()} but ends ${inner.describe()}, so the JSON position of ` +
              "what follows depends on the data; open and close each JSON string (and each escape) inside the same block branch, " +
              `e.g. \`"{{#if x}}yes{{else}}no{{/if}}"\``,
            startOf(b.loc),
          ),
        );
      }
    }
  };

  walk(program, lexer);
  const embedded = lexer.literals.filter((l) => l.hasInnerString);
  // Inside a JSON-mode string, a placeholder outside inner strings renders as a JSON value only when
  // the string really is embedded JSON: `"[prod] {{x}}"` is text, `"{\"n\": {{x}}}"` is JSON.
  for (const d of deferred) placements.set(d.node, { depth: d.depth, asJson: d.literal.hasInnerString });
  return { placements, embedded, errors };
}

/** Where an embedded JSON string opens in the template (its opening quote), for messages. */
export function literalPosition(literal: Literal) {
  const { node, offset } = literal.at;
  // A nested quote is written with backslashes before it (`\"`, `\\\"`): point at the first.
  let start = offset - 1;
  while (start > 0 && node.value[start - 1] === "\\") start--;
  return positionInContent(node, start);
}
