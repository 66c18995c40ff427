"use strict";
// How a placeholder's value becomes text at its place in the JSON body. The
// place is decided statically (see jsonContext.ts): `depth` is how many JSON
// string literals enclose it, `asJson` whether it stands where a JSON value goes.
Object.defineProperty(exports, "__esModule", { value: true });
exports.escapeForStrings = escapeForStrings;
exports.textOf = textOf;
exports.jsonOf = jsonOf;
exports.renderPlaceholder = renderPlaceholder;
/** Escapes text for the inside of a JSON string, `depth` times (once per enclosing string literal). */
function escapeForStrings(text, depth) {
    let out = text;
    // JSON.stringify also escapes lone surrogates (\udXXX), so the result is always valid JSON text.
    for (let i = 0; i < depth; i++)
        out = JSON.stringify(out).slice(1, -1);
    return out;
}
/** A value as text inside a string: strings as they are, objects and arrays as compact JSON, missing as "". */
function textOf(value) {
    switch (typeof value) {
        case "string":
            return value;
        case "number":
        case "boolean":
        case "bigint":
            return String(value);
        case "object":
            return value === null ? "" : (JSON.stringify(value) ?? "");
        default:
            return "";
    }
}
/** A value as a JSON value: strings quoted, objects and arrays as JSON, missing (or not representable) as null. */
function jsonOf(value) {
    switch (typeof value) {
        case "bigint":
            return String(value);
        case "string":
        case "number":
        case "boolean":
        case "object":
            return JSON.stringify(value) ?? "null";
        default:
            return "null";
    }
}
function renderPlaceholder(value, depth, asJson) {
    return escapeForStrings(asJson ? jsonOf(value) : textOf(value), depth);
}
