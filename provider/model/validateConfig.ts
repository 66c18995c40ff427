// Validates a webhook configuration offline and reports every problem at once
// (product.md §3): the Pulumi `check`, `webhooks validate` and the runtime's
// registration API all go through here.
import { formatPath, WebhookError } from "../errors";
import type { Problem } from "./configRules";
import { problemsFromIssues } from "./configIssues";
import { crossFieldProblems } from "./crossFieldRules";
import { EVENT_KINDS, type EventKind } from "./events";
import { tooDeepAt } from "./nesting";
import { CONFIG_SCHEMAS, type WebhookConfig } from "./webhookConfig";
import { isUnder, unknownValuePaths } from "./unknownValues";

/**
 * A webhook config nests 3 levels at most (`responseValidators[0].expectedValues[0]`); the walks below are
 * recursive, so a value nested thousands of levels deep is refused before they run.
 */
export const MAX_CONFIG_DEPTH = 16;

export type ValidationResult = { ok: true; config: WebhookConfig } | { ok: false; errors: WebhookError[] };

export interface ValidateOptions {
  /** With `kind`, the input is the resource's fields; without, the input must carry `kind` (file shape). */
  kind?: EventKind;
  /** Pulumi preview passes this sentinel for values not known yet; a rule on an unknown value is skipped, no failure. */
  unknownSentinel?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function validateWebhookConfig(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const deep = isRecord(input) ? tooDeepAt(input, MAX_CONFIG_DEPTH) : undefined;
  if (deep !== undefined) {
    const message =
      `${formatPath(deep.slice(0, 1))} nests lists or objects more than ${MAX_CONFIG_DEPTH} levels deep; ` +
      "no field of a webhook configuration nests more than 3, so check its type";
    return failed([{ code: "CONFIG_INVALID_TYPE", message, path: deep.slice(0, 1) }]);
  }
  const unknownPaths = options.unknownSentinel === undefined ? [] : unknownValuePaths(input, options.unknownSentinel);
  const known = (p: Problem) => !unknownPaths.some((u) => isUnder(p.path, u));

  if (!isRecord(input)) {
    if (unknownPaths.some((u) => u.length === 0)) {
      // The whole configuration is unknown in preview: nothing to check yet.
      return { ok: true, config: fillDefaults({}, options.kind ?? "audit") };
    }
    return failed([{ code: "CONFIG_INVALID_TYPE", message: `the webhook configuration must be an object, not ${typeName(input)}`, path: [] }]);
  }

  const { kind, fields, problems } = splitKind(withoutUndefined(input), options.kind);
  const schema = CONFIG_SCHEMAS[kind];
  const parsed = schema.safeParse(fields, { reportInput: true });
  const all = [
    ...problems,
    ...(parsed.success ? [] : problemsFromIssues(parsed.error.issues, { kind, fileShape: options.kind === undefined })),
    // zod skips object-level rules once a field has failed; these must still be reported.
    ...crossFieldProblems(fields),
  ];
  const remaining = dedupe(all.filter(known));
  if (remaining.length > 0) return failed(remaining);

  const kindValue = (unknownPaths.some((u) => u.length === 1 && u[0] === "kind") ? input.kind : kind) as EventKind;
  if (parsed.success) return { ok: true, config: { kind: kindValue, ...parsed.data } as WebhookConfig };
  // Only unknown values failed: keep them as given, parse every other field.
  return { ok: true, config: { ...fillDefaults(fields, kind), kind: kindValue } as WebhookConfig };
}

/** Separates `kind` from the fields: the file shape carries it, the resource shape gets it from the option. */
function splitKind(
  input: Record<string, unknown>,
  optionKind: EventKind | undefined,
): { kind: EventKind; fields: Record<string, unknown>; problems: Problem[] } {
  const { kind: given, ...fields } = input;
  const allowed = EVENT_KINDS as readonly unknown[];
  if (optionKind !== undefined) {
    if (given === undefined || given === optionKind) return { kind: optionKind, fields, problems: [] };
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
  if (allowed.includes(given)) return { kind: given as EventKind, fields, problems: [] };
  // Without a valid kind, check the other fields against the shape they look like.
  const guess: EventKind = "triggers" in fields || "filters" in fields ? "request" : "audit";
  const problem: Problem =
    given === undefined
      ? { code: "CONFIG_REQUIRED", message: 'kind is required; set it to "audit" or "request"', path: ["kind"] }
      : {
          code: "CONFIG_INVALID_KIND",
          message: `kind is ${describe(given)}; use "audit" (every audit event) or "request" (access request events)`,
          path: ["kind"],
        };
  return { kind: guess, fields, problems: [problem] };
}

/** A key set to undefined is absent: JavaScript callers spread optional args that way. */
function withoutUndefined(input: Record<string, unknown>): Record<string, unknown> {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (!isRecord(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, clean(x)]));
  };
  return clean(input) as Record<string, unknown>;
}

/** Each field parsed on its own; one that fails (an unknown value) is kept as given. */
function fillDefaults(fields: Record<string, unknown>, kind: EventKind): WebhookConfig {
  const shape = CONFIG_SCHEMAS[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  const out: Record<string, unknown> = { kind };
  for (const [key, fieldSchema] of Object.entries(shape)) {
    const r = fieldSchema.safeParse(fields[key]);
    const value = r.success ? r.data : fields[key];
    if (value !== undefined) out[key] = value;
  }
  return out as WebhookConfig;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${formatPath(p.path)}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function failed(problems: Problem[]): ValidationResult {
  return {
    ok: false,
    errors: problems.map((p) => new WebhookError({ code: p.code, message: p.message, path: formatPath(p.path) })),
  };
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return `a ${typeof v}`;
}

/** A `kind` value for a message: short strings quoted, anything else by type. */
function describe(v: unknown): string {
  return typeof v === "string" && v.length <= 40 ? JSON.stringify(v) : typeName(v);
}
