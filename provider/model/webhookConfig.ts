// The webhook configuration (product.md §3): the one definition of each shape.
// The Pulumi resources, the CLI's config files and the runtime's registration
// body all use these schemas; validateWebhookConfig turns their issues into
// WebhookErrors. Objects are strict: a misspelt field is an error, not ignored.
import { z } from "zod";
import type { ConfigCode } from "../errors";
import {
  bearerTokenProblems,
  filterValueProblems,
  headerProblems,
  httpsUrlProblems,
  METHODS,
  nameProblems,
  nonEmptyProblems,
  normaliseHttpsUrl,
  type Problem,
  scopeProblems,
  signingSecretProblems,
  timeoutProblems,
  validatorPathProblems,
  duplicateProblems,
} from "./configRules";
import { crossFieldProblems } from "./crossFieldRules";
import { REQUEST_TRIGGERS, type EventKind } from "./events";
import { testEventValueProblems, type TestEventInput } from "./testEvent";

/** Adapts a rule to zod: each problem becomes a custom issue that carries its code. */
function rule<T>(check: (value: T) => Problem[]) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    for (const p of check(value)) {
      ctx.addIssue({ code: "custom", message: p.message, path: p.path, params: { code: p.code } });
    }
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const nonEmptyAuth = (field: string, what: string) =>
  z.string().superRefine(rule((v: string) => nonEmptyProblems(v, `authentication.${field}`, what)));

const AuthNoneSchema = z.strictObject({ type: z.literal("none") });
const AuthBearerSchema = z.strictObject({
  type: z.literal("bearer"),
  token: z.string().superRefine(rule(bearerTokenProblems)).describe("Sent as `Authorization: Bearer <token>`. Secret."),
});
const AuthOAuthSchema = z.strictObject({
  type: z.literal("oauth"),
  clientId: nonEmptyAuth("clientId", "the OAuth client id"),
  clientSecret: nonEmptyAuth("clientSecret", "the OAuth client secret").describe("Secret."),
  tokenEndpointUrl: z
    .string()
    .superRefine(
      rule((v: string) =>
        httpsUrlProblems(v, { code: "CONFIG_INVALID_AUTH", field: "authentication.tokenEndpointUrl", allowPort: true }),
      ),
    ),
  scopes: z.array(z.string().superRefine(rule(scopeProblems))).optional(),
  audience: nonEmptyAuth("audience", "the audience the token endpoint expects, or remove it").optional(),
});

const AuthenticationSchema = z
  .discriminatedUnion("type", [AuthNoneSchema, AuthBearerSchema, AuthOAuthSchema])
  .default({ type: "none" })
  .describe("How the call authenticates: none, a bearer token, or OAuth 2.0 client credentials. Custom auth = plain headers.");

