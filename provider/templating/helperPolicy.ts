// Templates may call the built-in helpers only (if, unless, each, with,
// lookup). Custom helpers, partials and decorators are refused: a webhook body
// must render the same everywhere, with nothing registered at runtime.
// A built-in called with the wrong number of arguments is a TEMPLATE_SYNTAX error.
import type { WebhookError } from "../errors";
import {
  BLOCK_HELPERS,
  INLINE_HELPERS,
  hasArguments,
  simpleName,
  type BlockStatement,
  type Expression,
  type Hash,
  type MustacheStatement,
  type Program,
  type SubExpression,
} from "./ast";
import { sourceOf, startOf } from "./position";
import { templateError } from "./templateError";

const ALLOWED = [...BLOCK_HELPERS, ...INLINE_HELPERS].join(", ");

/** Every helper, partial or decorator that is not allowed, and built-ins given the wrong number of arguments, in source order. */
export function checkHelpers(program: Program, source: string): WebhookError[] {
  const errors: WebhookError[] = [];
  const refuse = (node: { loc: hbs.AST.SourceLocation }, message: string) =>
    errors.push(templateError("TEMPLATE_UNKNOWN_HELPER", message, startOf(node.loc)));

  // Handlebars reports a wrong argument count only when rendering, without a position.
  const arity = (node: { loc: hbs.AST.SourceLocation }, name: string, count: number) => {
    const wanted = name === "lookup" ? 2 : 1;
    if (count === wanted) return;
    const what =
      name === "lookup"
        ? "`lookup` takes two arguments, the object or list and the key: `{{lookup data.access_groups 0}}`"
        : `\`#${name}\` takes exactly one argument, e.g. \`{{#${name} ${name === "each" ? "data.approvals" : "data.justification"}}}\``;
    errors.push(templateError("TEMPLATE_SYNTAX", `${what}; this one has ${count}`, startOf(node.loc)));
  };
  const expression = (e: Expression | undefined) => {
    if (e === undefined || e.type !== "SubExpression") return;
    const sub = e as SubExpression;
    const name = simpleName(sub.path);
    if (name === undefined || !INLINE_HELPERS.includes(name)) {
      refuse(sub, unknownHelper(sourceOf(source, sub.path.loc), name));
    } else arity(sub, name, sub.params.length);
    args(sub.params, sub.hash);
  };
  const args = (params: Expression[], hash: Hash | undefined) => {
    params.forEach(expression);
    hash?.pairs.forEach((p) => expression(p.value));
  };

  const visit = (p: Program | undefined) => {
    for (const s of p?.body ?? []) {
      switch (s.type) {
        case "MustacheStatement": {
          const m = s as MustacheStatement;
          if (hasArguments(m)) {
            const name = simpleName(m.path);
            if (name !== undefined && BLOCK_HELPERS.includes(name)) {
              refuse(m, `\`${name}\` is a block helper: write \`{{#${name} …}}…{{/${name}}}\``);
            } else if (name === undefined || !INLINE_HELPERS.includes(name)) {
              refuse(m, unknownHelper(sourceOf(source, m.path.loc), name));
            } else arity(m, name, m.params.length);
          }
          args(m.params, m.hash);
          break;
        }
        case "BlockStatement": {
          const b = s as BlockStatement;
          const name = simpleName(b.path);
          const written = sourceOf(source, b.path.loc);
          if (sourceOf(source, b.loc).startsWith("{{{{")) {
            refuse(b, "raw blocks (`{{{{name}}}}…{{{{/name}}}}`) are not available: write a literal `{{` as `\\{{`");
          } else if (name !== undefined && INLINE_HELPERS.includes(name)) {
            refuse(b, `\`${name}\` is not a block helper: use it inline, \`{{${name} obj key}}\`, or \`{{#with (${name} obj key)}}\``);
          } else if (name === undefined || !BLOCK_HELPERS.includes(name)) {
            refuse(
              b,
              hasArguments(b)
                ? unknownHelper(written, name)
                : `\`{{#${written}}}\` is not a block helper: loop with \`{{#each ${written}}}\`, test with \`{{#if ${written}}}\` ` +
                    `or change the context with \`{{#with ${written}}}\``,
            );
          } else arity(b, name, b.params.length);
          args(b.params, b.hash);
          visit(b.program);
          visit(b.inverse);
          break;
        }
        case "PartialStatement":
        case "PartialBlockStatement":
          refuse(s, "partials (`{{> name}}`) are not available in webhook templates: write the text in place");
          break;
        case "Decorator":
        case "DecoratorBlock":
          refuse(s, "decorators (`{{* name}}`, `{{#* inline}}`) are not available in webhook templates");
          break;
      }
    }
  };
  visit(program);
  return errors;
}

function unknownHelper(written: string, name: string | undefined): string {
  const what = name === undefined ? `\`${written}\` cannot be called as a helper` : `\`${name}\` is not an available helper`;
  return `${what}: templates can use only the built-in helpers ${ALLOWED}`;
}
