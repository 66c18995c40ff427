"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkHelpers = checkHelpers;
const ast_1 = require("./ast");
const position_1 = require("./position");
const templateError_1 = require("./templateError");
const ALLOWED = [...ast_1.BLOCK_HELPERS, ...ast_1.INLINE_HELPERS].join(", ");
/** Every helper, partial or decorator that is not allowed, and built-ins given the wrong number of arguments, in source order. */
function checkHelpers(program, source) {
    const errors = [];
    const refuse = (node, message) => errors.push((0, templateError_1.templateError)("TEMPLATE_UNKNOWN_HELPER", message, (0, position_1.startOf)(node.loc)));
    // Handlebars reports a wrong argument count only when rendering, without a position.
    const arity = (node, name, count) => {
        const wanted = name === "lookup" ? 2 : 1;
        if (count === wanted)
            return;
        const what = name === "lookup"
            ? "`lookup` takes two arguments, the object or list and the key: `{{lookup data.access_groups 0}}`"
            : `\`#${name}\` takes exactly one argument, e.g. \`{{#${name} ${name === "each" ? "data.approvals" : "data.justification"}}}\``;
        errors.push((0, templateError_1.templateError)("TEMPLATE_SYNTAX", `${what}; this one has ${count}`, (0, position_1.startOf)(node.loc)));
    };
    const expression = (e) => {
        if (e === undefined || e.type !== "SubExpression")
            return;
        const sub = e;
        const name = (0, ast_1.simpleName)(sub.path);
        if (name === undefined || !ast_1.INLINE_HELPERS.includes(name)) {
            refuse(sub, unknownHelper((0, position_1.sourceOf)(source, sub.path.loc), name));
        }
        else
            arity(sub, name, sub.params.length);
        args(sub.params, sub.hash);
    };
    const args = (params, hash) => {
        params.forEach(expression);
        hash?.pairs.forEach((p) => expression(p.value));
    };
    const visit = (p) => {
        for (const s of p?.body ?? []) {
            switch (s.type) {
                case "MustacheStatement": {
                    const m = s;
                    if ((0, ast_1.hasArguments)(m)) {
                        const name = (0, ast_1.simpleName)(m.path);
                        if (name !== undefined && ast_1.BLOCK_HELPERS.includes(name)) {
                            refuse(m, `\`${name}\` is a block helper: write \`{{#${name} …}}…{{/${name}}}\``);
                        }
                        else if (name === undefined || !ast_1.INLINE_HELPERS.includes(name)) {
                            refuse(m, unknownHelper((0, position_1.sourceOf)(source, m.path.loc), name));
                        }
                        else
                            arity(m, name, m.params.length);
                    }
                    args(m.params, m.hash);
                    break;
                }
                case "BlockStatement": {
                    const b = s;
                    const name = (0, ast_1.simpleName)(b.path);
                    const written = (0, position_1.sourceOf)(source, b.path.loc);
                    if ((0, position_1.sourceOf)(source, b.loc).startsWith("{{{{")) {
                        refuse(b, "raw blocks (`{{{{name}}}}…{{{{/name}}}}`) are not available: write a literal `{{` as `\\{{`");
                    }
                    else if (name !== undefined && ast_1.INLINE_HELPERS.includes(name)) {
                        refuse(b, `\`${name}\` is not a block helper: use it inline, \`{{${name} obj key}}\`, or \`{{#with (${name} obj key)}}\``);
                    }
                    else if (name === undefined || !ast_1.BLOCK_HELPERS.includes(name)) {
                        refuse(b, (0, ast_1.hasArguments)(b)
                            ? unknownHelper(written, name)
                            : `\`{{#${written}}}\` is not a block helper: loop with \`{{#each ${written}}}\`, test with \`{{#if ${written}}}\` ` +
                                `or change the context with \`{{#with ${written}}}\``);
                    }
                    else
                        arity(b, name, b.params.length);
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
function unknownHelper(written, name) {
    const what = name === undefined ? `\`${written}\` cannot be called as a helper` : `\`${name}\` is not an available helper`;
    return `${what}: templates can use only the built-in helpers ${ALLOWED}`;
}
