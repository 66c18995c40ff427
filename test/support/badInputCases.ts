// Generators of bad input for the evidence tests (issue 8): every field path of
// a valid value, wrong-typed replacements for each, missing required fields,
// truncations, invalid UTF-8, deep nesting, and bad webhook configs for every
// field of schema.json. Generators are plain functions of a valid sample, so a
// new field in the sample (or in the schema) is covered without a new row, and
// each case carries what the product must answer: the code and the exact path.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatPath, type ErrorCode } from "../../provider/errors";
import type { EventKind } from "../../provider/model/events";
import { mockAuditEvent } from "../../provider/model/mockEvents";
import { FIELD_CODES } from "../../provider/model/webhookConfig";
import { REPO_ROOT } from "./runtimeProcess";

export type Segment = string | number;
export type JsonType = "string" | "number" | "boolean" | "null" | "object" | "array";

export function jsonType(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v as JsonType;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every path below the root (objects, arrays and leaves), in document order. */
export function pathsOf(value: unknown, prefix: Segment[] = []): Segment[][] {
  const out: Segment[][] = [];
  const children: Array<[Segment, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    out.push([...prefix, key], ...pathsOf(child, [...prefix, key]));
  }
  return out;
}

export function getAt(value: unknown, path: readonly Segment[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<Segment, unknown>)[k], value);
}

/** A deep copy with the value at `path` replaced. */
export function withValueAt<T>(value: T, path: readonly Segment[], replacement: unknown): T {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<Segment, unknown>;
  parent[path[path.length - 1]] = replacement;
  return copy;
}

/** A deep copy without the key at `path`. */
export function withoutAt<T>(value: T, path: readonly Segment[]): T {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<Segment, unknown>;
  delete parent[path[path.length - 1]];
  return copy;
}

/** One value of each JSON type; a field's wrong-typed values are those of another type. */
export const SAMPLE_VALUES: readonly unknown[] = [42, "x", true, null, {}, []];

export function wrongTyped(original: unknown): unknown[] {
  return SAMPLE_VALUES.filter((v) => jsonType(v) !== jsonType(original));
}

/** Every proper prefix of a text, from "" up to all but the last character. */
export function truncations(text: string): string[] {
  return Array.from({ length: text.length }, (_, i) => text.slice(0, i));
}

/** Byte sequences that are not UTF-8 (RFC 3629 §3, §10). */
export const INVALID_UTF8: ReadonlyArray<{ name: string; bytes: number[] }> = [
  { name: "overlong '/' (2 bytes)", bytes: [0xc0, 0xaf] },
  { name: "overlong (C1 lead)", bytes: [0xc1, 0xbf] },
  { name: "overlong '/' (3 bytes)", bytes: [0xe0, 0x80, 0xaf] },
  { name: "overlong '/' (4 bytes)", bytes: [0xf0, 0x80, 0x80, 0xaf] },
  { name: "overlong U+07FF (3 bytes)", bytes: [0xe0, 0x9f, 0xbf] },
  { name: "lone continuation 0x80", bytes: [0x80] },
  { name: "lone continuation 0xBF", bytes: [0xbf] },
  { name: "two continuations", bytes: [0x80, 0x80] },
  { name: "high surrogate U+D800", bytes: [0xed, 0xa0, 0x80] },
  { name: "low surrogate U+DFFF", bytes: [0xed, 0xbf, 0xbf] },
  { name: "surrogate pair encoded separately (CESU-8)", bytes: [0xed, 0xa0, 0xbd, 0xed, 0xb2, 0xa9] },
  { name: "truncated 2-byte", bytes: [0xc3] },
  { name: "truncated 3-byte", bytes: [0xe2, 0x82] },
  { name: "truncated 4-byte", bytes: [0xf0, 0x9f, 0x98] },
  { name: "byte 0xFE", bytes: [0xfe] },
  { name: "byte 0xFF", bytes: [0xff] },
  { name: "above U+10FFFF (F4 90)", bytes: [0xf4, 0x90, 0x80, 0x80] },
  { name: "above U+10FFFF (F5 lead)", bytes: [0xf5, 0x80, 0x80, 0x80] },
];

/** `depth` levels of `[` (or `{"a":`) around `inner`, closed unless `closed` is false. */
export function nested(open: "[" | "{", depth: number, inner = "1", closed = true): string {
  const o = open === "[" ? "[" : '{"a":';
  const c = open === "[" ? "]" : "}";
  return o.repeat(depth) + inner + (closed ? c.repeat(depth) : "");
}

