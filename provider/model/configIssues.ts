// Turns zod issues into config problems with stable codes and messages a
// person can act on. Rules of our own carry their code in `params.code`;
// zod's built-in issues are mapped here: missing → CONFIG_REQUIRED, wrong
// type → CONFIG_INVALID_TYPE, unknown key → CONFIG_UNKNOWN_FIELD, anything
// else → the code of the field it is on. A value is quoted only when its field
// is not secret and it is a short string (enum-like values such as a method).
import type { z } from "zod";
import type { ConfigCode } from "../errors";
import { formatPath } from "../errors";
import type { Problem } from "./configRules";
import type { EventKind } from "./events";
import { didYouMeanText } from "./suggest";
import {
  AUTH_FIELDS,
  FIELD_CODES,
  FILTER_FIELDS,
  isSecretFieldPath,
  REQUEST_ONLY_FIELDS,
  VALIDATOR_FIELDS,
  WEBHOOK_FIELDS,
} from "./webhookConfig";

type Issue = z.core.$ZodIssue;

export interface IssueContext {
  kind: EventKind;
  /** The input is a config file (carries `kind`), so `kind` is a known field. */
  fileShape: boolean;
}

/** What each required field is, for the message when it is missing. */
const REQUIRED_HINTS: Record<string, string> = {
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

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  record: "an object (a map of names to string values)",
  array: "a list",
  int: "a whole number",
};

export function problemsFromIssues(issues: readonly Issue[], ctx: IssueContext): Problem[] {
  return issues.flatMap((issue) => fromIssue(issue, ctx));
}

function fromIssue(issue: Issue, ctx: IssueContext): Problem[] {
  const path = [...issue.path];
  const where = formatPath(path);
  const params = (issue as { params?: { code?: ConfigCode } }).params;
  if (params?.code) return [{ code: params.code, message: issue.message, path }];

  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        code: "CONFIG_UNKNOWN_FIELD" as const,
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
      const disc = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
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

function codeAt(path: readonly PropertyKey[]): ConfigCode {
  return FIELD_CODES[String(path[0])] ?? "CONFIG_INVALID_TYPE";
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

function invalidValueMessage(where: string, value: unknown, allowed: readonly string[], path: readonly PropertyKey[]): string {
  const quotable = typeof value === "string" && value.length <= 100 && !isSecretFieldPath(path);
  const shown = quotable ? JSON.stringify(value) : typeof value === "string" ? "not allowed" : describeType(value);
  const suggestion = quotable ? didYouMeanText(value, allowed) : "";
  return `${where} is ${shown}; use one of ${quoteList(allowed)}.${suggestion}`;
}

function unknownFieldMessage(key: string, parent: readonly PropertyKey[], input: unknown, ctx: IssueContext): string {
  const at = formatPath(parent);
  if (at === "" && ctx.kind === "audit" && REQUEST_ONLY_FIELDS.includes(key)) {
    return `${key} is for request webhooks only: an audit webhook receives every audit event; remove ${key}, or declare a request webhook`;
  }
  const known = knownFieldsAt(parent, input, ctx);
  const where = at === "" ? `${ctx.kind === "audit" ? "an" : "a"} ${ctx.kind} webhook` : at;
  const hint = didYouMeanText(key, known);
  return `${key} is not a field of ${where}.${hint || ` Known fields: ${known.join(", ")}.`}`;
}

function knownFieldsAt(parent: readonly PropertyKey[], input: unknown, ctx: IssueContext): readonly string[] {
  if (parent.length === 0) return ctx.fileShape ? ["kind", ...WEBHOOK_FIELDS[ctx.kind]] : WEBHOOK_FIELDS[ctx.kind];
  const head = String(parent[0]);
  if (head === "authentication") {
    const type = isRecord(input) ? input.type : undefined;
    return type === "bearer" || type === "oauth" || type === "none" ? AUTH_FIELDS[type] : [];
  }
  if (head === "filters") return FILTER_FIELDS;
  if (head === "responseValidators") return VALIDATOR_FIELDS;
  return [];
}
