// Runtime contract: schema.json describes exactly what the code does. Field
// lists, nested shapes, required inputs, defaults, enums and secret paths are
// read from the zod schemas and the provider, and compared with the schema; a
// field added in one place and not the others fails here.
import * as pulumi from "@pulumi/pulumi";
import { REQUEST_TRIGGERS, type EventKind } from "../../../provider/model/events";
import { AUTH_TYPES, METHODS } from "../../../provider/model/configRules";
import {
  AUTH_FIELDS,
  CONFIG_SCHEMAS,
  FILTER_FIELDS,
  SECRET_FIELD_PATHS,
  VALIDATOR_FIELDS,
  WEBHOOK_FIELDS,
} from "../../../provider/model/webhookConfig";
import { CONFIG_KEYS, OUTPUT_KEYS, SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "../../../provider/resources";
import { MANAGED_BY_INPUT } from "../../../provider/resources/resourceState";
import type { InvocationRecord } from "../../../provider/delivery/invocationRecord";
import { lastTestOf } from "../../../provider/resources/testResult";
import { seededProps } from "../../../sdk/nodejs/outputs";
import schema from "../../../schema.json";

interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  secret?: boolean;
  default?: unknown;
  description?: string;
  enum?: Array<{ value: string }>;
  properties?: Record<string, PropertySpec>;
  required?: string[];
}
interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}

const TOKENS: Record<EventKind, string> = { audit: "webhooks:index:AuditWebhook", request: "webhooks:index:RequestWebhook" };
const resources = schema.resources as unknown as Record<string, ResourceSpec>;
const types = schema.types as unknown as Record<string, PropertySpec>;
const sorted = (xs: Iterable<string>) => [...xs].sort();
/** Pulumi's own "any value" type (testEvent: a trigger name or a whole event). */
const ANY = "pulumi.json#/Any";
const typeOf = (ref: string) => types[ref.replace("#/types/", "")];

type FieldSchema = { safeParse(v: unknown): { success: boolean; data?: unknown } };
const fieldSchema = (kind: EventKind, field: string) => (CONFIG_SCHEMAS[kind].shape as Record<string, FieldSchema>)[field];

/** Secret paths as SECRET_FIELD_PATHS writes them: a secret map is `name.*`, a secret field of a type is `parent.field`. */
function secretPaths(props: Record<string, PropertySpec>): string[] {
  const out: string[] = [];
  for (const [name, p] of Object.entries(props)) {
    if (p.secret === true) out.push(p.additionalProperties !== undefined ? `${name}.*` : name);
    const nested = p.$ref === undefined ? undefined : typeOf(p.$ref);
    for (const [child, c] of Object.entries(nested?.properties ?? {})) if (c.secret === true) out.push(`${name}.${child}`);
  }
  return sorted(out);
}

