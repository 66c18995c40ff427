// docs/reference.md describes exactly the resources of schema.json: every input
// and output (nested authentication, validator, filter and lastTest properties
// included) and the provider config, with the type, requiredness, default and
// secrecy the schema and the model give them. A property added to the schema
// and not documented, or documented and not in the schema, fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EventKind } from "../../../provider/model/events";
import { CONFIG_SCHEMAS } from "../../../provider/model/webhookConfig";
import schema from "../../../schema.json";

interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  secret?: boolean;
  properties?: Record<string, PropertySpec>;
}
interface ResourceSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
}

const doc = readFileSync(join(__dirname, "../../../docs/reference.md"), "utf8");
const resources = schema.resources as unknown as Record<string, ResourceSpec>;
const types = schema.types as unknown as Record<string, PropertySpec>;
const configVars = schema.config.variables as unknown as Record<string, PropertySpec>;
const audit = resources["webhooks:index:AuditWebhook"];
const request = resources["webhooks:index:RequestWebhook"];
const sorted = (xs: Iterable<string>) => [...xs].sort();
const typeOf = (ref: string) => types[ref.replace("#/types/", "")];

/** The body rows of the first table after the exact heading line, as trimmed cells. */
function table(heading: string): string[][] {
  const lines = doc.split("\n");
  let i = lines.indexOf(heading);
  if (i < 0) throw new Error(`docs/reference.md has no heading ${JSON.stringify(heading)}`);
  i++;
  while (i < lines.length && !lines[i].startsWith("|")) {
    if (lines[i].startsWith("#")) throw new Error(`no table under ${heading}`);
    i++;
  }
  const rows: string[][] = [];
  for (; i < lines.length && lines[i].startsWith("|"); i++) rows.push(lines[i].slice(1, -1).split("|").map((c) => c.trim()));
  return rows.slice(2);
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "");
const rowsByName = (heading: string) => new Map(table(heading).map((r) => [unquote(r[0]), r]));

/** How the doc writes a schema type: enums of strings are strings, Pulumi's Any is any, other refs objects. */
function typeLabel(p: PropertySpec): string {
  if (p.$ref === "pulumi.json#/Any") return "any";
  if (p.$ref !== undefined) return typeOf(p.$ref).type === "string" ? "string" : "object";
  if (p.type === "array") return `list of ${typeLabel(p.items!)}`;
  if (p.type === "object" && p.additionalProperties !== undefined) return `map of ${typeLabel(p.additionalProperties)}`;
  return p.type!;
}

/** "partly" for an object with secret properties (authentication): not all of it is secret. */
function secretLabel(p: PropertySpec): string {
  if (p.secret === true) return "yes";
  const nested = p.$ref === undefined ? undefined : typeOf(p.$ref)?.properties;
  return Object.values(nested ?? {}).some((c) => c.secret === true) ? "partly" : "no";
}

