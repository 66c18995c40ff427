// The generated SDKs (tools/sdkgen, committed under sdk/python, sdk/go/webhooks,
// sdk/nodejs-native) agree with the zod model and schema.json: the same inputs
// per resource, the same required ones, the same secret outputs, the same
// plugin version. A field added to the model and schema.json without `make sdk`
// fails here; the byte-level drift check is test/integration/sdk/sdkgen.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EventKind } from "../../../provider/model/events";
import { SECRET_FIELD_PATHS, WEBHOOK_FIELDS } from "../../../provider/model/webhookConfig";
import schema from "../../../schema.json";
import packageJson from "../../../package.json";

const ROOT = join(__dirname, "../../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const sorted = (xs: Iterable<string>) => [...xs].sort();
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const NAMES: Record<EventKind, { ts: string; py: string; go: string }> = {
  audit: { ts: "AuditWebhook", py: "audit_webhook", go: "auditWebhook" },
  request: { ts: "RequestWebhook", py: "request_webhook", go: "requestWebhook" },
};
const resources = schema.resources as unknown as Record<string, { requiredInputs: string[] }>;

/** The text between `start` and the first `end` after it. */
function block(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`generated code has no "${start}"`);
  return text.slice(from, text.indexOf(end, from + start.length));
}

/** `{field: required?}` of the Args type in each generated language. */
function nodeArgs(kind: EventKind): Record<string, boolean> {
  const body = block(read(`sdk/nodejs-native/${NAMES[kind].go}.ts`), `export interface ${NAMES[kind].ts}Args {`, "\n}");
  return Object.fromEntries([...body.matchAll(/^ {4}(\w+)(\??): /gm)].map((m) => [m[1], m[2] !== "?"]));
}
function pythonArgs(kind: EventKind): Record<string, boolean> {
  const body = block(read(`sdk/python/pulumi_webhooks/${NAMES[kind].py}.py`), `class ${NAMES[kind].ts}Args:`, "):\n");
  return Object.fromEntries([...body.matchAll(/^ {17}(\w+): [^\n]*?( = None)?,?$/gm)].map((m) => [m[1], m[2] === undefined]));
}
function goArgs(kind: EventKind): Record<string, boolean> {
  const body = block(read(`sdk/go/webhooks/${NAMES[kind].go}.go`), `type ${NAMES[kind].go}Args struct {`, "\n}");
  // A required scalar is a value (string), an optional one a pointer; slices and maps say nothing either way.
  return Object.fromEntries([...body.matchAll(/^\t\w+ (\S+) `pulumi:"(\w+)"`/gm)].map((m) => [m[2], !/^[*[]|^map/.test(m[1])]));
}

describe.each(["audit", "request"] as const)("the generated SDKs' %s webhook", (kind) => {
  const fields = sorted(WEBHOOK_FIELDS[kind]);
  const required = sorted(resources[`webhooks:index:${NAMES[kind].ts}`].requiredInputs);

  it("Node.js: one Args property per model field, required exactly as schema.json", () => {
    const args = nodeArgs(kind);
    expect(sorted(Object.keys(args))).toEqual(fields);
    expect(sorted(Object.keys(args).filter((k) => args[k]))).toEqual(required);
  });

  it("Python: one snake_case keyword per model field, required exactly as schema.json", () => {
    const args = pythonArgs(kind);
    expect(sorted(Object.keys(args))).toEqual(sorted(fields.map(snake)));
    expect(sorted(Object.keys(args).filter((k) => args[k]))).toEqual(sorted(required.map(snake)));
  });

  it("Go: one struct field per model field, required scalars as values", () => {
    const args = goArgs(kind);
    expect(sorted(Object.keys(args))).toEqual(fields);
    const scalarRequired = required.filter((f) => f !== "triggers");
    expect(scalarRequired.every((f) => args[f])).toBe(true);
  });

  it("every SDK marks the model's secret fields as secret outputs", () => {
    // A whole top-level field (or every value of a map field) is a secret output; nested secrets ride inside their object.
    const whole = SECRET_FIELD_PATHS.filter((p) => !p.includes(".") || p.endsWith(".*")).map((p) => p.split(".")[0]);
    const secretTop = sorted(whole.filter((f) => fields.includes(f)));
    const list = (text: string, re: RegExp) => sorted((re.exec(text)?.[1] ?? "").match(/"(\w+)"/g)?.map((s) => s.slice(1, -1)) ?? []);
    expect(list(read(`sdk/nodejs-native/${NAMES[kind].go}.ts`), /additionalSecretOutputs: \[([^\]]*)\]/)).toEqual(secretTop);
    expect(list(read(`sdk/python/pulumi_webhooks/${NAMES[kind].py}.py`), /additional_secret_outputs=\[([^\]]*)\]/)).toEqual(secretTop);
    expect(list(read(`sdk/go/webhooks/${NAMES[kind].go}.go`), /AdditionalSecretOutputs\(\[\]string\{([^}]*)\}/)).toEqual(secretTop);
  });
});

describe("the generated SDKs ask the engine for this plugin", () => {
  it.each(["sdk/python/pulumi_webhooks/pulumi-plugin.json", "sdk/go/webhooks/pulumi-plugin.json"])("%s names webhooks at the package version", (path) => {
    expect(JSON.parse(read(path))).toEqual({ resource: true, name: "webhooks", version: packageJson.version });
  });

  it("sdk/nodejs-native/package.json is pulumi-webhooks-native at the package version, for plugin webhooks", () => {
    const pkg = JSON.parse(read("sdk/nodejs-native/package.json")) as { name: string; version: string; pulumi: unknown };
    expect(pkg.name).toBe("pulumi-webhooks-native");
    expect(pkg.version).toBe(schema.version);
    expect(pkg.pulumi).toEqual({ resource: true, name: "webhooks", version: packageJson.version });
  });

  it("Python's pyproject and the Go module carry the names the docs give", () => {
    expect(read("sdk/python/pyproject.toml")).toMatch(/name = "pulumi_webhooks"[\s\S]*version = "0\.1\.0"/);
    expect(read("sdk/go/webhooks/go.mod")).toMatch(/^module github\.com\/pulumi-webhooks\/pulumi-webhooks\/sdk\/go\/webhooks$/m);
  });
});
