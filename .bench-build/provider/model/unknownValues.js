"use strict";
// Pulumi preview passes a sentinel string for values computed later (an output
// of another resource). A rule cannot judge such a value yet, so the problems
// found at or below it are dropped instead of failing the preview.
Object.defineProperty(exports, "__esModule", { value: true });
exports.unknownValuePaths = unknownValuePaths;
exports.isUnder = isUnder;
/** The path of every value equal to the sentinel, at any depth. */
function unknownValuePaths(input, sentinel) {
    const out = [];
    const walk = (v, path) => {
        if (v === sentinel) {
            out.push(path);
        }
        else if (Array.isArray(v)) {
            v.forEach((item, i) => walk(item, [...path, i]));
        }
        else if (typeof v === "object" && v !== null) {
            for (const [k, item] of Object.entries(v))
                walk(item, [...path, k]);
        }
    };
    walk(input, []);
    return out;
}
/** Whether `path` is `prefix` or lies below it. */
function isUnder(path, prefix) {
    return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}
