"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkTemplate = checkTemplate;
// `check` for a body template: everything that can be known before a real
// event arrives. Compile, check references against the kind's payload shape,
// then render every mock event of the kind and parse the result, and parse
// each embedded JSON string (JSON-in-JSON) too.
const errors_1 = require("../errors");
const mockEvents_1 = require("../model/mockEvents");
const payloadShape_1 = require("../model/payloadShape");
const analyzeTemplate_1 = require("./analyzeTemplate");
const compileTemplate_1 = require("./compileTemplate");
const fieldCheck_1 = require("./fieldCheck");
const jsonContext_1 = require("./jsonContext");
const jsonSyntax_1 = require("./jsonSyntax");
const rewrite_1 = require("./rewrite");
const templateError_1 = require("./templateError");
/** Every problem found, in the order: static problems (in source order per pass), then rendering problems; [] when fine. */
function checkTemplate(source, kind) {
    if (source.trim() === "")
        return [];
    let analysis;
    try {
        analysis = (0, analyzeTemplate_1.analyzeTemplate)(source);
    }
    catch (e) {
        if ((0, errors_1.isWebhookError)(e))
            return [e];
        throw e;
    }
    const errors = [...analysis.errors, ...(0, fieldCheck_1.checkFields)(analysis.program, source, kind, (0, payloadShape_1.payloadShapeOf)(kind))];
    // A refused helper or an undecidable placeholder makes any rendering meaningless.
    if (analysis.errors.length > 0)
        return errors;
    const template = (0, compileTemplate_1.templateOf)(source, analysis);
    const probe = (0, compileTemplate_1.templateOf)(source, analysis, true);
    return [...errors, ...renderMocks(template, probe, analysis.context.embedded, kind)];
}
function renderMocks(template, probe, embedded, kind) {
    const errors = [];
    const badBody = [];
    let firstBad;
    const badNested = new Map();
    for (const event of (0, mockEvents_1.mockEventsOf)(kind)) {
        const mock = kind === "audit" ? "audit" : String(event.event_type);
        let body;
        try {
            body = template.render(event);
        }
        catch (e) {
            if (!(0, errors_1.isWebhookError)(e))
                throw e;
            return [...errors, e];
        }
        const problem = (0, jsonSyntax_1.jsonSyntaxProblem)(body);
        if (problem !== undefined) {
            badBody.push(mock);
            firstBad ??= { body, problem };
            continue;
        }
        walkStrings(JSON.parse(probe.render(event)), (id, text) => {
            if (badNested.has(id))
                return false;
            const nested = (0, jsonSyntax_1.jsonSyntaxProblem)(text);
            if (nested === undefined)
                return true;
            badNested.set(id, { mock, problem: nested, text });
            return false;
        });
    }
    if (firstBad !== undefined) {
        const { body, problem } = firstBad;
        const others = badBody.length > 1 ? ` (and with ${badBody.length - 1} more: ${badBody.slice(1).join(", ")})` : "";
        errors.push((0, templateError_1.templateError)("TEMPLATE_INVALID_JSON", `rendered with the ${badBody[0]} mock event${others}, the body is not valid JSON: ${(0, jsonSyntax_1.describeBodyProblem)(body, problem)}` +
            (body.trim() === ""
                ? ""
                : `, near ${excerpt(body, problem.offset)}; check the commas, quotes and brackets around that part of the template`)));
    }
    for (const literal of embedded) {
        const bad = badNested.get(literal.id);
        if (bad === undefined)
            continue;
        errors.push((0, templateError_1.templateError)("TEMPLATE_NESTED_JSON_INVALID", `this string holds JSON (JSON-in-JSON), and rendered with the ${bad.mock} mock event ` +
            `its decoded text is not valid JSON: ${bad.problem.reason} at position ${bad.problem.offset} of the string, ` +
            `near ${excerpt(bad.text, bad.problem.offset)}; ` +
            "check the escaped quotes (`\\\"`), commas and brackets inside it", (0, jsonContext_1.literalPosition)(literal)));
    }
    return errors;
}
/**
 * Calls `visit` for every marked string (an embedded JSON string of the probe
 * render), with the string's text after the marker; descends into the parsed
 * text when `visit` returns true, for JSON-in-JSON-in-JSON.
 */
function walkStrings(value, visit) {
    if (typeof value === "string") {
        const mark = rewrite_1.MARKER_AT_START.exec(value);
        if (mark === null)
            return;
        const text = value.slice(mark[0].length);
        if (visit(Number(mark[1]), text))
            walkStrings(JSON.parse(text), visit);
    }
    else if (Array.isArray(value)) {
        for (const v of value)
            walkStrings(v, visit);
    }
    else if (typeof value === "object" && value !== null) {
        for (const v of Object.values(value))
            walkStrings(v, visit);
    }
}
function excerpt(text, offset) {
    const start = Math.max(0, offset - 24);
    return JSON.stringify(text.slice(start, offset + 16));
}
