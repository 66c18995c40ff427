"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderBody = renderBody;
const jsonSyntax_1 = require("./jsonSyntax");
const templateError_1 = require("./templateError");
/**
 * The rendered body; "" for an empty template (a request without a body).
 * Throws TEMPLATE_INVALID_JSON or TEMPLATE_RENDER_ERROR.
 */
function renderBody(template, event) {
    if (template.source.trim() === "")
        return "";
    const body = template.render(event);
    const problem = (0, jsonSyntax_1.jsonSyntaxProblem)(body);
    if (problem !== undefined) {
        throw (0, templateError_1.templateError)("TEMPLATE_INVALID_JSON", `the rendered body is not valid JSON: ${(0, jsonSyntax_1.describeBodyProblem)(body, problem)}; the body was not sent. ` +
            "Run `webhooks render` with this event to see it");
    }
    return body;
}
