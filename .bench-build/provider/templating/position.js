"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.formatPosition = formatPosition;
exports.startOf = startOf;
exports.positionInContent = positionInContent;
exports.positionInText = positionInText;
exports.sourceOf = sourceOf;
function formatPosition(at) {
    return `line ${at.line}, column ${at.column}`;
}
function startOf(loc) {
    return { line: loc.start.line, column: loc.start.column + 1 };
}
/** The position of `value[offset]` of a content statement, mapped back through whitespace control. */
function positionInContent(node, offset) {
    const original = typeof node.original === "string" ? node.original : node.value;
    // Whitespace control only trims whitespace from the ends, so the leading trim is the shift.
    const shift = Math.max(0, leadingSpace(original) - leadingSpace(node.value));
    let { line, column } = startOf(node.loc);
    const end = Math.min(original.length, shift + offset);
    for (let i = 0; i < end; i++) {
        if (original[i] === "\n") {
            line++;
            column = 1;
        }
        else {
            column++;
        }
    }
    return { line, column };
}
/** Line and column (1-based) of an offset in any text, e.g. a rendered body. */
function positionInText(text, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
        if (text[i] === "\n") {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}
/** The source text a node was parsed from, e.g. a reference exactly as the user wrote it. */
function sourceOf(source, loc) {
    const lines = source.split("\n");
    const offset = (p) => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column;
    return source.slice(offset(loc.start), offset(loc.end));
}
function leadingSpace(s) {
    return s.length - s.replace(/^\s+/, "").length;
}
