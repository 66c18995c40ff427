"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseTemplate = parseTemplate;
const environment_1 = require("./environment");
const templateError_1 = require("./templateError");
function parseTemplate(source) {
    try {
        return (0, environment_1.parseSource)(source);
    }
    catch (e) {
        throw syntaxError(e);
    }
}
function syntaxError(e) {
    const message = e instanceof Error ? e.message : String(e);
    const withLoc = e;
    // Errors found after parsing (mismatched block names) carry their own location.
    if (typeof withLoc.lineNumber === "number" && typeof withLoc.column === "number") {
        const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
        const text = mismatch
            ? `\`{{/${mismatch[2]}}}\` closes the block \`{{#${mismatch[1]}}}\` opened here; close blocks in the reverse order they were opened`
            : `Handlebars syntax error: ${firstLine(message)}`;
        return (0, templateError_1.templateError)("TEMPLATE_SYNTAX", text, { line: withLoc.lineNumber, column: withLoc.column + 1 }, e);
    }
    const token = (0, environment_1.lastToken)();
    const at = token && { line: token.line, column: token.column };
    const got = /got '([A-Z_]+)'\s*$/.exec(message)?.[1];
    return (0, templateError_1.templateError)("TEMPLATE_SYNTAX", `Handlebars syntax error: ${describe(got, token?.text, message)}`, at, e);
}
function describe(got, text, message) {
    switch (got) {
        case "CLOSE_UNESCAPED":
            return ("unexpected `}}}`: Handlebars reads it as the end of a triple-stash `{{{…}}}`. " +
                "When a JSON object ends right after a placeholder, put a space before the brace: `{{x}} }`");
        case "EOF":
            return "the template ends inside an open block or placeholder: close every `{{#name}}` with `{{/name}}` and every `{{` with `}}`";
        case "OPEN_ENDBLOCK":
            return "a `{{/…}}` closes a block that was never opened with `{{#…}}`";
        case undefined:
            if (/^Lexical error/.test(message))
                return "a `{{` is not closed properly (an unterminated comment or placeholder?)";
            return firstLine(message);
        default:
            return (`unexpected ${text ? `\`${text}\`` : got}: check that every \`{{\` is closed with \`}}\` and that the expression ` +
                "is a path (`data.requester.email`) or a built-in helper call");
    }
}
function firstLine(message) {
    return message.split("\n")[0];
}
