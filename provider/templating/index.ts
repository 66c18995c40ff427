// The template engine (product.md §4): Handlebars with JSON-aware, context-aware escaping.
export { compileTemplate, type CompiledTemplate } from "./compileTemplate";
export { checkTemplate } from "./checkTemplate";
export { renderBody } from "./renderBody";
