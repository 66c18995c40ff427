// Builds the program that is actually compiled: a copy of the parsed AST in
// which every placeholder `{{expr}}` becomes `{{__json expr depth=D json=B}}`,
// carrying the placement decided statically. A triple-stash `{{{expr}}}` is
// rewritten the same way, so it is escaped for its position like `{{expr}}`:
// raw insertion is the only way a value could break the JSON, so it is never raw
// (outside strings it already renders objects as native JSON values).
// The probe variant also puts a marker right after the opening quote of each
// embedded JSON string, so `check` can find those strings in the rendered body.
import { hasArguments, isLiteral, pathNamed, type ContentStatement, type Expression, type MustacheStatement, type Program, type Statement } from "./ast";
import { JSON_HELPER } from "./environment";
import type { JsonContext, Literal } from "./jsonContext";

/** Marks are private-use characters: JSON escaping leaves them as they are at every level. */
export function markerOf(id: number): string {
  return `\uE000${id}\uE001`;
}
export const MARKER_AT_START = /^\uE000(\d+)\uE001/;

export function rewriteProgram(program: Program, context: JsonContext, withMarkers = false): Program {
  const marks = new Map<ContentStatement, number[]>();
  if (withMarkers) {
    for (const l of context.embedded) marks.set(l.at.node, [...(marks.get(l.at.node) ?? []), l.id]);
  }
  const literalsById = new Map<number, Literal>(context.embedded.map((l) => [l.id, l]));

  const content = (c: ContentStatement): ContentStatement => {
    const ids = marks.get(c);
    if (ids === undefined) return { ...c };
    let value = c.value;
    // Insert from the end so earlier offsets stay valid.
    const points = ids.map((id) => literalsById.get(id) as Literal).sort((a, b) => b.at.offset - a.at.offset);
    for (const l of points) value = value.slice(0, l.at.offset) + markerOf(l.id) + value.slice(l.at.offset);
    return { ...c, value };
  };

  const statement = (s: Statement): Statement => {
    switch (s.type) {
      case "ContentStatement":
        return content(s as ContentStatement) as unknown as Statement;
      case "MustacheStatement": {
        const m = s as MustacheStatement;
        const placement = context.placements.get(m);
        return placement === undefined ? m : jsonCall(m, placement.depth, placement.asJson);
      }
      case "BlockStatement": {
        const b = s as hbs.AST.BlockStatement;
        return { ...b, program: b.program && copy(b.program), inverse: b.inverse && copy(b.inverse) } as Statement;
      }
      default:
        return s;
    }
  };
  const copy = (p: Program): Program => ({ ...p, body: p.body.map(statement) });
  return copy(program);
}

function jsonCall(m: MustacheStatement, depth: number, asJson: boolean): MustacheStatement {
  const loc = m.loc;
  const depthValue = { type: "NumberLiteral", value: depth, original: depth, loc };
  const jsonValue = { type: "BooleanLiteral", value: asJson, original: asJson, loc };
  return {
    type: "MustacheStatement",
    path: pathNamed(JSON_HELPER, loc),
    params: [valueOf(m)],
    hash: {
      type: "Hash",
      pairs: [
        { type: "HashPair", key: "depth", value: depthValue, loc },
        { type: "HashPair", key: "json", value: jsonValue, loc },
      ],
      loc,
    },
    escaped: m.escaped,
    strip: m.strip,
    loc,
  };
}

/** The expression whose value the original placeholder printed. */
function valueOf(m: MustacheStatement): Expression {
  if (hasArguments(m)) {
    return { type: "SubExpression", path: m.path, params: m.params, hash: m.hash, loc: m.loc } as Expression;
  }
  // `{{"a b"}}` and `{{1}}` look up a field of that name in Handlebars; keep that meaning.
  if (isLiteral(m.path)) return pathNamed(String(m.path.value), m.path.loc);
  return m.path;
}
