// The Terraform/OpenTofu attribute schema, derived from schema.json (the same
// source as the Pulumi SDKs), so a new field needs no change in the Go provider:
// it builds its resource and data-source schemas from `webhooks terraform schema`.
// Names are snake_case; every property schema.json marks secret is sensitive.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EventKind } from "../model/events";

export type TfType = "string" | "bool" | "int" | "map_string" | "list_string" | "object" | "list_object";

export interface TfAttr {
  /** The core's (camelCase) name. */
  core: string;
  type: TfType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** A JSON document held as a string (schema.json's Any): jsonencode() in HCL. */
  json?: boolean;
  description: string;
  /** For object and list_object: the nested attributes by Terraform name. */
  attributes?: Record<string, TfAttr>;
}

export type TfAttrs = Record<string, TfAttr>;

export interface TfSchemaDoc {
  version: string;
  provider: TfAttrs;
  resources: Record<string, TfAttrs>;
  data_sources: Record<string, TfAttrs>;
}

export const RESOURCE_KINDS: Record<string, EventKind> = {
  webhooks_audit_webhook: "audit",
  webhooks_request_webhook: "request",
};
const RESOURCE_TOKENS: Record<EventKind, string> = { audit: "webhooks:index:AuditWebhook", request: "webhooks:index:RequestWebhook" };
export const DATA_SOURCE = "webhooks_webhook";

interface PulumiProperty {
  type?: string;
  $ref?: string;
  items?: PulumiProperty;
  additionalProperties?: PulumiProperty;
  secret?: boolean;
  description?: string;
  properties?: Record<string, PulumiProperty>;
  required?: string[];
  enum?: Array<{ value: unknown }>;
}

interface PulumiSchema {
  version: string;
  config: { variables: Record<string, PulumiProperty> };
  types: Record<string, PulumiProperty>;
  resources: Record<string, { inputProperties: Record<string, PulumiProperty>; properties: Record<string, PulumiProperty>; requiredInputs?: string[] }>;
}

export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** schema.json is at the package root: above provider/ in the sources, above dist/ when compiled. */
function readPulumiSchema(): PulumiSchema {
  const candidates = [path.join(__dirname, "..", "..", "schema.json"), path.join(__dirname, "..", "..", "..", "schema.json")];
  const found = candidates.find((p) => fs.existsSync(p));
  if (found === undefined) throw new Error(`schema.json not found (looked at ${candidates.join(", ")})`);
  return JSON.parse(fs.readFileSync(found, "utf8")) as PulumiSchema;
}

function attrOf(schema: PulumiSchema, core: string, prop: PulumiProperty, mode: Pick<TfAttr, "required" | "optional" | "computed">): TfAttr {
  const ref = prop.$ref?.startsWith("#/types/") === true ? schema.types[prop.$ref.slice("#/types/".length)] : undefined;
  const resolved = ref ?? prop;
  // schema.json speaks of Pulumi; the same text serves Terraform and OpenTofu users.
  const description = [(prop.description ?? resolved.description ?? "").replace(/outside Pulumi/g, "outside Terraform/OpenTofu"), resolved.enum === undefined ? "" : `One of: ${resolved.enum.map((e) => String(e.value)).join(", ")}.`]
    .filter((s) => s !== "")
    .join(" ");
  const base = { core, ...mode, ...(prop.secret === true ? { sensitive: true } : {}), description };
  if (prop.$ref === "pulumi.json#/Any") return { ...base, type: "string", json: true, description: `${description} A JSON document: jsonencode({...}).` };
  if (resolved.type === "boolean") return { ...base, type: "bool" };
  if (resolved.type === "integer" || resolved.type === "number") return { ...base, type: "int" };
  if (resolved.type === "object" && resolved.additionalProperties !== undefined) return { ...base, type: "map_string" };
  if (resolved.type === "object") return { ...base, type: "object", attributes: nestedOf(schema, resolved, mode.computed === true && mode.optional !== true) };
  if (resolved.type === "array") {
    const item = resolved.items ?? {};
    const itemType = item.$ref?.startsWith("#/types/") === true ? schema.types[item.$ref.slice("#/types/".length)] : item;
    if (itemType.type === "object") return { ...base, type: "list_object", attributes: nestedOf(schema, itemType, mode.computed === true && mode.optional !== true) };
    return { ...base, type: "list_string" };
  }
  return { ...base, type: "string" };
}

function nestedOf(schema: PulumiSchema, type: PulumiProperty, computedOnly: boolean): TfAttrs {
  const out: TfAttrs = {};
  for (const [name, prop] of Object.entries(type.properties ?? {})) {
    const mode = computedOnly ? { computed: true } : type.required?.includes(name) === true ? { required: true } : { optional: true };
    out[snake(name)] = attrOf(schema, name, prop, mode);
  }
  return out;
}

function resourceAttrs(schema: PulumiSchema, kind: EventKind): TfAttrs {
  const resource = schema.resources[RESOURCE_TOKENS[kind]];
  const attrs: TfAttrs = {
    id: { core: "webhookId", type: "string", computed: true, description: "The registration's id in the runtime (wh_…); import by it." },
  };
  for (const [name, prop] of Object.entries(resource.inputProperties)) {
    const mode = resource.requiredInputs?.includes(name) === true ? { required: true } : { optional: true };
    attrs[snake(name)] = attrOf(schema, name, prop, mode);
  }
  for (const [name, prop] of Object.entries(resource.properties)) {
    if (name in resource.inputProperties) continue;
    attrs[snake(name)] = attrOf(schema, name, prop, { computed: true });
  }
  return attrs;
}

function providerAttrs(schema: PulumiSchema): TfAttrs {
  const vars = schema.config.variables;
  return {
    runtime_url: { core: "runtimeUrl", type: "string", optional: true, description: (vars.runtimeUrl.description ?? "").replace(/`webhooks runtime start`/, "webhooks runtime start") },
    admin_token: { core: "runtimeToken", type: "string", optional: true, sensitive: true, description: "The runtime's admin token (its `adminToken`), sent as a bearer token. Falls back to WEBHOOKS_RUNTIME_TOKEN." },
    ca_file: { core: "caFile", type: "string", optional: true, description: "A PEM file of CA certificates to trust when runtime_url is https:// (added to Node.js's NODE_EXTRA_CA_CERTS). Falls back to WEBHOOKS_CA_FILE." },
  };
}

function dataSourceAttrs(): TfAttrs {
  return {
    id: { core: "id", type: "string", optional: true, computed: true, description: "The webhook id (wh_…). Give exactly one of id or name." },
    name: { core: "name", type: "string", optional: true, computed: true, description: "The webhook's name (unique per runtime). Give exactly one of id or name." },
    kind: { core: "kind", type: "string", computed: true, description: "audit or request." },
    version: { core: "version", type: "int", computed: true, description: "The registration's version; each update adds one." },
    registration: {
      core: "registration",
      type: "string",
      computed: true,
      json: true,
      description: "The whole registration ({id, version, kind, ...config}) as JSON (jsondecode() it), secret values masked as ****.",
    },
  };
}

let cached: TfSchemaDoc | undefined;

export function tfSchema(): TfSchemaDoc {
  if (cached !== undefined) return cached;
  const schema = readPulumiSchema();
  cached = {
    version: schema.version,
    provider: providerAttrs(schema),
    resources: Object.fromEntries(Object.entries(RESOURCE_KINDS).map(([type, kind]) => [type, resourceAttrs(schema, kind)])),
    data_sources: { [DATA_SOURCE]: dataSourceAttrs() },
  };
  return cached;
}

/** The attributes of a resource type, or undefined for a type this provider does not have. */
export function resourceSchema(type: string): TfAttrs | undefined {
  return tfSchema().resources[type];
}
