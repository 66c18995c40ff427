"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.analyzeTemplate = analyzeTemplate;
const helperPolicy_1 = require("./helperPolicy");
const jsonContext_1 = require("./jsonContext");
const parseTemplate_1 = require("./parseTemplate");
/** Throws TEMPLATE_SYNTAX; other problems are returned. */
function analyzeTemplate(source) {
    const program = (0, parseTemplate_1.parseTemplate)(source);
    const context = (0, jsonContext_1.analyzeJsonContext)(program, source);
    return { program, context, errors: [...(0, helperPolicy_1.checkHelpers)(program, source), ...context.errors] };
}
