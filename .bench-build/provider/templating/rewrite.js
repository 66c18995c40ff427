"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MARKER_AT_START = void 0;
exports.markerOf = markerOf;
exports.rewriteProgram = rewriteProgram;
// Builds the program that is actually compiled: a copy of the parsed AST in
// which every placeholder `{{expr}}` becomes `{{__json expr depth=D json=B}}`,
// carrying the placement decided statically. A triple-stash `{{{expr}}}` is
// rewritten the same way, so it is escaped for its position like `{{expr}}`:
// raw insertion is the only way a value could break the JSON, so it is never raw
// (outside strings it already renders objects as native JSON values).
// The probe variant also puts a marker right after the opening quote of each
// embedded JSON string, so `check` can find those strings in the rendered body.
const ast_1 = require("./ast");
const environment_1 = require("./environment");
/** Marks are private-use characters: JSON escaping leaves them as they are at every level. */
function markerOf(id) {
    return `\uE000${id}\uE001`;
}
exports.MARKER_AT_START = /^\uE000(\d+)\uE001/;
function rewriteProgram(program, context, withMarkers = false) {
    const marks = new Map();
    if (withMarkers) {
        for (const l of context.embedded)
            marks.set(l.at.node, [...(marks.get(l.at.node) ?? []), l.id]);
    }
    const literalsById = new Map(context.embedded.map((l) => [l.id, l]));
    const content = (c) => {
        const ids = marks.get(c);
        if (ids === undefined)
            return { ...c };
        let value = c.value;
        // Insert from the end so earlier offsets stay valid.
        const points = ids.map((id) => literalsById.get(id)).sort((a, b) => b.at.offset - a.at.offset);
        for (const l of points)
            value = value.slice(0, l.at.offset) + markerOf(l.id) + value.slice(l.at.offset);
        return { ...c, value };
    };
    const statement = (s) => {
        switch (s.type) {
            case "ContentStatement":
                return content(s);
            case "MustacheStatement": {
                const m = s;
                const placement = context.placements.get(m);
                return placement === undefined ? m : jsonCall(m, placement.depth, placement.asJson);
            }
            case "BlockStatement": {
                const b = s;
                return { ...b, program: b.program && copy(b.program), inverse: b.inverse && copy(b.inverse) };
            }
            default:
                return s;
        }
    };
    const copy = (p) => ({ ...p, body: p.body.map(statement) });
    return copy(program);
}
function jsonCall(m, depth, asJson) {
    const loc = m.loc;
    const depthValue = { type: "NumberLiteral", value: depth, original: depth, loc };
    const jsonValue = { type: "BooleanLiteral", value: asJson, original: asJson, loc };
    return {
        type: "MustacheStatement",
        path: (0, ast_1.pathNamed)(environment_1.JSON_HELPER, loc),
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
function valueOf(m) {
    if ((0, ast_1.hasArguments)(m)) {
        return { type: "SubExpression", path: m.path, params: m.params, hash: m.hash, loc: m.loc };
    }
    // `{{"a b"}}` and `{{1}}` look up a field of that name in Handlebars; keep that meaning.
    if ((0, ast_1.isLiteral)(m.path))
        return (0, ast_1.pathNamed)(String(m.path.value), m.path.loc);
    return m.path;
}
