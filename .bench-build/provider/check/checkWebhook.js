"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkWebhook = checkWebhook;
const validateConfig_1 = require("../model/validateConfig");
const templating_1 = require("../templating");
function checkWebhook(input, options = {}) {
    const result = (0, validateConfig_1.validateWebhookConfig)(input, options);
    const kind = options.kind ?? kindOf(input);
    const template = bodyTemplateOf(input);
    // The template is checked even when other fields fail, so one run reports everything.
    if (kind === undefined || template === undefined || template === options.unknownSentinel)
        return result;
    if (template.trim() === "")
        return result;
    const templateErrors = (0, templating_1.checkTemplate)(template, kind);
    if (templateErrors.length === 0)
        return result;
    const earlier = result.ok ? [] : result.errors;
    return { ok: false, errors: [...earlier, ...templateErrors] };
}
function kindOf(input) {
    const k = input?.kind;
    return k === "audit" || k === "request" ? k : undefined;
}
function bodyTemplateOf(input) {
    const t = input?.bodyTemplate;
    return typeof t === "string" ? t : undefined;
}