/** The path segments of the innermost level of `nested(open, depth)`, down to `levels` levels. */
export function nestedSegments(open: "[" | "{", levels: number): Segment[] {
  return Array.from({ length: levels }, () => (open === "[" ? 0 : "a"));
}

// ---- events -------------------------------------------------------------------------------------------

/** Maps whose keys and values are the sender's (spec §2): anything below them is accepted. */
const FREE_FORM = ["data.custom_fields", "data.metadata", "data.current_target_object", "data.previous_target_object"];
/** Fields Apono sends as null when not set; `[*]` is any index. */
const NULLABLE = [
  "data.grantee",
  "data.justification",
  "data.creation_date",
  "data.revocation_date",
  "data.access_flow",
  "data.access_bundle",
  "data.access_duration_in_seconds",
  "data.approvals_logical_relation",
  "data.approvals",
  "data.approvals[*].approver",
  ...FREE_FORM,
];
/** Epoch seconds: a number or a string of digits, so a number in place of a string is not a wrong type. */
const EPOCH = ["event_time", "data.timestamp", "data.creation_date", "data.revocation_date"];
/** Strings that may not be empty. */
const NON_EMPTY: Record<EventKind, string[]> = { request: ["data.id"], audit: ["event_type", "data.action"] };
/** Fields an event must have. */
export const REQUIRED_EVENT_FIELDS: Record<EventKind, string[]> = {
  request: ["event_type", "event_time", "data", "data.id", "data.requester"],
  audit: ["event_type", "event_time", "data", "data.action"],
};

const pattern = (path: readonly Segment[]) => formatPath(path).replace(/\[\d+\]/g, "[*]");
const under = (path: string, roots: readonly string[]) => roots.some((r) => path.startsWith(`${r}.`) || path.startsWith(`${r}[`));

export interface EventCase {
  what: string;
  event: unknown;
  /** The exact path the refusal must name (relative to the event). */
  path: string;
}

/**
 * Bad events made from a valid one of `kind`: every field path replaced by each value of another JSON
 * type (except where the schema accepts it: free-form maps, nullable fields, numbers for epoch strings),
 * empty strings where one is not allowed, values outside a field's rules, and every required field removed.
 */
export function badEventCases(kind: EventKind, valid: Record<string, unknown>): EventCase[] {
  const cases: EventCase[] = [];
  for (const path of pathsOf(valid)) {
    const at = formatPath(path);
    if (under(at, FREE_FORM)) continue;
    const original = getAt(valid, path);
    // A null in the sample says nothing of the field's type: its wrong types come from a sample where it is set.
    for (const v of original === null ? [] : wrongTyped(original)) {
      if (v === null && NULLABLE.includes(pattern(path))) continue;
      if (typeof v === "number" && EPOCH.includes(at)) continue;
      cases.push({ what: `${at} = ${JSON.stringify(v)} (was ${jsonType(original)})`, event: withValueAt(valid, path, v), path: at });
    }
    if (EPOCH.includes(at)) {
      for (const v of ["soon", "-1", "1717416000.", "1e9", ""]) {
        cases.push({ what: `${at} = ${JSON.stringify(v)} (not epoch seconds)`, event: withValueAt(valid, path, v), path: at });
      }
    }
    if (NON_EMPTY[kind].includes(at)) cases.push({ what: `${at} empty`, event: withValueAt(valid, path, ""), path: at });
  }
  if (kind === "request") {
    for (const v of ["requestcreated", "RequestCreated ", "AuditLogEvent", ""]) {
      cases.push({ what: `event_type = ${JSON.stringify(v)} (not a trigger)`, event: { ...valid, event_type: v }, path: "event_type" });
    }
  }
  for (const id of ["", "has space", "x".repeat(201), "tab\there", "é-accent", 7, null, ["a"]]) {
    cases.push({ what: `id = ${JSON.stringify(id).slice(0, 40)}`, event: { ...valid, id }, path: "id" });
  }
  for (const field of REQUIRED_EVENT_FIELDS[kind]) {
    cases.push({ what: `${field} missing`, event: withoutAt(valid, field.split(".")), path: field });
  }
  for (const whole of [42, "event", true, null, [valid]]) {
    cases.push({ what: `the event is ${jsonType(whole)}`, event: whole, path: "" });
  }
  return cases;
}

// ---- webhook configs -------------------------------------------------------------------------------------

