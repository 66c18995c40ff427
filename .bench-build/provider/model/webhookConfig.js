"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FIELD_CODES = exports.SECRET_FIELD_PATHS = exports.VALIDATOR_FIELDS = exports.FILTER_FIELDS = exports.AUTH_FIELDS = exports.REQUEST_ONLY_FIELDS = exports.WEBHOOK_FIELDS = exports.CONFIG_SCHEMAS = exports.WebhookFileSchema = exports.RequestWebhookConfigSchema = exports.AuditWebhookConfigSchema = void 0;
exports.isSecretFieldPath = isSecretFieldPath;
// The webhook configuration (product.md §3): the one definition of each shape.
// The Pulumi resources, the CLI's config files and the runtime's registration
// body all use these schemas; validateWebhookConfig turns their issues into
// WebhookErrors. Objects are strict: a misspelt field is an error, not ignored.
const zod_1 = require("zod");
const configRules_1 = require("./configRules");
const crossFieldRules_1 = require("./crossFieldRules");
const events_1 = require("./events");
/** Adapts a rule to zod: each problem becomes a custom issue that carries its code. */
function rule(check) {
    return (value, ctx) => {
        for (const p of check(value)) {
            ctx.addIssue({ code: "custom", message: p.message, path: p.path, params: { code: p.code } });
        }
    };
}
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmptyAuth = (field, what) => zod_1.z.string().superRefine(rule((v) => (0, configRules_1.nonEmptyProblems)(v, `authentication.${field}`, what)));
const AuthNoneSchema = zod_1.z.strictObject({ type: zod_1.z.literal("none") });
const AuthBearerSchema = zod_1.z.strictObject({
    type: zod_1.z.literal("bearer"),
    token: zod_1.z.string().superRefine(rule(configRules_1.bearerTokenProblems)).describe("Sent as `Authorization: Bearer <token>`. Secret."),
});
const AuthOAuthSchema = zod_1.z.strictObject({
    type: zod_1.z.literal("oauth"),
    clientId: nonEmptyAuth("clientId", "the OAuth client id"),
    clientSecret: nonEmptyAuth("clientSecret", "the OAuth client secret").describe("Secret."),
    tokenEndpointUrl: zod_1.z
        .string()
        .superRefine(rule((v) => (0, configRules_1.httpsUrlProblems)(v, { code: "CONFIG_INVALID_AUTH", field: "authentication.tokenEndpointUrl", allowPort: true }))),
    scopes: zod_1.z.array(zod_1.z.string().superRefine(rule(configRules_1.scopeProblems))).optional(),
    audience: nonEmptyAuth("audience", "the audience the token endpoint expects, or remove it").optional(),
});
const AuthenticationSchema = zod_1.z
    .discriminatedUnion("type", [AuthNoneSchema, AuthBearerSchema, AuthOAuthSchema])
    .default({ type: "none" })
    .describe("How the call authenticates: none, a bearer token, or OAuth 2.0 client credentials. Custom auth = plain headers.");
const ResponseValidatorSchema = zod_1.z.strictObject({
    jsonPath: zod_1.z.string().superRefine(rule(configRules_1.validatorPathProblems)),
    expectedValues: zod_1.z.array(zod_1.z.string()).min(1, {
        error: "the list is empty; list at least one value that the selected response value must equal",
    }),
});
const FILTER_DESCRIPTIONS = {
    integrations: "Integration ids or names.",
    integrationTypes: "Integration types, e.g. postgresql (case-insensitive).",
    resourceTypes: "Resource type ids, names or display paths.",
    permissions: "Permission ids or names.",
    accessFlows: "Access flow ids or names.",
    bundles: "Bundle ids or names.",
    requesters: "Requester ids, names or emails (emails case-insensitive).",
};
const filterList = (key) => zod_1.z
    .array(zod_1.z.string().superRefine(rule((v) => (0, configRules_1.filterValueProblems)(v, `filters.${key}`))))
    .optional()
    .describe(FILTER_DESCRIPTIONS[key]);
const FiltersSchema = zod_1.z
    .strictObject({
    integrations: filterList("integrations"),
    integrationTypes: filterList("integrationTypes"),
    resourceTypes: filterList("resourceTypes"),
    permissions: filterList("permissions"),
    accessFlows: filterList("accessFlows"),
    bundles: filterList("bundles"),
    requesters: filterList("requesters"),
})
    .optional()
    .describe("OR within a list, AND across lists; an absent or empty list does not restrict.");