const ResponseValidatorSchema = z.strictObject({
  jsonPath: z.string().superRefine(rule(validatorPathProblems)),
  expectedValues: z.array(z.string()).min(1, {
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
} as const;
type FilterKey = keyof typeof FILTER_DESCRIPTIONS;

const filterList = (key: FilterKey) =>
  z
    .array(z.string().superRefine(rule((v: string) => filterValueProblems(v, `filters.${key}`))))
    .optional()
    .describe(FILTER_DESCRIPTIONS[key]);

const FiltersSchema = z
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

/** Typed here, checked by the rule (a trigger name or an event of the kind), so its messages name the fix. */
const testEventOf = (kind: EventKind) =>
  z
    .custom<TestEventInput>(() => true)
    .superRefine(rule((v: unknown) => testEventValueProblems(kind, v)))
    .optional();

const auditShape = {
  name: z.string().superRefine(rule(nameProblems)).describe("1-100 letters, digits, spaces, -, _ or .; unique in the runtime."),
  active: z.boolean().default(true).describe("An inactive webhook is registered but gets no deliveries."),
  type: z.enum(["http"]).default("http").describe('The only type today: "http".'),
  method: z.enum(METHODS).default("POST"),
  url: z
    .string()
    .superRefine(rule((v: string) => httpsUrlProblems(v, { code: "CONFIG_INVALID_URL", field: "url", allowPort: false })))
    .transform(normaliseHttpsUrl)
    .describe("https only, default port, no credentials; the query is treated as secret in logs."),
  bodyTemplate: z.string().default("").describe("Handlebars template rendering JSON; required for POST, PUT and PATCH; empty for GET."),
  headers: z
    .record(z.string(), z.string())
    // Runs beside value type errors, so every bad name is reported at once.
    .superRefine(rule(headerProblems), { when: (payload) => isRecord(payload.value) })
    .default({})
    .describe("Extra request headers. Values are secret."),
  authentication: AuthenticationSchema,
  timeoutSeconds: z.number().superRefine(rule(timeoutProblems)).default(10).describe("Whole seconds, 1-60."),
  responseValidators: z
    .array(ResponseValidatorSchema)
    .default([])
    .describe("Each jsonPath ($.data…, $.status or $.headers…) must select a value equal to one of expectedValues."),
  signingSecret: z
    .string()
    .superRefine(rule(signingSecretProblems))
    .optional()
    .describe("Standard Webhooks secret whsec_<base64>; deliveries are signed when set. Secret."),
  testBeforeApply: z.boolean().default(true).describe("Run the Test invocation before create and update."),
  testEvent: testEventOf("audit").describe("The event of the Test invocation: an audit event object; default the audit mock."),
};

const requestShape = {
  ...auditShape,
  triggers: z
    .array(z.enum(REQUEST_TRIGGERS))
    .min(1, { error: `the list is empty; list at least one of ${REQUEST_TRIGGERS.join(", ")}` })
    .superRefine(rule((v: string[]) => duplicateProblems(v, "CONFIG_INVALID_TRIGGER", "triggers"))),
  filters: FiltersSchema,
  testEvent: testEventOf("request").describe("The event of the Test invocation: one of triggers (its mock) or a request event; default the first trigger's mock."),
};

const crossFields = rule(crossFieldProblems);

export const AuditWebhookConfigSchema = z.strictObject(auditShape).superRefine(crossFields);
export const RequestWebhookConfigSchema = z.strictObject(requestShape).superRefine(crossFields);

/** A config file, and the runtime's registration body: the resource's fields plus `kind`. */
export const WebhookFileSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("audit"), ...auditShape }).superRefine(crossFields),
  z.strictObject({ kind: z.literal("request"), ...requestShape }).superRefine(crossFields),
]);

export type AuditWebhookConfig = z.output<typeof AuditWebhookConfigSchema>;
export type RequestWebhookConfig = z.output<typeof RequestWebhookConfigSchema>;
export type AuditWebhookArgs = z.input<typeof AuditWebhookConfigSchema>;
export type RequestWebhookArgs = z.input<typeof RequestWebhookConfigSchema>;
export type WebhookConfig = ({ kind: "audit" } & AuditWebhookConfig) | ({ kind: "request" } & RequestWebhookConfig);
export type WebhookAuthentication = AuditWebhookConfig["authentication"];
export type RequestFilters = NonNullable<RequestWebhookConfig["filters"]>;
export type ResponseValidator = AuditWebhookConfig["responseValidators"][number];

/** The schema of each kind's resource fields (no `kind`). */
export const CONFIG_SCHEMAS = { audit: AuditWebhookConfigSchema, request: RequestWebhookConfigSchema } as const;

export const WEBHOOK_FIELDS: { audit: readonly string[]; request: readonly string[] } = {
  audit: Object.keys(auditShape),
  request: Object.keys(requestShape),
};
/** Fields only a request webhook has: an audit webhook receives every audit event. */
export const REQUEST_ONLY_FIELDS: readonly string[] = ["triggers", "filters"];
export const AUTH_FIELDS: Record<"none" | "bearer" | "oauth", readonly string[]> = {
  none: Object.keys(AuthNoneSchema.shape),
  bearer: Object.keys(AuthBearerSchema.shape),
  oauth: Object.keys(AuthOAuthSchema.shape),
};
export const FILTER_FIELDS: readonly string[] = Object.keys(FILTER_DESCRIPTIONS);
export const VALIDATOR_FIELDS: readonly string[] = Object.keys(ResponseValidatorSchema.shape);

/** Fields whose values are secret: in state, preview, logs and error messages. `*` is any key. */
export const SECRET_FIELD_PATHS: readonly string[] = [
  "headers.*",
  "authentication.token",
  "authentication.clientSecret",
  "signingSecret",
];

/** Whether a value at this path is secret (a SECRET_FIELD_PATHS entry, or anything below one). */
export function isSecretFieldPath(path: readonly PropertyKey[]): boolean {
  return SECRET_FIELD_PATHS.some((pattern) => {
    const parts = pattern.split(".");
    return parts.length <= path.length && parts.every((p, i) => p === "*" || p === String(path[i]));
  });
}

/** The code of a rule broken at a field, for zod's built-in checks (enum values, sizes). */
export const FIELD_CODES: Record<string, ConfigCode> = {
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
  testEvent: "CONFIG_INVALID_TEST_EVENT",
};