/** Secret values of the base configs. Every one holds "s3cr3t", and so does every bad value put in a secret field. */
export const CONFIG_SECRETS = {
  header: "hv-s3cr3t-7c1e9a42",
  token: "tok-s3cr3t-5d2f8b61",
  clientSecret: "cs-s3cr3t-77f0aa13",
  query: "qs-s3cr3t-3a9c4e07",
  /** 32 base64 characters: 24 bytes, the shortest valid secret. */
  signing: "whsec_s3cr3tAAAAAAAAAAAAAAAAAAAAAAAAAA",
};
export const SECRET_MARK = "s3cr3t";

export type AuthBase = "bearer" | "oauth";

/** A valid config of `kind` with every field set (file shape: with `kind`), authenticating with `auth`. */
export function baseConfig(kind: EventKind, auth: AuthBase = "bearer"): Record<string, unknown> {
  const config: Record<string, unknown> = {
    kind,
    name: `Evidence ${kind} ${auth}`,
    active: true,
    type: "http",
    method: "POST",
    url: `https://hooks.example.com/in?key=${CONFIG_SECRETS.query}`,
    bodyTemplate: kind === "audit" ? '{"action": "{{data.action}}"}' : '{"id": "{{data.id}}", "type": "{{event_type}}"}',
    headers: { "X-Api-Key": CONFIG_SECRETS.header },
    authentication:
      auth === "bearer"
        ? { type: "bearer", token: CONFIG_SECRETS.token }
        : {
            type: "oauth",
            clientId: "client-1",
            clientSecret: CONFIG_SECRETS.clientSecret,
            tokenEndpointUrl: "https://auth.example.com/oauth/token",
            scopes: ["logs.write"],
            audience: "https://api.example.com",
          },
    timeoutSeconds: 10,
    responseValidators: [{ jsonPath: "$.data.status", expectedValues: ["ok"] }],
    signingSecret: CONFIG_SECRETS.signing,
    testBeforeApply: true,
    testEvent: kind === "audit" ? mockAuditEvent() : "RequestGranted",
  };
  if (kind === "request") {
    config.triggers = ["RequestCreated", "RequestGranted"];
    config.filters = {
      integrations: ["payments-prod-pg"],
      integrationTypes: ["postgresql"],
      resourceTypes: ["postgresql-database"],
      permissions: ["ReadOnly"],
      accessFlows: ["af_91c2"],
      bundles: ["bndl_2f7a"],
      requesters: ["dana.levi@acme.example"],
    };
  }
  return config;
}

interface SchemaNode {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
}
interface PackageSchema {
  resources: Record<string, { inputProperties: Record<string, SchemaNode> }>;
  types: Record<string, SchemaNode>;
}

let schemaCache: PackageSchema | undefined;
export function packageSchema(): PackageSchema {
  schemaCache ??= JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as PackageSchema;
  return schemaCache;
}
const RESOURCE_TOKENS: Record<EventKind, string> = { audit: "webhooks:index:AuditWebhook", request: "webhooks:index:RequestWebhook" };

function resolve(node: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  // Pulumi's own any-value type (testEvent): a field whose rule, not its schema type, says what it takes.
  if (node.$ref === "pulumi.json#/Any") return { type: "any" };
  return resolve(packageSchema().types[node.$ref.replace("#/types/", "")]);
}

export interface SchemaField {
  /** Path in the config, with `*` for any index or map key: `responseValidators[*].jsonPath`, `headers.*`. */
  pattern: string;
  type: string;
  /** A string with a fixed set of values (an enum, or a discriminator such as `type`). */
  enumLike: boolean;
}

// Strings the schema types as plain strings whose values are a fixed set in the model.
const DISCRIMINATORS = ["type", "authentication.type"];

/** Every input field of a resource kind, nested ones too, as schema.json declares them. */
export function schemaFields(kind: EventKind): SchemaField[] {
  const out: SchemaField[] = [];
  const walk = (node: SchemaNode, at: string) => {
    const n = resolve(node);
    const type = n.type ?? "object";
    out.push({ pattern: at, type, enumLike: n.enum !== undefined || DISCRIMINATORS.includes(at) });
    if (n.properties) for (const [k, child] of Object.entries(n.properties)) walk(child, `${at}.${k}`);
    if (n.additionalProperties) walk(n.additionalProperties, `${at}.*`);
    if (n.items) walk(n.items, `${at}[*]`);
  };
  for (const [k, node] of Object.entries(packageSchema().resources[RESOURCE_TOKENS[kind]].inputProperties)) walk(node, k);
  return out;
}

