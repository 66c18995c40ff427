"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.validateWebhookConfig = validateWebhookConfig;
// Validates a webhook configuration offline and reports every problem at once
// (product.md §3): the Pulumi `check`, `webhooks validate` and the runtime's
// registration API all go through here.
const errors_1 = require("../errors");
const configIssues_1 = require("./configIssues");
const crossFieldRules_1 = require("./crossFieldRules");
const events_1 = require("./events");
const webhookConfig_1 = require("./webhookConfig");
const unknownValues_1 = require("./unknownValues");
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function validateWebhookConfig(input, options = {}) {
    const unknownPaths = options.unknownSentinel === undefined ? [] : (0, unknownValues_1.unknownValuePaths)(input, options.unknownSentinel);
    const known = (p) => !unknownPaths.some((u) => (0, unknownValues_1.isUnder)(p.path, u));
    if (!isRecord(input)) {
        if (unknownPaths.some((u) => u.length === 0)) {
            // The whole configuration is unknown in preview: nothing to check yet.
            return { ok: true, config: fillDefaults({}, options.kind ?? "audit") };
        }
        return failed([{ code: "CONFIG_INVALID_TYPE", message: `the webhook configuration must be an object, not ${typeName(input)}`, path: [] }]);
    }
    const { kind, fields, problems } = splitKind(withoutUndefined(input), options.kind);
    const schema = webhookConfig_1.CONFIG_SCHEMAS[kind];
    const parsed = schema.safeParse(fields, { reportInput: true });
    const all = [
        ...problems,
        ...(parsed.success ? [] : (0, configIssues_1.problemsFromIssues)(parsed.error.issues, { kind, fileShape: options.kind === undefined })),
        // zod skips object-level rules once a field has failed; these must still be reported.
        ...(0, crossFieldRules_1.crossFieldProblems)(fields),
    ];
    const remaining = dedupe(all.filter(known));
    if (remaining.length > 0)
        return failed(remaining);
    const kindValue = (unknownPaths.some((u) => u.length === 1 && u[0] === "kind") ? input.kind : kind);
    if (parsed.success)
        return { ok: true, config: { kind: kindValue, ...parsed.data } };
    // Only unknown values failed: keep them as given, parse every other field.
    return { ok: true, config: { ...fillDefaults(fields, kind), kind: kindValue } };
}
/** Separates `kind` from the fields: the file shape carries it, the resource shape gets it from the option. */
function splitKind(input, optionKind) {
    const { kind: given, ...fields } = input;
    const allowed = events_1.EVENT_KINDS;
    if (optionKind !== undefined) {
        if (given === undefined || given === optionKind)
            return { kind: optionKind, fields, problems: [] };
        return {
            kind: optionKind,
            fields,
            problems: [
                {
                    code: "CONFIG_INVALID_KIND",
                    message: `kind ${describe(given)} does not match this ${optionKind} webhook; remove kind (the resource sets it)`,
                    path: ["kind"],
                },
            ],
        };
    }
    if (allowed.includes(given))
        return { kind: given, fields, problems: [] };
    // Without a valid kind, check the other fields against the shape they look like.
    const guess = "triggers" in fields || "filters" in fields ? "request" : "audit";
    const problem = given === undefined
        ? { code: "CONFIG_REQUIRED", message: 'kind is required; set it to "audit" or "request"', path: ["kind"] }
        : {
            code: "CONFIG_INVALID_KIND",
            message: `kind is ${describe(given)}; use "audit" (every audit event) or "request" (access request events)`,
            path: ["kind"],
        };
    return { kind: guess, fields, problems: [problem] };
}
/** A key set to undefined is absent: JavaScript callers spread optional args that way. */
function withoutUndefined(input) {
    const clean = (v) => {
        if (Array.isArray(v))
            return v.map(clean);
        if (!isRecord(v))
            return v;
        return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, clean(x)]));
    };
    return clean(input);
}
/** Each field parsed on its own; one that fails (an unknown value) is kept as given. */
function fillDefaults(fields, kind) {
    const shape = webhookConfig_1.CONFIG_SCHEMAS[kind].shape;
    const out = { kind };
    for (const [key, fieldSchema] of Object.entries(shape)) {
        const r = fieldSchema.safeParse(fields[key]);
        const value = r.success ? r.data : fields[key];
        if (value !== undefined)
            out[key] = value;
    }
    return out;
}
function dedupe(problems) {
    const seen = new Set();
    return problems.filter((p) => {
        const key = `${p.code}\u0000${(0, errors_1.formatPath)(p.path)}\u0000${p.message}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
function failed(problems) {
    return {
        ok: false,
        errors: problems.map((p) => new errors_1.WebhookError({ code: p.code, message: p.message, path: (0, errors_1.formatPath)(p.path) })),
    };
}
function typeName(v) {
    if (v === null)
        return "null";
    if (Array.isArray(v))
        return "a list";
    return `a ${typeof v}`;
}
/** A `kind` value for a message: short strings quoted, anything else by type. */
function describe(v) {
    return typeof v === "string" && v.length <= 40 ? JSON.stringify(v) : typeName(v);
}
