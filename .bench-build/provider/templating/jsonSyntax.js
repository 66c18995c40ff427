"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.describeBodyProblem = describeBodyProblem;
exports.jsonSyntaxProblem = jsonSyntaxProblem;
// Where and why a text is not JSON. JSON.parse decides validity; this scanner
// only explains a failure with an offset and a reason, because V8's messages
// do not always give a position and may quote a long stretch of the body.
const position_1 = require("./position");
/** "<reason> at body line L, column C (position P)", or "it is empty". */
function describeBodyProblem(body, problem) {
    if (body.trim() === "")
        return "it is empty (only an empty template sends no body)";
    return `${problem.reason} at body ${(0, position_1.formatPosition)((0, position_1.positionInText)(body, problem.offset))} (position ${problem.offset})`;
}
class Stop {
    problem;
    constructor(problem) {
        this.problem = problem;
    }
}
/** Undefined when the text is JSON. */
function jsonSyntaxProblem(text) {
    try {
        JSON.parse(text);
        return undefined;
    }
    catch (e) {
        try {
            scan(text);
        }
        catch (stop) {
            if (stop instanceof Stop)
                return stop.problem;
        }
        // The scanner agreed with nothing (or ran out of stack): fall back to V8's words.
        return { offset: 0, reason: e instanceof Error ? e.message : String(e) };
    }
}
function scan(s) {
    let i = 0;
    const fail = (reason, at = i) => {
        throw new Stop({ offset: at, reason });
    };
    const unexpected = () => {
        if (i < s.length)
            return fail(`unexpected ${show(s[i])}`);
        return fail(s.trim() === "" ? "the text is empty" : "unexpected end of the text");
    };
    const ws = () => {
        while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r"))
            i++;
    };
    const literal = (word) => {
        for (const ch of word) {
            if (s[i] !== ch)
                unexpected();
            i++;
        }
    };
    const digits = () => {
        if (!/[0-9]/.test(s[i] ?? ""))
            unexpected();
        while (/[0-9]/.test(s[i] ?? ""))
            i++;
    };
    const string = () => {
        i++; // opening quote
        for (;;) {
            if (i >= s.length)
                fail("a string is not closed");
            const ch = s[i];
            if (ch === '"') {
                i++;
                return;
            }
            if (ch < " ")
                fail(`a raw control character (${show(ch)}) inside a string; it must be escaped, e.g. \\n`);
            if (ch === "\\") {
                const e = s[i + 1];
                if (e === "u") {
                    for (let k = i + 2; k < i + 6; k++) {
                        if (!/[0-9a-fA-F]/.test(s[k] ?? ""))
                            fail("an invalid \\u escape: it needs four hex digits", Math.min(k, s.length));
                    }
                    i += 6;
                }
                else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
                    i += 2;
                }
                else {
                    fail(e === undefined ? "a string is not closed" : `an invalid escape \\${e} inside a string`, i + 1);
                }
                continue;
            }
            i++;
        }
    };
    const value = () => {
        ws();
        const ch = s[i];
        if (ch === "{") {
            i++;
            ws();
            if (s[i] === "}") {
                i++;
                return;
            }
            for (;;) {
                ws();
                if (s[i] !== '"')
                    unexpected();
                string();
                ws();
                if (s[i] !== ":")
                    unexpected();
                i++;
                value();
                ws();
                if (s[i] === ",") {
                    i++;
                    continue;
                }
                if (s[i] === "}") {
                    i++;
                    return;
                }
                unexpected();
            }
        }
        else if (ch === "[") {
            i++;
            ws();
            if (s[i] === "]") {
                i++;
                return;
            }
            for (;;) {
                value();
                ws();
                if (s[i] === ",") {
                    i++;
                    continue;
                }
                if (s[i] === "]") {
                    i++;
                    return;
                }
                unexpected();
            }
        }
        else if (ch === '"') {
            string();
        }
        else if (ch === "t")
            literal("true");
        else if (ch === "f")
            literal("false");
        else if (ch === "n")
            literal("null");
        else if (ch === "-" || /[0-9]/.test(ch ?? "")) {
            if (s[i] === "-")
                i++;
            if (s[i] === "0")
                i++;
            else
                digits();
            if (s[i] === ".") {
                i++;
                digits();
            }
            if (s[i] === "e" || s[i] === "E") {
                i++;
                if (s[i] === "+" || s[i] === "-")
                    i++;
                digits();
            }
        }
        else
            unexpected();
    };
    value();
    ws();
    if (i < s.length)
        fail(`unexpected ${show(s[i])} after the end of the JSON value`);
}
function show(ch) {
    return ch >= " " && ch <= "~" ? `\`${ch}\`` : `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}