const fieldPattern = (path: readonly Segment[]) =>
  path.map((s, i) => (typeof s === "number" ? "[*]" : i > 0 && path[0] === "headers" ? ".*" : i === 0 ? s : `.${s}`)).join("");

export interface ConfigCase {
  what: string;
  /** The whole config, file shape (with `kind`). */
  config: Record<string, unknown>;
  kind: EventKind;
  code: ErrorCode;
  path: string;
  /** The schema field (pattern) or rule the case is about. */
  field: string;
  /** Found only by the template check (checkWebhook), not by validateWebhookConfig. */
  template?: boolean;
}

/**
 * For every field of schema.json present in a base config: each value of another JSON type. The expected
 * code is the field's own (CONFIG_INVALID_METHOD, …) for fixed-value strings, else CONFIG_INVALID_TYPE.
 */
export function wrongTypeConfigCases(kind: EventKind): ConfigCase[] {
  const fields = new Map(schemaFields(kind).map((f) => [f.pattern, f]));
  const cases: ConfigCase[] = [];
  for (const auth of ["bearer", "oauth"] as const) {
    const base = baseConfig(kind, auth);
    for (const path of pathsOf(base)) {
      if (path[0] === "kind") continue;
      // Below an any-typed field (testEvent's event) the schema says nothing: the field's own rule covers it.
      if (path.length > 1 && fields.get(String(path[0]))?.type === "any") continue;
      const pat = fieldPattern(path);
      const field = fields.get(pat);
      if (field === undefined) throw new Error(`base config path ${formatPath(path)} (${pat}) is not in schema.json`);
      // The bearer base covers authentication.type and every shared field; the oauth base adds its own fields.
      if (auth === "oauth" && !(path[0] === "authentication" && path.length > 1 && path[1] !== "type")) continue;
      // An any-typed field takes the JSON types its rule accepts (testEvent: a trigger name or an event object).
      const sameType = (v: unknown) =>
        field.type === "any" ? ["string", "object"].includes(jsonType(v)) : jsonType(v) === (field.type === "integer" ? "number" : field.type);
      for (const v of SAMPLE_VALUES.filter((x) => !sameType(x))) {
        const at = formatPath(path);
        cases.push({
          what: `${at} = ${JSON.stringify(v)} (a ${field.type} field)`,
          config: withValueAt(base, path, v),
          kind,
          code: field.enumLike || field.type === "any" ? FIELD_CODES[String(path[0])] : "CONFIG_INVALID_TYPE",
          path: at,
          field: pat,
        });
      }
    }
  }
  return cases;
}

type Patch = (c: Record<string, unknown>) => void;
interface Rule {
  field: string;
  what: string;
  patch: Patch;
  code: ErrorCode;
  path: string;
  auth?: AuthBase;
  kinds?: EventKind[];
  template?: boolean;
}

const set = (key: string, value: unknown): Patch => (c) => {
  c[key] = value;
};
const setIn = (outer: string, key: string, value: unknown): Patch => (c) => {
  (c[outer] as Record<string, unknown>)[key] = value;
};
const secretWhsec = (bytes: number) => `whsec_${Buffer.from(`${SECRET_MARK}-`.padEnd(bytes, "k")).toString("base64")}`;