const auditShape = {
    name: zod_1.z.string().superRefine(rule(configRules_1.nameProblems)).describe("1-100 letters, digits, spaces, -, _ or .; unique in the runtime."),
    active: zod_1.z.boolean().default(true).describe("An inactive webhook is registered but gets no deliveries."),
    type: zod_1.z.enum(["http"]).default("http").describe('The only type today: "http".'),
    method: zod_1.z.enum(configRules_1.METHODS).default("POST"),
    url: zod_1.z
        .string()
        .superRefine(rule((v) => (0, configRules_1.httpsUrlProblems)(v, { code: "CONFIG_INVALID_URL", field: "url", allowPort: false })))
        .transform(configRules_1.normaliseHttpsUrl)
        .describe("https only, default port, no credentials; the query is treated as secret in logs."),
    bodyTemplate: zod_1.z.string().default("").describe("Handlebars template rendering JSON; required for POST, PUT and PATCH; empty for GET."),
    headers: zod_1.z
        .record(zod_1.z.string(), zod_1.z.string())
        // Runs beside value type errors, so every bad name is reported at once.
        .superRefine(rule(configRules_1.headerProblems), { when: (payload) => isRecord(payload.value) })
        .default({})
        .describe("Extra request headers. Values are secret."),
    authentication: AuthenticationSchema,
    timeoutSeconds: zod_1.z.number().superRefine(rule(configRules_1.timeoutProblems)).default(10).describe("Whole seconds, 1-60."),
    responseValidators: zod_1.z
        .array(ResponseValidatorSchema)
        .default([])
        .describe("Each jsonPath ($.data…, $.status or $.headers…) must select a value equal to one of expectedValues."),
    signingSecret: zod_1.z
        .string()
        .superRefine(rule(configRules_1.signingSecretProblems))
        .optional()
        .describe("Standard Webhooks secret whsec_<base64>; deliveries are signed when set. Secret."),
    testBeforeApply: zod_1.z.boolean().default(true).describe("Run the Test invocation before create and update."),
};
const requestShape = {
    ...auditShape,
    triggers: zod_1.z
        .array(zod_1.z.enum(events_1.REQUEST_TRIGGERS))
        .min(1, { error: `the list is empty; list at least one of ${events_1.REQUEST_TRIGGERS.join(", ")}` })
        .superRefine(rule((v) => (0, configRules_1.duplicateProblems)(v, "CONFIG_INVALID_TRIGGER", "triggers"))),
    filters: FiltersSchema,
};
const crossFields = rule(crossFieldRules_1.crossFieldProblems);
exports.AuditWebhookConfigSchema = zod_1.z.strictObject(auditShape).superRefine(crossFields);
exports.RequestWebhookConfigSchema = zod_1.z.strictObject(requestShape).superRefine(crossFields);
/** A config file, and the runtime's registration body: the resource's fields plus `kind`. */
exports.WebhookFileSchema = zod_1.z.discriminatedUnion("kind", [
    zod_1.z.strictObject({ kind: zod_1.z.literal("audit"), ...auditShape }).superRefine(crossFields),
    zod_1.z.strictObject({ kind: zod_1.z.literal("request"), ...requestShape }).superRefine(crossFields),
]);
/** The schema of each kind's resource fields (no `kind`). */
exports.CONFIG_SCHEMAS = { audit: exports.AuditWebhookConfigSchema, request: exports.RequestWebhookConfigSchema };
exports.WEBHOOK_FIELDS = {
    audit: Object.keys(auditShape),
    request: Object.keys(requestShape),
};
/** Fields only a request webhook has: an audit webhook receives every audit event. */
exports.REQUEST_ONLY_FIELDS = ["triggers", "filters"];
exports.AUTH_FIELDS = {
    none: Object.keys(AuthNoneSchema.shape),
    bearer: Object.keys(AuthBearerSchema.shape),
    oauth: Object.keys(AuthOAuthSchema.shape),
};
exports.FILTER_FIELDS = Object.keys(FILTER_DESCRIPTIONS);
exports.VALIDATOR_FIELDS = Object.keys(ResponseValidatorSchema.shape);
/** Fields whose values are secret: in state, preview, logs and error messages. `*` is any key. */
exports.SECRET_FIELD_PATHS = [
    "headers.*",
    "authentication.token",
    "authentication.clientSecret",
    "signingSecret",
];
/** Whether a value at this path is secret (a SECRET_FIELD_PATHS entry, or anything below one). */
function isSecretFieldPath(path) {
    return exports.SECRET_FIELD_PATHS.some((pattern) => {
        const parts = pattern.split(".");
        return parts.length <= path.length && parts.every((p, i) => p === "*" || p === String(path[i]));
    });
}
/** The code of a rule broken at a field, for zod's built-in checks (enum values, sizes). */
exports.FIELD_CODES = {
    kind: "CONFIG_INVALID_KIND",
    name: "CONFIG_INVALID_NAME",
    type: "CONFIG_INVALID_WEBHOOK_TYPE",
    method: "CONFIG_INVALID_METHOD",
    url: "CONFIG_INVALID_URL",
    headers: "CONFIG_INVALID_HEADER",
    authentication: "CONFIG_INVALID_AUTH",
    timeoutSeconds: "CONFIG_INVALID_TIMEOUT",
    responseValidators: "CONFIG_INVALID_VALIDATOR",
    signingSecret: "CONFIG_INVALID_SIGNING_SECRET",
    triggers: "CONFIG_INVALID_TRIGGER",
    filters: "CONFIG_INVALID_FILTER",
};
