"use strict";
// JSONPath syntax, checked offline without the evaluator (jsonpath-plus lives in
// provider/response/). The grammar is the subset that jsonpath-plus evaluates
// as written: its parser is regex-based, so characters it treats specially
// (`^` parent, `~` property names, `@type()`, backtick escapes, `;`) would make
// a path select something other than what it says. Such paths are refused here
// rather than silently evaluated differently.
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseJsonPath = parseJsonPath;
exports.jsonPathSyntaxError = jsonPathSyntaxError;
// Dot-notation names: plain identifiers (ASCII letters, digits, `_`, `-`) and
// any non-ASCII letter; everything else goes in brackets: `$.data['a.b']`.
const DOT_NAME_CHAR = /[A-Za-z0-9_\-\u0080-\uffff]/;
// Inside quotes jsonpath-plus has no escapes and rewrites these characters.
// eslint-disable-next-line no-control-regex -- control characters are refused too
const QUOTED_FORBIDDEN = /['"[\]^()@,;`\\\x00-\x1f]/;
const INDEX_OR_SLICE = /^-?\d*(?::-?\d*){0,2}/;
class Failure {
    reason;
    constructor(reason) {
        this.reason = reason;
    }
}
/** Parses a JSONPath into segments, or says why it is not valid (with the 0-based position). */
function parseJsonPath(path) {
    try {
        return { ok: true, segments: new Parser(path).parse() };
    }
    catch (e) {
        if (e instanceof Failure)
            return { ok: false, reason: e.reason };
        throw e;
    }
}
/** undefined when `path` is a valid JSONPath, else the reason it is not. */
function jsonPathSyntaxError(path) {
    const parsed = parseJsonPath(path);
    return parsed.ok ? undefined : parsed.reason;
}
class Parser {
    s;
    i = 0;
    constructor(s) {
        this.s = s;
    }
    parse() {
        const s = this.s;
        if (s.length === 0)
            throw new Failure("the path is empty; a JSONPath starts with $, for example $.data.status");
        if (s[0] !== "$")
            throw new Failure(`a JSONPath starts with $ (for example $.data.status), not "${s[0]}"`);
        this.i = 1;
        const segments = [];
        while (this.i < s.length)
            segments.push(this.segment());
        return segments;
    }
    segment() {
        const s = this.s;
        const c = s[this.i];
        if (c === "[")
            return { descendant: false, selectors: this.bracket() };
        if (c !== ".")
            throw this.unexpected();
        const descendant = s[this.i + 1] === ".";
        this.i += descendant ? 2 : 1;
        if (s[this.i] === ".")
            throw new Failure(`"..." at position ${this.i - 2} is not valid; use . for a child or .. for descendants`);
        if (s[this.i] === "[") {
            if (!descendant)
                throw new Failure(`"." followed by "[" at position ${this.i - 1}; write $.a['b'] or $.a.b`);
            return { descendant, selectors: this.bracket() };
        }
        if (s[this.i] === "*") {
            this.i++;
            return { descendant, selectors: [{ type: "wildcard" }] };
        }
        const start = this.i;
        while (this.i < s.length && DOT_NAME_CHAR.test(s[this.i]))
            this.i++;
        if (this.i === start) {
            if (this.i >= s.length)
                throw new Failure(`the path ends with "${descendant ? ".." : "."}"; add a property name after it`);
            throw new Failure(`expected a property name after "${descendant ? ".." : "."}" at position ${start}, found "${s[start]}"; ` +
                `names with characters other than letters, digits, _ and - go in brackets: ['name']`);
        }
        return { descendant, selectors: [{ type: "name", name: s.slice(start, this.i) }] };
    }
    bracket() {
        const s = this.s;
        const open = this.i;
        this.i++; // "["
        const selectors = [];
        for (;;) {
            if (this.i >= s.length)
                throw new Failure(`"[" at position ${open} is never closed; add "]"`);
            selectors.push(this.selector(open));
            const c = s[this.i];
            if (c === "]") {
                this.i++;
                break;
            }
            if (c === ",") {
                this.i++;
                continue;
            }
            if (this.i >= s.length)
                throw new Failure(`"[" at position ${open} is never closed; add "]"`);
            throw new Failure(`expected "," or "]" at position ${this.i}, found "${c}"`);
        }
        // jsonpath-plus evaluates a union only of indices ([0,2]); a union of names selects nothing.
        if (selectors.length > 1 && selectors.some((x) => x.type !== "index")) {
            throw new Failure(`only indices can be combined in one bracket, like [0,2] (position ${open}); use one validator per name`);
        }
        return selectors;
    }
    selector(open) {
        const s = this.s;
        const c = s[this.i];
        if (c === "]")
            throw new Failure(`empty brackets "[]" at position ${open}; put a quoted name, an index or * inside`);
        if (c === "'" || c === '"')
            return this.quoted(c);
        if (c === "*") {
            this.i++;
            return { type: "wildcard" };
        }
        if (c === "?" && s[this.i + 1] === "(") {
            this.i++;
            return { type: "filter", expression: this.parenthesised() };
        }
        if (c === "(")
            return { type: "script", expression: this.parenthesised() };
        const m = INDEX_OR_SLICE.exec(s.slice(this.i));
        const text = m ? m[0] : "";
        if (text.includes(":")) {
            this.i += text.length;
            return { type: "slice" };
        }
        if (/^\d+$/.test(text)) {
            this.i += text.length;
            return { type: "index", index: Number(text) };
        }
        if (/^-\d+$/.test(text)) {
            throw new Failure(`negative index [${text}] at position ${this.i} is not supported; use a slice such as [${text}:] instead`);
        }
        throw new Failure(`unexpected "${c}" at position ${this.i} inside brackets; quote property names ['name'], or use an index [0], a slice [0:2] or *`);
    }
    quoted(quote) {
        const s = this.s;
        const start = this.i;
        const end = s.indexOf(quote, start + 1);
        if (end < 0)
            throw new Failure(`the quoted name at position ${start} is never closed; add ${quote}`);
        const name = s.slice(start + 1, end);
        const bad = QUOTED_FORBIDDEN.exec(name);
        if (bad) {
            throw new Failure(`the quoted name at position ${start} contains "${bad[0] === "\\" ? "\\\\" : bad[0]}", which JSONPath evaluation does not treat literally; ` +
                `quoted names cannot contain quotes, brackets, backslashes or any of ^ ( ) @ , ; \``);
        }
        if (name === "")
            throw new Failure(`empty property name '' at position ${start}`);
        if (name === "*" || name === "$" || name === "..") {
            throw new Failure(`the quoted name '${name}' at position ${start} would be read as an operator, not a property name`);
        }
        this.i = end + 1;
        return { type: "name", name };
    }
    /** A balanced `( … )`, quotes respected; returns the text between the outer parentheses. */
    parenthesised() {
        const s = this.s;
        const start = this.i; // at "("
        let depth = 0;
        let quote;
        for (let j = start; j < s.length; j++) {
            const c = s[j];
            if (quote !== undefined) {
                if (c === "\\")
                    j++;
                else if (c === quote)
                    quote = undefined;
            }
            else if (c === "'" || c === '"') {
                quote = c;
            }
            else if (c === "(") {
                depth++;
            }
            else if (c === ")") {
                depth--;
                if (depth === 0) {
                    this.i = j + 1;
                    return s.slice(start + 1, j);
                }
            }
        }
        throw new Failure(`"(" at position ${start} is never closed; add ")"`);
    }
    unexpected() {
        return new Failure(`unexpected "${this.s[this.i]}" at position ${this.i}; expected "." or "["`);
    }
}