/** The default the model fills in, as the doc writes it; "—" when there is none. */
function defaultLabel(kind: EventKind, field: string): string {
  const shape = CONFIG_SCHEMAS[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  const r = shape[field].safeParse(undefined);
  if (!r.success || r.data === undefined) return "—";
  const v = r.data;
  return `\`${typeof v === "string" ? (v === "" ? '""' : v) : JSON.stringify(v)}\``;
}

describe("docs/reference.md: provider configuration", () => {
  const rows = rowsByName("## Provider configuration");

  it("lists exactly the config variables of the schema, as webhooks:<key>", () => {
    expect(sorted(rows.keys())).toEqual(sorted(Object.keys(configVars).map((k) => `webhooks:${k}`)));
  });

  it.each(Object.keys(configVars))("documents the type and secrecy of %s", (key) => {
    const [, type, secret, env] = rows.get(`webhooks:${key}`)!;
    expect(type).toBe(configVars[key].type);
    expect(secret).toBe(configVars[key].secret === true ? "yes" : "no");
    expect(env).toMatch(/^`WEBHOOKS_RUNTIME_(URL|TOKEN)`$/);
  });
});

describe.each([
  ["## Inputs of both resources", "audit", audit, Object.keys(audit.inputProperties)],
  ["## RequestWebhook only", "request", request, Object.keys(request.inputProperties).filter((k) => !(k in audit.inputProperties))],
] as const)("docs/reference.md: %s", (heading, kind, resource, fields) => {
  const rows = rowsByName(heading);

  it("lists exactly these schema inputs", () => {
    expect(fields.length).toBeGreaterThan(1);
    expect(sorted(rows.keys())).toEqual(sorted(fields));
  });

  it.each(fields)("documents the type, requiredness, default and secrecy of %s", (field) => {
    const p = resource.inputProperties[field];
    const [, type, required, def, secret, rules] = rows.get(field)!;
    expect(type).toBe(typeLabel(p));
    expect(required).toBe(resource.requiredInputs.includes(field) ? "yes" : "no");
    expect(def).toBe(defaultLabel(kind, field));
    expect(secret).toBe(secretLabel(p));
    expect(rules.length).toBeGreaterThan(10);
  });
});

it("documents the inputs of both resources once: each common input has the same type, requiredness, default and secrecy in both", () => {
  const labels = (kind: EventKind, r: ResourceSpec, field: string) => [
    typeLabel(r.inputProperties[field]),
    r.requiredInputs.includes(field),
    defaultLabel(kind, field),
    secretLabel(r.inputProperties[field]),
  ];
  for (const field of Object.keys(audit.inputProperties)) {
    expect(labels("request", request, field)).toEqual(labels("audit", audit, field));
  }
});

describe.each([
  ["### authentication", "authentication.", audit.inputProperties.authentication],
  ["### responseValidators", "responseValidators[].", audit.inputProperties.responseValidators.items!],
  ["### filters", "filters.", request.inputProperties.filters],
  ["### lastTest", "lastTest.", audit.properties.lastTest],
] as const)("docs/reference.md: %s", (heading, prefix, parent) => {
  const rows = rowsByName(heading);
  const props = typeOf(parent.$ref!).properties!;

  it("lists exactly the properties of the schema type", () => {
    expect(sorted(rows.keys())).toEqual(sorted(Object.keys(props).map((k) => `${prefix}${k}`)));
  });

  it.each(Object.keys(props))("documents the type and secrecy of %s", (name) => {
    const [, type, secret, text] = rows.get(`${prefix}${name}`)!;
    expect(type).toBe(typeLabel(props[name]));
    expect(secret).toBe(props[name].secret === true ? "yes" : "no");
    expect(text.length).toBeGreaterThan(10);
  });
});

describe("docs/reference.md: outputs", () => {
  const rows = rowsByName("## Outputs");

  it.each([
    ["audit", audit],
    ["request", request],
  ] as const)("lists exactly the %s webhook's outputs that are not inputs", (_kind, resource) => {
    const outputsOnly = Object.keys(resource.properties).filter((k) => !(k in resource.inputProperties));
    expect(sorted(rows.keys())).toEqual(sorted(outputsOnly));
  });

  it.each(Object.keys(audit.properties).filter((k) => !(k in audit.inputProperties)))("documents the type and secrecy of %s", (name) => {
    const [, type, secret] = rows.get(name)!;
    expect(type).toBe(typeLabel(audit.properties[name]));
    expect(secret).toBe(audit.properties[name].secret === true ? "yes" : "no");
  });
});

it("names no nested property the schema lacks anywhere in the text", () => {
  const nested: Record<string, PropertySpec> = {
    authentication: audit.inputProperties.authentication,
    "responseValidators[]": audit.inputProperties.responseValidators.items!,
    filters: request.inputProperties.filters,
    lastTest: audit.properties.lastTest,
  };
  const named = [...doc.matchAll(/`(authentication|responseValidators\[\]|filters|lastTest)\.(\w+)`/g)];
  expect(named.length).toBeGreaterThan(20);
  const unknown = named.filter(([, parent, child]) => !(child in typeOf(nested[parent].$ref!).properties!)).map((m) => m[0]);
  expect(unknown).toEqual([]);
});
