// Terraform attribute values ⇄ the core's fields. The Go provider sends every
// object as plain JSON (null for unset, {"$unknown": true} for a value not known
// until apply); this module renames (snake_case ⇄ camelCase), parses the JSON
// attributes (test_event) and turns the core's error paths into attribute paths.
import { WebhookError } from "../errors";
import { UNKNOWN } from "../resources/secretValues";
import type { TfAttr, TfAttrs } from "./tfSchema";

export type Obj = Record<string, unknown>;
/** One step of an attribute path, as the Go side builds path.Path: an attribute, a list index or a map key. */
export type PathStep = { attr: string } | { index: number } | { key: string };

export const UNKNOWN_MARKER = "$unknown";
const isRecord = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const isUnknown = (v: unknown): boolean => isRecord(v) && v[UNKNOWN_MARKER] === true;

/** The core's fields of the given attributes (input attributes only, unless `outputs`: computed-only ones are outputs). Unset values are dropped. */
export function coreFields(attrs: TfAttrs, tf: Obj, outputs = false): Obj {
  const out: Obj = {};
  for (const [name, attr] of Object.entries(attrs)) {
    if (!outputs && attr.computed === true && attr.optional !== true) continue;
    const v = toCore(attr, tf[name], [{ attr: name }]);
    if (v !== undefined) out[attr.core] = v;
  }
  return out;
}

function toCore(attr: TfAttr, v: unknown, at: PathStep[]): unknown {
  if (v === null || v === undefined) return undefined;
  if (isUnknown(v)) return UNKNOWN;
  if (attr.json === true && typeof v === "string") {
    try {
      return JSON.parse(v);
    } catch {
      throw new WebhookError({ code: "CONFIG_INVALID_TEST_EVENT", path: attr.core, message: `${at.map((s) => ("attr" in s ? s.attr : "")).join(".")} must be a JSON document: use jsonencode({...})` });
    }
  }
  if (attr.type === "object" && isRecord(v)) return coreFields(attr.attributes ?? {}, v);
  if (attr.type === "list_object" && Array.isArray(v)) return v.map((item, i) => (isRecord(item) ? coreFields(attr.attributes ?? {}, item) : toCore(attr, item, [...at, { index: i }])));
  if (Array.isArray(v)) return v.map((item) => (isUnknown(item) ? UNKNOWN : item));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isUnknown(x) ? UNKNOWN : x]));
  return v;
}

/** Terraform values of the given attributes from the core's fields; absent fields are null. */
export function tfValues(attrs: TfAttrs, fields: Obj): Obj {
  const out: Obj = {};
  for (const [name, attr] of Object.entries(attrs)) out[name] = toTf(attr, fields[attr.core]);
  return out;
}

/** One attribute's Terraform value from the core's value. */
export function toTf(attr: TfAttr, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (attr.json === true) return JSON.stringify(v);
  if (attr.type === "object" && isRecord(v)) return tfValues(attr.attributes ?? {}, v);
  if (attr.type === "list_object" && Array.isArray(v)) return v.map((item) => (isRecord(item) ? tfValues(attr.attributes ?? {}, item) : item));
  return v;
}

/**
 * The attribute path of a core field path (`responseValidators[0].jsonPath`,
 * `authentication.clientSecret`, `headers.X-Key`): as far as the schema names it;
 * [] when the first segment is no attribute (the error then applies to the resource).
 */
export function tfPath(attrs: TfAttrs, corePath: string): PathStep[] {
  const segments = corePath.match(/[^.[\]]+/g) ?? [];
  const steps: PathStep[] = [];
  let scope: TfAttrs | undefined = attrs;
  let current: TfAttr | undefined;
  for (const segment of segments) {
    if (current !== undefined && (current.type === "list_object" || current.type === "list_string") && /^\d+$/.test(segment)) {
      steps.push({ index: Number(segment) });
      scope = current.type === "list_object" ? current.attributes : undefined;
      continue;
    }
    if (current !== undefined && current.type === "map_string") {
      steps.push({ key: segment });
      break;
    }
    const found: [string, TfAttr] | undefined = scope === undefined ? undefined : Object.entries(scope).find(([, a]) => a.core === segment);
    if (found === undefined) break;
    steps.push({ attr: found[0] });
    current = found[1];
    scope = found[1].attributes;
  }
  return steps;
}

/** A path as HCL spells it: response_validators[0].json_path, headers["X-Key"]. */
export function pathText(steps: PathStep[]): string {
  return steps
    .map((s, i) => ("attr" in s ? `${i === 0 ? "" : "."}${s.attr}` : "index" in s ? `[${s.index}]` : `[${JSON.stringify(s.key)}]`))
    .join("");
}
