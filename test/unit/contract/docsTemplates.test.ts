// The target-system examples of docs/templates.md are real: each one is a file
// in examples/configs/targets/ that passes the offline check, renders valid
// JSON at every nesting level (with the RequestGranted mock and with hostile
// strings), and is embedded in the doc verbatim, so the two cannot drift.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkWebhook } from "../../../provider/check/checkWebhook";
import { readDataFile } from "../../../provider/io/readDataFile";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { compileTemplate, renderBody } from "../../../provider/templating";

const root = join(__dirname, "../../..");
const targetsDir = join(root, "examples/configs/targets");
const doc = readFileSync(join(root, "docs/templates.md"), "utf8");

interface TargetConfig {
  kind: string;
  url: string;
  bodyTemplate: string;
}

/** Parses the body, then every string in it that holds JSON, at every level; throws when one does not parse. */
function parseDeep(text: string): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return /^\s*[[{]/.test(v) ? walk(JSON.parse(v)) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(JSON.parse(text));
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === "object" && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

const at = (v: unknown, path: Array<string | number>): unknown =>
  path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v);

// [file, a field of the parsed body (inner JSON parsed), its value for the RequestGranted mock]
const TARGETS: Array<[string, Array<string | number>, unknown]> = [
  ["coralogix.yaml", ["integration_type_fields", "access_groups_integration_type"], "postgresql"],
  ["datadog.yaml", [0, "message", "requester_email"], "dana.levi@acme.example"],
  ["jira.yaml", ["fields", "summary"], "Apono RequestGranted AR-5127: Dana Levi"],
  ["logzio.yaml", ["message", "friendly_id"], "AR-5127"],
  ["okta-workflows.yaml", ["fields", "resource type"], "Database"],
  ["servicenow.yaml", ["description", "justification"], "Investigate stuck payouts job, INC-2291"],
  ["slack.yaml", ["text"], "RequestGranted: Dana Levi asked for payments-prod-pg (AR-5127)"],
  ["splunk.yaml", ["fields", "requester"], "dana.levi@acme.example"],
  ["teams.yaml", ["attachments", 0, "content", "body", 0, "text"], "New RequestGranted from Dana Levi"],
  ["torq.yaml", ["body", "event"], "New Apono RequestGranted request made by Dana Levi"],
];

it("has one example file per target system of the spec's guides", () => {
  const files = readdirSync(targetsDir).filter((f) => f.endsWith(".yaml"));
  expect(files.sort()).toEqual(TARGETS.map(([f]) => f).sort());
});

describe.each(TARGETS)("examples/configs/targets/%s", (file, path, expected) => {
  const text = readFileSync(join(targetsDir, file), "utf8");
  const config = readDataFile(join(targetsDir, file)) as TargetConfig;

  it("is a request webhook that passes the offline check", () => {
    expect(config.kind).toBe("request");
    const result = checkWebhook(config);
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message} (${e.code})`)).toEqual([]);
  });

  it("sends to https on the default port", () => {
    const url = new URL(config.url);
    expect(url.protocol).toBe("https:");
    expect(url.port).toBe("");
  });

  it("renders the RequestGranted mock to JSON that parses at every level", () => {
    const body = renderBody(compileTemplate(config.bodyTemplate), mockRequestEvent("RequestGranted"));
    expect(at(parseDeep(body), path)).toEqual(expected);
  });

  it("keeps hostile strings intact at every level", () => {
    const hostile = `a "quoted" \\ back\nslash </script> {{x}} \u2028 \\" end`;
    const event = mockRequestEvent("RequestGranted");
    event.data.justification = hostile;
    event.data.requester.name = hostile;
    event.data.requester.email = hostile;
    event.data.friendly_id = hostile;
    event.data.access_groups[0].integration!.name = hostile;
    const parsed = parseDeep(renderBody(compileTemplate(config.bodyTemplate), event));
    expect(strings(parsed).some((s) => s.includes(hostile))).toBe(true);
  });

  it("is embedded in docs/templates.md verbatim, template included", () => {
    expect(doc).toContain("```yaml\n" + text + "```");
    // The block scalar of the file, as YAML indents it under `bodyTemplate: |`.
    const indented = config.bodyTemplate.trimEnd().split("\n").map((l) => (l === "" ? "" : `  ${l}`)).join("\n");
    expect(doc).toContain(`bodyTemplate: |\n${indented}\n`);
  });
});

it("documents the escaping examples as the engine renders them", () => {
  const granted = mockRequestEvent("RequestGranted");
  const render = (t: string) => compileTemplate(t).render(granted);
  const cases: Array<[string, string]> = [
    ['{"v": {{data.requester.name}} }', '{"v": "Dana Levi" }'],
    ['{"v": {{data.requester}} }', '{"v": {"id":"usr_7Qm2xZ","name":"Dana Levi","email":"dana.levi@acme.example"} }'],
    ['{"t": "[prod] {{data.friendly_id}} by {{data.requester.name}}"}', '{"t": "[prod] AR-5127 by Dana Levi"}'],
  ];
  for (const [template, output] of cases) {
    expect(doc).toContain(`| \`${template}\` | \`${output}\``);
    expect(render(template)).toBe(output);
  }
  const hostile = { data: { justification: `say "hi"\\` } };
  expect(compileTemplate('{"j": "{{data.justification}}"}').render(hostile)).toBe(`{"j": "say \\"hi\\"\\\\"}`);
  expect(doc).toContain("depth 1 renders `say \\\"hi\\\"\\\\`");
  expect(compileTemplate('{"m": "{\\"j\\": \\"{{data.justification}}\\"}"}').render(hostile)).toBe(
    `{"m": "{\\"j\\": \\"say \\\\\\"hi\\\\\\"\\\\\\\\\\"}"}`,
  );
  expect(doc).toContain("depth 2 renders\n`say \\\\\\\"hi\\\\\\\"\\\\\\\\`");
});
