"use strict";
// A JSON lexer over the literal text of a template, nested once per level of
// JSON-in-JSON. Level 0 reads the body. While a JSON-mode level is inside a
// string literal, the DECODED characters of that string (`\"` → `"`, `\\` → `\`,
// `\uXXXX` → the character) feed the next level. A level starts "pending" and
// becomes JSON when its text starts (after whitespace) with `{` or `[`, else
// plain text, which is not lexed further. Only lexical state is tracked
// (strings and escapes); structure errors are left to JSON.parse of the result.
Object.defineProperty(exports, "__esModule", { value: true });
exports.JsonLexer = void 0;
const SIMPLE_ESCAPES = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
class JsonLexer {
    levels;
    literals;
    constructor(levels, 
    /** Shared by clones, so literals opened inside a block body are seen by the caller. */
    literals) {
        this.levels = levels;
        this.literals = literals;
    }
    static start() {
        return new JsonLexer([{ mode: "json", inString: false, escape: 0, hex: "" }], []);
    }
    clone() {
        return new JsonLexer(this.levels.map((l) => ({ ...l })), this.literals);
    }
    /** Feeds one raw character of the template; `after` is the raw position just after it. */
    feed(ch, after) {
        this.process(0, ch, after);
    }
    placement() {
        const depth = this.levels.length - 1;
        if (this.levels.some((l) => l.escape !== 0))
            return { kind: "escape", depth };
        const inner = this.levels[depth];
        if (inner.mode !== "json")
            return { kind: "text", depth };
        if (depth === 0)
            return { kind: "json", depth };
        return { kind: "deferred", depth, literal: inner.literal };
    }
    /** A placeholder or block at the start of a string decides that its text is not JSON. */
    settlePending() {
        const inner = this.levels[this.levels.length - 1];
        if (inner.mode === "pending")
            inner.mode = "text";
    }
    inEscape() {
        return this.levels.some((l) => l.escape !== 0);
    }
    /** The lexical state, for comparing where a block body ends with where it starts. */
    key() {
        return this.levels
            .map((l) => `${l.mode}:${l.inString ? "s" : "-"}:${l.escape}:${l.literal?.id ?? ""}`)
            .join("/");
    }
    /** The state in words, for messages. */
    describe() {
        const strings = this.levels.filter((l) => l.inString).length;
        const where = strings === 0 ? "outside any JSON string" : strings === 1 ? "inside a JSON string" : `inside a JSON string nested ${strings} deep`;
        return this.inEscape() ? `${where}, in the middle of an escape sequence` : where;
    }
    process(i, ch, after) {
        const level = this.levels[i];
        if (level.mode === "text")
            return;
        if (level.mode === "pending") {
            if (/\s/.test(ch))
                return;
            level.mode = ch === "{" || ch === "[" ? "json" : "text";
            if (level.mode === "text")
                return;
        }
        if (!level.inString) {
            if (ch === '"') {
                level.inString = true;
                if (level.literal)
                    level.literal.hasInnerString = true;
                const literal = { id: this.literals.length, level: i, at: after, hasInnerString: false };
                this.literals.push(literal);
                this.levels.length = i + 1;
                this.levels.push({ mode: "pending", inString: false, escape: 0, hex: "", literal });
            }
            return;
        }
        if (level.escape === 0) {
            if (ch === "\\")
                level.escape = 1;
            else if (ch === '"') {
                level.inString = false;
                this.levels.length = i + 1;
            }
            else
                this.process(i + 1, ch, after);
            return;
        }
        if (level.escape === 1) {
            if (ch === "u") {
                level.escape = 2;
                level.hex = "";
                return;
            }
            level.escape = 0;
            // An invalid escape is reported by JSON.parse of the rendered body; pass the character on.
            this.process(i + 1, SIMPLE_ESCAPES[ch] ?? ch, after);
            return;
        }
        if (!/[0-9a-fA-F]/.test(ch)) {
            level.escape = 0;
            return;
        }
        level.hex += ch;
        level.escape++;
        if (level.hex.length === 4) {
            level.escape = 0;
            this.process(i + 1, String.fromCharCode(parseInt(level.hex, 16)), after);
        }
    }
}
exports.JsonLexer = JsonLexer;