describe("schema.json agrees with the code", () => {
  it("names the package and the two resources", () => {
    expect(schema.name).toBe("webhooks");
    expect(sorted(Object.keys(resources))).toEqual(["webhooks:index:AuditWebhook", "webhooks:index:RequestWebhook"]);
    expect(schema.language.nodejs.packageName).toBe("pulumi-webhooks");
  });

  describe.each(["audit", "request"] as const)("%s webhook", (kind) => {
    const r = resources[TOKENS[kind]];

    it("has one input per model field and one output per field and provider output", () => {
      expect(sorted(Object.keys(r.inputProperties))).toEqual(sorted(WEBHOOK_FIELDS[kind]));
      expect(sorted(Object.keys(r.properties))).toEqual(sorted([...WEBHOOK_FIELDS[kind], ...OUTPUT_KEYS]));
      // Beyond them, the dynamic SDK's hidden label of the resource (the native plugin has the URN).
      expect(sorted(Object.keys(seededProps(kind, {}, "r")))).toEqual(sorted([...Object.keys(r.properties), MANAGED_BY_INPUT]));
    });

    it("requires exactly the inputs the model requires", () => {
      const required = WEBHOOK_FIELDS[kind].filter((f) => !fieldSchema(kind, f).safeParse(undefined).success);
      expect(sorted(r.requiredInputs)).toEqual(sorted(required));
    });

    it("declares the model's scalar defaults and no others", () => {
      for (const f of WEBHOOK_FIELDS[kind]) {
        const parsed = fieldSchema(kind, f).safeParse(undefined);
        const modelDefault = parsed.success ? parsed.data : undefined;
        const scalar = modelDefault !== null && typeof modelDefault !== "object" ? modelDefault : undefined;
        expect([f, r.inputProperties[f].default]).toEqual([f, scalar]);
      }
    });

    it("marks exactly SECRET_FIELD_PATHS secret, in inputs and outputs", () => {
      expect(secretPaths(r.inputProperties)).toEqual(sorted(SECRET_FIELD_PATHS));
      expect(secretPaths(r.properties)).toEqual(sorted(SECRET_FIELD_PATHS));
    });

    it("lists as required outputs every field that always has a value, and the outputs a create always sets", () => {
      const alwaysSet = WEBHOOK_FIELDS[kind].filter((f) => fieldSchema(kind, f).safeParse(undefined).data !== undefined || r.requiredInputs.includes(f));
      expect(sorted(r.required)).toEqual(sorted([...alwaysSet, "webhookId", "version", "runtimeUrl"]));
    });
  });

  it("gives every property a type (or a resolvable $ref) and a description", () => {
    const props: Array<[string, PropertySpec]> = [];
    for (const [token, r] of Object.entries(resources)) {
      for (const [n, p] of Object.entries({ ...r.inputProperties, ...r.properties })) props.push([`${token}.${n}`, p]);
    }
    for (const [token, t] of Object.entries(types)) for (const [n, p] of Object.entries(t.properties ?? {})) props.push([`${token}.${n}`, p]);
    for (const [where, p] of props) {
      expect([where, typeof p.description === "string" && p.description.length > 10]).toEqual([where, true]);
      expect([where, p.type !== undefined || (p.$ref !== undefined && (p.$ref === ANY || typeOf(p.$ref) !== undefined))]).toEqual([where, true]);
      if (p.items?.$ref !== undefined) expect(typeOf(p.items.$ref)).toBeDefined();
    }
  });

  it("describes the nested shapes with the model's fields", () => {
    const auth = types["webhooks:index:Authentication"];
    expect(sorted(Object.keys(auth.properties!))).toEqual(sorted(new Set(Object.values(AUTH_FIELDS).flat())));
    expect(auth.required).toEqual(["type"]);
    for (const t of AUTH_TYPES) expect(auth.properties!.type.description).toContain(`\`${t}\``);
    expect(sorted(Object.keys(types["webhooks:index:RequestFilters"].properties!))).toEqual(sorted(FILTER_FIELDS));
    expect(sorted(Object.keys(types["webhooks:index:ResponseValidator"].properties!))).toEqual(sorted(VALIDATOR_FIELDS));
    expect(sorted(types["webhooks:index:ResponseValidator"].required!)).toEqual(sorted(VALIDATOR_FIELDS));
  });

  it("lists the model's methods and triggers as enums", () => {
    expect(types["webhooks:index:Method"].enum!.map((e) => e.value)).toEqual([...METHODS]);
    expect(types["webhooks:index:RequestTrigger"].enum!.map((e) => e.value)).toEqual([...REQUEST_TRIGGERS]);
  });

  it("describes lastTest with the keys the provider writes", () => {
    const passed: InvocationRecord = {
      deliveryId: "d",
      eventType: "RequestCreated",
      isTest: true,
      attempt: 1,
      startedAt: "2026-01-01T00:00:00.000Z",
      durationMs: 1,
      request: { method: "POST", url: "https://x.example.com/", headers: {}, body: "" },
      validators: [],
      result: "success",
    };
    const failed: InvocationRecord = {
      ...passed,
      response: { status: 500, headers: {}, body: "", bodyBytes: 0, bodyTruncated: false },
      result: "failure",
      error: { code: "HTTP_STATUS", message: "500", retryable: true },
    };
    const lastTest = types["webhooks:index:LastTest"];
    expect(sorted(Object.keys(lastTest.properties!))).toEqual(sorted(Object.keys(lastTestOf(failed))));
    // Required: what is there even when nothing came back and nothing failed.
    expect(sorted(lastTest.required!)).toEqual(sorted(Object.keys(lastTestOf(passed))));
  });

  it("declares the provider's config keys, the token as secret", () => {
    const vars = schema.config.variables as Record<string, PropertySpec>;
    expect(sorted(Object.keys(vars).map((k) => `webhooks:${k}`))).toEqual(sorted(Object.values(CONFIG_KEYS)));
    expect(vars.runtimeToken.secret).toBe(true);
    expect(vars.runtimeUrl.secret).toBeUndefined();
  });

  it("the provider's wire constants are pulumi's own", () => {
    expect(UNKNOWN).toBe(pulumi.runtime.unknownValue);
    expect(SECRET_SIG_KEY).toBe(pulumi.runtime.specialSigKey);
    expect(SECRET_SIG).toBe(pulumi.runtime.specialSecretSig);
  });
});
