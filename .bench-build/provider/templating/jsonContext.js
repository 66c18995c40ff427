"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.analyzeJsonContext = analyzeJsonContext;
exports.literalPosition = literalPosition;
const jsonLexer_1 = require("./jsonLexer");
const position_1 = require("./position");
const templateError_1 = require("./templateError");
function analyzeJsonContext(program, source) {
    const deferred = [];
    const placements = new Map();
    const errors = [];
    const lexer = jsonLexer_1.JsonLexer.start();
    const walk = (p, lx) => {
        for (const s of p.body) {
            if (s.type === "ContentStatement") {
                const c = s;
                for (let i = 0; i < c.value.length; i++)
                    lx.feed(c.value[i], { node: c, offset: i + 1 });
            }
            else if (s.type === "MustacheStatement") {
                const m = s;
                const at = lx.placement();
                if (at.kind === "escape") {
                    errors.push((0, templateError_1.templateError)("TEMPLATE_JSON_CONTEXT", `the placeholder \`${(0, position_1.sourceOf)(source, m.loc)}\` is in the middle of a JSON escape sequence (after a backslash), ` +
                        "so its place in the JSON cannot be decided; remove the backslash: values are JSON-escaped for you " +
                        "(note that Handlebars reads `\\\\{{` as a backslash followed by a placeholder)", (0, position_1.startOf)(m.loc)));
                }
                else if (at.kind === "deferred") {
                    deferred.push({ node: m, depth: at.depth, literal: at.literal });
                }
                else {
                    placements.set(m, { depth: at.depth, asJson: at.kind === "json" });
                }
                lx.settlePending();
            }
            else if (s.type === "BlockStatement") {
                block(s, lx);
            }
            // Comments render nothing; partials and decorators are refused by the helper check.
        }
    };
    const block = (b, lx) => {
        const name = (0, position_1.sourceOf)(source, b.path.loc);
        if (lx.inEscape()) {
            errors.push((0, templateError_1.templateError)("TEMPLATE_JSON_CONTEXT", `the block \`{{#${name}}}\` starts in the middle of a JSON escape sequence (after a backslash); move it after the escape`, (0, position_1.startOf)(b.loc)));
            return;
        }
        lx.settlePending();
        const start = lx.key();
        const branches = [
            ["body", b.program],
            ["{{else}} branch", b.inverse],
        ];
        for (const [label, body] of branches) {
            if (body === undefined)
                continue;
            const inner = lx.clone();
            walk(body, inner);
            if (inner.key() !== start) {
                errors.push((0, templateError_1.templateError)("TEMPLATE_JSON_CONTEXT", `the ${label} of \`{{#${name}}}\` starts ${lx.describe()} but ends ${inner.describe()}, so the JSON position of ` +
                    "what follows depends on the data; open and close each JSON string (and each escape) inside the same block branch, " +
                    `e.g. \`"{{#if x}}yes{{else}}no{{/if}}"\``, (0, position_1.startOf)(b.loc)));
            }
        }
    };
    walk(program, lexer);
    const embedded = lexer.literals.filter((l) => l.hasInnerString);
    // Inside a JSON-mode string, a placeholder outside inner strings renders as a JSON value only when
    // the string really is embedded JSON: `"[prod] {{x}}"` is text, `"{\"n\": {{x}}}"` is JSON.
    for (const d of deferred)
        placements.set(d.node, { depth: d.depth, asJson: d.literal.hasInnerString });
    return { placements, embedded, errors };
}
/** Where an embedded JSON string opens in the template (its opening quote), for messages. */
function literalPosition(literal) {
    const { node, offset } = literal.at;
    // A nested quote is written with backslashes before it (`\"`, `\\\"`): point at the first.
    let start = offset - 1;
    while (start > 0 && node.value[start - 1] === "\\")
        start--;
    return (0, position_1.positionInContent)(node, start);
}
