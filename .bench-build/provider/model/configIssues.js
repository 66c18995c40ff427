"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.problemsFromIssues = problemsFromIssues;
const errors_1 = require("../errors");
const suggest_1 = require("./suggest");
const webhookConfig_1 = require("./webhookConfig");
/** What each required field is, for the message when it is missing. */
const REQUIRED_HINTS = {
    kind: 'set kind to "audit" or "request"',
    name: "give the webhook a name of 1-100 letters, digits, spaces, -, _ or .",
    url: "set it to the https:// URL to call",
    triggers: "list the request events to deliver, e.g. [\"RequestCreated\", \"RequestGranted\"]",
    "authentication.type": 'set it to "none", "bearer" or "oauth"',
    "authentication.token": "set it to the API token the target expects",
    "authentication.clientId": "set it to the OAuth client id",
    "authentication.clientSecret": "set it to the OAuth client secret",
    "authentication.tokenEndpointUrl": "set it to the https:// URL of the OAuth token endpoint",
    jsonPath: "set it to a JSONPath such as $.data.status",
    expectedValues: "list at least one value the selected response value must equal",
};
const TYPE_NAMES = {
    string: "a string",
    number: "a number",
    boolean: "true or false",
    object: "an object",
    record: "an object (a map of names to string values)",
    array: "a list",
    int: "a whole number",
};
function problemsFromIssues(issues, ctx) {
    return issues.flatMap((issue) => fromIssue(issue, ctx));
}
function fromIssue(issue, ctx) {
    const path = [...issue.path];
    const where = (0, errors_1.formatPath)(path);
    const params = issue.params;
    if (params?.code)
        return [{ code: params.code, message: issue.message, path }];
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.map((key) => ({
                code: "CONFIG_UNKNOWN_FIELD",
                message: unknownFieldMessage(key, path, issue.input, ctx),
                path: [...path, key],
            }));
        case "invalid_type":
            if (issue.input === undefined) {
                const hint = REQUIRED_HINTS[where] ?? REQUIRED_HINTS[String(path[path.length - 1])];
                return [{ code: "CONFIG_REQUIRED", message: `${where} is required${hint ? `; ${hint}` : ""}`, path }];
            }
            return [
                {
                    code: "CONFIG_INVALID_TYPE",
                    message: `${where || "the configuration"} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeType(issue.input)}`,
                    path,
                },
            ];
        case "invalid_union": {
            // A discriminated union without a matching `type`: the authentication block.
            const disc = issue.discriminator;
            const options = (issue.options ?? []).map(String);
            if (disc !== undefined) {
                const value = isRecord(issue.input) ? issue.input[disc] : undefined;
                if (value === undefined) {
                    return [{ code: "CONFIG_REQUIRED", message: `${where} is required; set it to ${quoteList(options)}`, path }];
                }
                return [{ code: codeAt(path), message: invalidValueMessage(where, value, options, path), path }];
            }
            return [{ code: codeAt(path), message: `${where} is not valid: ${issue.message}`, path }];
        }
        case "invalid_value":
            return [{ code: codeAt(path), message: invalidValueMessage(where, issue.input, issue.values.map(String), path), path }];
        default:
            return [{ code: codeAt(path), message: `${where}: ${issue.message}`, path }];
    }
}
function codeAt(path) {
    return webhookConfig_1.FIELD_CODES[String(path[0])] ?? "CONFIG_INVALID_TYPE";
}
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function describeType(v) {
    if (v === null)
        return "null";
    if (Array.isArray(v))
        return "a list";
    if (typeof v === "number" && !Number.isFinite(v))
        return String(v);
    if (typeof v === "object")
        return "an object";
    return `a ${typeof v}`;
}
function quoteList(values) {
    const quoted = values.map((v) => JSON.stringify(v));
    return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
function invalidValueMessage(where, value, allowed, path) {
    const quotable = typeof value === "string" && value.length <= 100 && !(0, webhookConfig_1.isSecretFieldPath)(path);
    const shown = quotable ? JSON.stringify(value) : typeof value === "string" ? "not allowed" : describeType(value);
    const suggestion = quotable ? (0, suggest_1.didYouMeanText)(value, allowed) : "";
    return `${where} is ${shown}; use one of ${quoteList(allowed)}.${suggestion}`;
}
function unknownFieldMessage(key, parent, input, ctx) {
    const at = (0, errors_1.formatPath)(parent);
    if (at === "" && ctx.kind === "audit" && webhookConfig_1.REQUEST_ONLY_FIELDS.includes(key)) {
        return `${key} is for request webhooks only: an audit webhook receives every audit event; remove ${key}, or declare a request webhook`;
    }
    const known = knownFieldsAt(parent, input, ctx);
    const where = at === "" ? `${ctx.kind === "audit" ? "an" : "a"} ${ctx.kind} webhook` : at;
    const hint = (0, suggest_1.didYouMeanText)(key, known);
    return `${key} is not a field of ${where}.${hint || ` Known fields: ${known.join(", ")}.`}`;
}
function knownFieldsAt(parent, input, ctx) {
    if (parent.length === 0)
        return ctx.fileShape ? ["kind", ...webhookConfig_1.WEBHOOK_FIELDS[ctx.kind]] : webhookConfig_1.WEBHOOK_FIELDS[ctx.kind];
    const head = String(parent[0]);
    if (head === "authentication") {
        const type = isRecord(input) ? input.type : undefined;
        return type === "bearer" || type === "oauth" || type === "none" ? webhookConfig_1.AUTH_FIELDS[type] : [];
    }
    if (head === "filters")
        return webhookConfig_1.FILTER_FIELDS;
    if (head === "responseValidators")
        return webhookConfig_1.VALIDATOR_FIELDS;
    return [];
}
