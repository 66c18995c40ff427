"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.JSON_HELPER = void 0;
exports.parseSource = parseSource;
exports.lastToken = lastToken;
exports.compileProgram = compileProgram;
// The one Handlebars environment templates run in: isolated from the global
// instance (nothing another package registers reaches it), the built-in
// helpers only, and no HTML escaping — placeholders are escaped for JSON by the
// internal helper that every placeholder is rewritten into (see rewrite.ts).
const handlebars_1 = __importDefault(require("handlebars"));
const jsonEscape_1 = require("./jsonEscape");
/** The internal helper; user templates cannot call it (only built-in helpers pass the helper check). */
exports.JSON_HELPER = "__json";
const env = handlebars_1.default.create();
env.unregisterHelper("log");
env.unregisterDecorator("inline");
env.registerHelper(exports.JSON_HELPER, (value, options) => {
    const hash = options.hash;
    return (0, jsonEscape_1.renderPlaceholder)(value, hash.depth, hash.json);
});
function parseSource(source) {
    return env.parse(source);
}
/** The parser's lexer after a failed parse: its last token is where the error is. */
function lastToken() {
    // Not in the typings: the parser is shared and synchronous, so its lexer still holds the failing token.
    const lexer = env.Parser?.lexer;
    if (lexer?.yylloc === undefined)
        return undefined;
    return { line: lexer.yylloc.first_line, column: lexer.yylloc.first_column + 1, text: lexer.match ?? "" };
}
function compileProgram(program) {
    return env.compile(program, {
        noEscape: true,
        // Whitespace control already ran when the source was parsed; standalone
        // stripping must not run a second time over the rewritten program.
        ignoreStandalone: true,
        knownHelpers: { [exports.JSON_HELPER]: true },
    });
}