/** Values §3 of product.md forbids, field by field: empty, too long, out of range, forbidden forms. */
export const FIELD_RULES: readonly Rule[] = [
  // kind (file shape)
  ...["", "Audit", "requests", "both"].map((v): Rule => ({ field: "kind", what: `kind ${JSON.stringify(v)}`, patch: set("kind", v), code: "CONFIG_INVALID_KIND", path: "kind" })),
  { field: "kind", what: "kind missing", patch: (c) => delete c.kind, code: "CONFIG_REQUIRED", path: "kind" },
  // name
  { field: "name", what: "name missing", patch: (c) => delete c.name, code: "CONFIG_REQUIRED", path: "name" },
  ...["", "   ", " lead", "trail ", "a".repeat(101), "a".repeat(5000), "slash/no", "Café", "tab\there", "new\nline", "emoji 😀", "quote\"s"].map(
    (v): Rule => ({ field: "name", what: `name ${JSON.stringify(v.slice(0, 20))} (${v.length} chars)`, patch: set("name", v), code: "CONFIG_INVALID_NAME", path: "name" }),
  ),
  // active, testBeforeApply
  ...["yes", "true", 1, 0].map((v): Rule => ({ field: "active", what: `active ${JSON.stringify(v)}`, patch: set("active", v), code: "CONFIG_INVALID_TYPE", path: "active" })),
  ...["no", "false", 0].map((v): Rule => ({ field: "testBeforeApply", what: `testBeforeApply ${JSON.stringify(v)}`, patch: set("testBeforeApply", v), code: "CONFIG_INVALID_TYPE", path: "testBeforeApply" })),
  // type
  ...["", "HTTP", "grpc", "https", "email"].map((v): Rule => ({ field: "type", what: `type ${JSON.stringify(v)}`, patch: set("type", v), code: "CONFIG_INVALID_WEBHOOK_TYPE", path: "type" })),
  // method
  ...["", "post", "Get", "OPTIONS", "HEAD", "CONNECT", "TRACE", "FETCH", "POST "].map(
    (v): Rule => ({ field: "method", what: `method ${JSON.stringify(v)}`, patch: set("method", v), code: "CONFIG_INVALID_METHOD", path: "method" }),
  ),
  // url (the value carries a secret query: no message may quote it)
  { field: "url", what: "url missing", patch: (c) => delete c.url, code: "CONFIG_REQUIRED", path: "url" },
  ...[
    "",
    `http://hooks.example.com/in?key=${SECRET_MARK}-1`,
    `HTTP://hooks.example.com/in?key=${SECRET_MARK}-2`,
    `ftp://hooks.example.com/in?key=${SECRET_MARK}-3`,
    `https://hooks.example.com:8443/in?key=${SECRET_MARK}-4`,
    `https://hooks.example.com:80/in?key=${SECRET_MARK}-5`,
    `https://user:pw-${SECRET_MARK}@hooks.example.com/in`,
    `https://user-${SECRET_MARK}@hooks.example.com/in`,
    `https://:pw-${SECRET_MARK}@hooks.example.com/in`,
    `https://hooks.example.com/in#frag-${SECRET_MARK}`,
    `https://hooks.example.com/a b?key=${SECRET_MARK}-6`,
    `https://hooks.example.com/in\r\n?key=${SECRET_MARK}-7`,
    `hooks.example.com/in?key=${SECRET_MARK}-8`,
    `https://[::1/in?key=${SECRET_MARK}-9`,
    `https://hooks.example.com/${"p".repeat(2100)}?key=${SECRET_MARK}-10`,
    `javascript:alert(1)//${SECRET_MARK}`,
  ].map((v): Rule => ({ field: "url", what: `url ${JSON.stringify(v.slice(0, 48))}`, patch: set("url", v), code: "CONFIG_INVALID_URL", path: "url" })),
  // bodyTemplate: config rules here; broken templates are in badTemplates.test.ts, a sample below
  { field: "bodyTemplate", what: "empty template with POST", patch: set("bodyTemplate", ""), code: "CONFIG_REQUIRED", path: "bodyTemplate" },
  { field: "bodyTemplate", what: "blank template with PUT", patch: (c) => Object.assign(c, { method: "PUT", bodyTemplate: "  \n " }), code: "CONFIG_REQUIRED", path: "bodyTemplate" },
  { field: "bodyTemplate", what: "template with GET", patch: (c) => Object.assign(c, { method: "GET" }), code: "CONFIG_BODY_NOT_ALLOWED", path: "bodyTemplate" },
  ...(
    [
      ['{"a": "{{#if data.id}}x"}', "TEMPLATE_SYNTAX"],
      ['{"a": "{{shout event_type}}"}', "TEMPLATE_UNKNOWN_HELPER"],
      ['{"a": "{{> partial}}"}', "TEMPLATE_UNKNOWN_HELPER"],
      ['{"a": "{{data.nope_field}}"}', "TEMPLATE_UNKNOWN_FIELD"],
      ['{"a": {{event_type}}x}', "TEMPLATE_INVALID_JSON"],
      ['{"a": 1,}', "TEMPLATE_INVALID_JSON"],
      ['{"a": "{\\"b\\": 1,}"}', "TEMPLATE_NESTED_JSON_INVALID"],
    ] as const
  ).map(([v, code]): Rule => ({ field: "bodyTemplate", what: `template ${v}`, patch: set("bodyTemplate", v), code, path: "bodyTemplate", template: true })),
  // headers: names are tokens, some are the transport's, values are secret single-line text
  { field: "headers", what: "headers as a list", patch: set("headers", [CONFIG_SECRETS.header]), code: "CONFIG_INVALID_TYPE", path: "headers" },
  ...["Bad Header", "X:Colon", "", "Ünicode", "X-Tab\t", "(paren)", "X\r\nInjected"].map(
    (name): Rule => ({ field: "headers.*", what: `header name ${JSON.stringify(name)}`, patch: setIn("headers", name, `v-${SECRET_MARK}`), code: "CONFIG_INVALID_HEADER", path: formatPath(["headers", name]) }),
  ),
  ...["Host", "content-length", "Transfer-Encoding", "CONNECTION", "webhook-id", "Webhook-Timestamp", "webhook-signature"].map(
    (name): Rule => ({ field: "headers.*", what: `forbidden header ${name}`, patch: setIn("headers", name, `v-${SECRET_MARK}`), code: "CONFIG_FORBIDDEN_HEADER", path: formatPath(["headers", name]) }),
  ),
  ...[`a-${SECRET_MARK}\r\nInjected: 1`, `a-${SECRET_MARK}\n`, `a-${SECRET_MARK}\r`, `a-${SECRET_MARK}\u0000`, `a-${SECRET_MARK}\u007f`, `a-${SECRET_MARK}\u0100`, `a-${SECRET_MARK}😀`].map(
    (v): Rule => ({ field: "headers.*", what: `header value with ${JSON.stringify(v.slice(-2))}`, patch: setIn("headers", "X-Api-Key", v), code: "CONFIG_INVALID_HEADER", path: "headers.X-Api-Key" }),
  ),
  { field: "headers.*", what: "the same header twice (case-insensitive)", patch: setIn("headers", "x-api-key", `b-${SECRET_MARK}`), code: "CONFIG_INVALID_HEADER", path: "headers.x-api-key" },
  { field: "headers.*", what: "Authorization header with bearer", patch: setIn("headers", "Authorization", `Bearer ${SECRET_MARK}`), code: "CONFIG_AUTH_CONFLICT", path: "headers.Authorization" },
  { field: "headers.*", what: "authorization header with oauth", auth: "oauth", patch: setIn("headers", "authorization", `Basic ${SECRET_MARK}`), code: "CONFIG_AUTH_CONFLICT", path: "headers.authorization" },
  // authentication
  ...["basic", "Bearer", "", "apikey"].map(
    (v): Rule => ({ field: "authentication.type", what: `authentication.type ${JSON.stringify(v)}`, patch: setIn("authentication", "type", v), code: "CONFIG_INVALID_AUTH", path: "authentication.type" }),
  ),
  { field: "authentication.type", what: "authentication without type", patch: (c) => delete (c.authentication as Record<string, unknown>).type, code: "CONFIG_REQUIRED", path: "authentication.type" },
  { field: "authentication.token", what: "bearer without token", patch: (c) => delete (c.authentication as Record<string, unknown>).token, code: "CONFIG_REQUIRED", path: "authentication.token" },
  ...["", `${SECRET_MARK}-tok\n`, `${SECRET_MARK}-tok\r\nX: y`, `${SECRET_MARK}\u0000`].map(
    (v): Rule => ({ field: "authentication.token", what: `bearer token ${JSON.stringify(v.slice(-3))}`, patch: setIn("authentication", "token", v), code: "CONFIG_INVALID_AUTH", path: "authentication.token" }),
  ),
  { field: "authentication.token", what: "token with type none", patch: set("authentication", { type: "none", token: `${SECRET_MARK}-t` }), code: "CONFIG_UNKNOWN_FIELD", path: "authentication.token" },
  { field: "authentication.clientId", what: "oauth clientId empty", auth: "oauth", patch: setIn("authentication", "clientId", ""), code: "CONFIG_INVALID_AUTH", path: "authentication.clientId" },
  { field: "authentication.clientId", what: "oauth without clientId", auth: "oauth", patch: (c) => delete (c.authentication as Record<string, unknown>).clientId, code: "CONFIG_REQUIRED", path: "authentication.clientId" },
  { field: "authentication.clientSecret", what: "oauth clientSecret empty", auth: "oauth", patch: setIn("authentication", "clientSecret", ""), code: "CONFIG_INVALID_AUTH", path: "authentication.clientSecret" },
  { field: "authentication.clientSecret", what: "oauth without clientSecret", auth: "oauth", patch: (c) => delete (c.authentication as Record<string, unknown>).clientSecret, code: "CONFIG_REQUIRED", path: "authentication.clientSecret" },
  ...[
    "",
    `http://auth.example.com/token?secret=${SECRET_MARK}`,
    `https://user:${SECRET_MARK}@auth.example.com/token`,
    "not a url",
    `https://auth.example.com/token#${SECRET_MARK}`,
  ].map(
    (v): Rule => ({ field: "authentication.tokenEndpointUrl", what: `tokenEndpointUrl ${JSON.stringify(v.slice(0, 30))}`, auth: "oauth", patch: setIn("authentication", "tokenEndpointUrl", v), code: "CONFIG_INVALID_AUTH", path: "authentication.tokenEndpointUrl" }),
  ),
  ...["", "read write", "tab\tscope"].map(
    (v): Rule => ({ field: "authentication.scopes", what: `scope ${JSON.stringify(v)}`, auth: "oauth", patch: setIn("authentication", "scopes", ["ok", v]), code: "CONFIG_INVALID_AUTH", path: "authentication.scopes[1]" }),
  ),
  { field: "authentication.audience", what: "audience empty", auth: "oauth", patch: setIn("authentication", "audience", ""), code: "CONFIG_INVALID_AUTH", path: "authentication.audience" },
  { field: "authentication", what: "unknown authentication field", patch: setIn("authentication", "password", `${SECRET_MARK}`), code: "CONFIG_UNKNOWN_FIELD", path: "authentication.password" },
  // timeoutSeconds
  ...[0, -1, 61, 600, 1.5, 59.999, 1e9, -0.5].map(
    (v): Rule => ({ field: "timeoutSeconds", what: `timeoutSeconds ${v}`, patch: set("timeoutSeconds", v), code: "CONFIG_INVALID_TIMEOUT", path: "timeoutSeconds" }),
  ),
  // responseValidators
  ...["", "$", "data.status", "$.body", "$..status", "$.data[", "$.data[?(@.ok)]", "$.headers.Content-Type", "$.Data.status", "$.status(", "$[0]", "@.data"].map(
    (v): Rule => ({ field: "responseValidators.jsonPath", what: `jsonPath ${JSON.stringify(v)}`, patch: set("responseValidators", [{ jsonPath: "$.status", expectedValues: ["200"] }, { jsonPath: v, expectedValues: ["x"] }]), code: "CONFIG_INVALID_VALIDATOR", path: "responseValidators[1].jsonPath" }),
  ),
  { field: "responseValidators.jsonPath", what: "validator without jsonPath", patch: set("responseValidators", [{ expectedValues: ["x"] }]), code: "CONFIG_REQUIRED", path: "responseValidators[0].jsonPath" },
  { field: "responseValidators.expectedValues", what: "expectedValues empty", patch: set("responseValidators", [{ jsonPath: "$.status", expectedValues: [] }]), code: "CONFIG_INVALID_VALIDATOR", path: "responseValidators[0].expectedValues" },
  { field: "responseValidators.expectedValues", what: "validator without expectedValues", patch: set("responseValidators", [{ jsonPath: "$.status" }]), code: "CONFIG_REQUIRED", path: "responseValidators[0].expectedValues" },
  { field: "responseValidators", what: "unknown validator field", patch: set("responseValidators", [{ jsonPath: "$.status", expectedValues: ["1"], script: "x" }]), code: "CONFIG_UNKNOWN_FIELD", path: "responseValidators[0].script" },
  // signingSecret (secret: never quoted)
  ...[`${SECRET_MARK}-plain`, "whsec_", `whsec_${SECRET_MARK}!!`, `whsec_${SECRET_MARK}A`, secretWhsec(10), secretWhsec(23), secretWhsec(65), secretWhsec(200), `WHSEC_${SECRET_MARK}AAAAAAAAAAAAAAAAAAAAAAAAAA`].map(
    (v): Rule => ({ field: "signingSecret", what: `signingSecret of ${v.length} chars`, patch: set("signingSecret", v), code: "CONFIG_INVALID_SIGNING_SECRET", path: "signingSecret" }),
  ),
  // testEvent: a trigger of the webhook (request), or a valid event of the kind whose type is one of the triggers
  ...["RequestGrantd", "", "requestgranted"].map((v): Rule => ({ field: "testEvent", what: `testEvent ${JSON.stringify(v)}`, kinds: ["request"], patch: set("testEvent", v), code: "CONFIG_INVALID_TEST_EVENT", path: "testEvent" })),
  { field: "testEvent", what: "testEvent a trigger the webhook lacks", kinds: ["request"], patch: set("testEvent", "Manual"), code: "CONFIG_INVALID_TEST_EVENT", path: "testEvent" },
  { field: "testEvent", what: "testEvent a trigger name on an audit webhook", kinds: ["audit"], patch: set("testEvent", "RequestGranted"), code: "CONFIG_INVALID_TEST_EVENT", path: "testEvent" },
  { field: "testEvent", what: "testEvent an event without data", patch: set("testEvent", { event_type: "RequestGranted", event_time: 1 }), code: "CONFIG_INVALID_TEST_EVENT", path: "testEvent" },
  // triggers (request only)
  { field: "triggers", what: "triggers missing", kinds: ["request"], patch: (c) => delete c.triggers, code: "CONFIG_REQUIRED", path: "triggers" },
  { field: "triggers", what: "triggers empty", kinds: ["request"], patch: set("triggers", []), code: "CONFIG_INVALID_TRIGGER", path: "triggers" },
  ...["Nope", "requestcreated", "", "RequestCreated ", "AuditLogEvent"].map(
    (v): Rule => ({ field: "triggers", what: `trigger ${JSON.stringify(v)}`, kinds: ["request"], patch: set("triggers", ["RequestGranted", v]), code: "CONFIG_INVALID_TRIGGER", path: "triggers[1]" }),
  ),
  { field: "triggers", what: "a trigger twice", kinds: ["request"], patch: set("triggers", ["Manual", "RequestCreated", "Manual"]), code: "CONFIG_INVALID_TRIGGER", path: "triggers[2]" },
  { field: "triggers", what: "triggers on an audit webhook", kinds: ["audit"], patch: set("triggers", ["RequestCreated"]), code: "CONFIG_UNKNOWN_FIELD", path: "triggers" },
  // filters (request only)
  { field: "filters", what: "filters on an audit webhook", kinds: ["audit"], patch: set("filters", { integrations: ["x"] }), code: "CONFIG_UNKNOWN_FIELD", path: "filters" },
  { field: "filters", what: "unknown filter", kinds: ["request"], patch: setIn("filters", "integration", ["x"]), code: "CONFIG_UNKNOWN_FIELD", path: "filters.integration" },
  ...["integrations", "integrationTypes", "resourceTypes", "permissions", "accessFlows", "bundles", "requesters"].flatMap((f): Rule[] =>
    ["", "  ", "\t"].map((v) => ({ field: `filters.${f}`, what: `filters.${f} value ${JSON.stringify(v)}`, kinds: ["request"], patch: setIn("filters", f, ["ok", v]), code: "CONFIG_INVALID_FILTER", path: `filters.${f}[1]` })),
  ),
  // anything else
  ...["colour", "Name", "url ", "body_template", "timeout", "__proto__x"].map(
    (k): Rule => ({ field: "(unknown)", what: `unknown field ${JSON.stringify(k)}`, patch: set(k, "x"), code: "CONFIG_UNKNOWN_FIELD", path: k }),
  ),
  { field: "(nesting)", what: "headers nested 10,000 levels", patch: (c) => (c.headers = JSON.parse(nested("{", 10_000, "1")) as unknown), code: "CONFIG_INVALID_TYPE", path: "headers" },
  { field: "(nesting)", what: "name nested 100,000 levels", patch: (c) => (c.name = JSON.parse(nested("[", 100_000)) as unknown), code: "CONFIG_INVALID_TYPE", path: "name" },
];

