"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.compileTemplate = compileTemplate;
exports.templateOf = templateOf;
// A template compiled once and rendered for many events.
const errors_1 = require("../errors");
const analyzeTemplate_1 = require("./analyzeTemplate");
const environment_1 = require("./environment");
const rewrite_1 = require("./rewrite");
const templateError_1 = require("./templateError");
/**
 * Compiles a body template. Throws a WebhookError (path `bodyTemplate`):
 * TEMPLATE_SYNTAX, TEMPLATE_UNKNOWN_HELPER or TEMPLATE_JSON_CONTEXT, the first
 * found (checkTemplate lists them all). Field references are not checked here:
 * a missing path renders empty (or null outside strings).
 */
function compileTemplate(source) {
    const analysis = (0, analyzeTemplate_1.analyzeTemplate)(source);
    if (analysis.errors.length > 0)
        throw analysis.errors[0];
    return templateOf(source, analysis);
}
function templateOf(source, analysis, withMarkers = false) {
    const renderer = (0, environment_1.compileProgram)((0, rewrite_1.rewriteProgram)(analysis.program, analysis.context, withMarkers));
    return Object.freeze({
        source,
        render(event) {
            try {
                return renderer(event);
            }
            catch (e) {
                throw renderError(e);
            }
        },
    });
}
function renderError(e) {
    if ((0, errors_1.isWebhookError)(e))
        return e;
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    const loc = e;
    const known = typeof loc.lineNumber === "number" && typeof loc.column === "number";
    const at = known ? { line: loc.lineNumber, column: loc.column + 1 } : undefined;
    return (0, templateError_1.templateError)("TEMPLATE_RENDER_ERROR", `rendering the template failed: ${message}`, at, e);
}
