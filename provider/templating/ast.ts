// Names for the Handlebars AST node types (declared globally by handlebars'
// typings) and the few facts about nodes that several passes need.
import type {} from "handlebars";

export type Program = hbs.AST.Program & { chained?: boolean };
export type Statement = hbs.AST.Statement;
export type Expression = hbs.AST.Expression;
export type MustacheStatement = hbs.AST.MustacheStatement;
export type BlockStatement = hbs.AST.BlockStatement;
export type SubExpression = hbs.AST.SubExpression;
export type PathExpression = hbs.AST.PathExpression;
export type Hash = hbs.AST.Hash;
export type SourceLocation = hbs.AST.SourceLocation;
/** The typings declare `original` as strip flags; the parser stores the text before whitespace control. */
export type ContentStatement = Omit<hbs.AST.ContentStatement, "original"> & { original: string };
export type Literal = hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral;

/** The helpers a template may call; everything else (custom helpers, partials, decorators) is refused. */
export const BLOCK_HELPERS: readonly string[] = ["if", "unless", "each", "with"];
export const INLINE_HELPERS: readonly string[] = ["lookup"];

export function isPath(node: { type: string } | undefined): node is PathExpression {
  return node?.type === "PathExpression";
}

export function isLiteral(node: { type: string }): node is Literal {
  return node.type === "StringLiteral" || node.type === "NumberLiteral" || node.type === "BooleanLiteral";
}

/** A bare name such as `each`: the only form Handlebars resolves as a helper name. */
export function simpleName(node: { type: string }): string | undefined {
  if (!isPath(node) || node.data || node.depth !== 0 || node.parts.length !== 1) return undefined;
  return /^(\.|this\b)/.test(node.original) ? undefined : node.parts[0];
}

/** Whether a mustache or sub-expression calls a helper (it has arguments) rather than reading a value. */
export function hasArguments(node: { params: Expression[]; hash?: Hash }): boolean {
  return node.params.length > 0 || (node.hash !== undefined && node.hash.pairs.length > 0);
}

/** A path of one segment, as the parser would build it for `{{name}}`. */
export function pathNamed(name: string, loc: SourceLocation): PathExpression {
  return { type: "PathExpression", data: false, depth: 0, parts: [name], original: name, loc };
}