/** The rules as cases, for each kind they apply to. */
export function fieldRuleCases(): ConfigCase[] {
  return FIELD_RULES.flatMap((rule) =>
    (rule.kinds ?? (["audit", "request"] as EventKind[])).map((kind) => {
      const config = baseConfig(kind, rule.auth ?? "bearer");
      rule.patch(config);
      return { what: `${kind}: ${rule.what}`, config, kind, code: rule.code, path: rule.path, field: rule.field, ...(rule.template ? { template: true } : {}) };
    }),
  );
}

/** The values of a config's secret fields: header values, bearer token, client secret, signing secret, URL query and userinfo. */
export function secretValuesOf(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    // Shorter values ("whsec_", "x") are words any message may use; every bad secret value here is longer.
    if (typeof v === "string" && v.length >= 8) out.push(v);
  };
  if (isRecord(config.headers)) Object.values(config.headers).forEach(add);
  if (isRecord(config.authentication)) {
    add(config.authentication.token);
    add(config.authentication.clientSecret);
  }
  add(config.signingSecret);
  for (const url of [config.url, isRecord(config.authentication) ? config.authentication.tokenEndpointUrl : undefined]) {
    if (typeof url !== "string") continue;
    add(/\?([^#]*)/.exec(url)?.[1]);
    add(/^[a-z]+:\/\/([^/?#]*)@/i.exec(url)?.[1]);
  }
  return out;
}
