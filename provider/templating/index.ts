// The template engine (product.md §4): Handlebars with JSON-aware, context-aware escaping.
export { compileTemplate, type CompiledTemplate } from "./compileTemplate";
export { checkTemplate } from "./checkTemplate";
export { renderBody } from "./renderBody";
export { onTemplateWarning, type TemplateWarningSink } from "./environment";
export { MAX_RENDER_CHARS, MAX_TEMPLATE_BYTES, MAX_TEMPLATE_PLACEHOLDERS } from "./templateLimits";
