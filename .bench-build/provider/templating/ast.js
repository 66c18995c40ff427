"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.INLINE_HELPERS = exports.BLOCK_HELPERS = void 0;
exports.isPath = isPath;
exports.isLiteral = isLiteral;
exports.simpleName = simpleName;
exports.hasArguments = hasArguments;
exports.pathNamed = pathNamed;
/** The helpers a template may call; everything else (custom helpers, partials, decorators) is refused. */
exports.BLOCK_HELPERS = ["if", "unless", "each", "with"];
exports.INLINE_HELPERS = ["lookup"];
function isPath(node) {
    return node?.type === "PathExpression";
}
function isLiteral(node) {
    return node.type === "StringLiteral" || node.type === "NumberLiteral" || node.type === "BooleanLiteral";
}
/** A bare name such as `each`: the only form Handlebars resolves as a helper name. */
function simpleName(node) {
    if (!isPath(node) || node.data || node.depth !== 0 || node.parts.length !== 1)
        return undefined;
    return /^(\.|this\b)/.test(node.original) ? undefined : node.parts[0];
}
/** Whether a mustache or sub-expression calls a helper (it has arguments) rather than reading a value. */
function hasArguments(node) {
    return node.params.length > 0 || (node.hash !== undefined && node.hash.pairs.length > 0);
}
/** A path of one segment, as the parser would build it for `{{name}}`. */
function pathNamed(name, loc) {
    return { type: "PathExpression", data: false, depth: 0, parts: [name], original: name, loc };
}
