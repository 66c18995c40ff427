// Registry-style pages of the Terraform/OpenTofu provider (docs/terraform/resources/*.md,
// docs/terraform/data-sources/*.md), rendered from the same schema the Go provider
// serves (provider/terraform/tfSchema.ts, from schema.json), so every attribute is listed
// with its description. `make terraform-docs` rewrites them; a contract test compares.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tfSchema, type TfAttr, type TfAttrs } from "../provider/terraform/tfSchema";

interface Page {
  file: string;
  name: string;
  category: "Resource" | "Data Source";
  summary: string;
  example: string;
  importable: boolean;
}

const TYPE_NAMES: Record<TfAttr["type"], string> = {
  string: "String",
  bool: "Boolean",
  int: "Number",
  map_string: "Map of String",
  list_string: "List of String",
  object: "Attributes",
  list_object: "Attributes List",
};

export const PAGES: readonly Page[] = [
  {
    file: "resources/audit_webhook.md",
    name: "webhooks_audit_webhook",
    category: "Resource",
    summary: "An audit webhook: every audit event of the runtime, rendered with body_template and sent to url. Create and update run the Test invocation first (a real call with mock data); a failed test registers nothing.",
    example: `resource "webhooks_audit_webhook" "coralogix" {
  name          = "coralogix audit"
  url           = "https://ingress.coralogix.example/logs/v1/singles"
  headers       = { "X-Api-Key" = var.coralogix_api_key }
  body_template = jsonencode({ applicationName = "apono", text = "{{event_type}} {{data.action}}" })
  response_validators = [
    { json_path = "$.status", expected_values = ["200", "202"] },
  ]
}`,
    importable: true,
  },
  {
    file: "resources/request_webhook.md",
    name: "webhooks_request_webhook",
    category: "Resource",
    summary: "An access-request webhook: the access-request events of its triggers (narrowed by filters), rendered with body_template and sent to url. Create and update run the Test invocation first; a failed test registers nothing.",
    example: `resource "webhooks_request_webhook" "slack" {
  name           = "slack access requests"
  url            = "https://slack.example/api/chat.postMessage"
  triggers       = ["RequestGranted", "RequestExpired"]
  authentication = { type = "bearer", token = var.slack_bot_token }
  body_template  = jsonencode({ channel = "#access", text = "{{data.requester.email}}: {{event_type}}" })
  filters        = { integration_types = ["postgresql"] }
}`,
    importable: true,
  },
  {
    file: "data-sources/webhook.md",
    name: "webhooks_webhook",
    category: "Data Source",
    summary: "Looks up one webhook registered with the provider's runtime, by id or by name (give exactly one). Secret values (tokens, client secrets, header values, URL query values) are masked as ****.",
    example: `data "webhooks_webhook" "coralogix" {
  name = "coralogix audit"
}

output "coralogix_version" {
  value = data.webhooks_webhook.coralogix.version
}`,
    importable: false,
  },
];

const anchor = (path: string) => `nestedatt--${path.replace(/\./g, "--")}`;

function line(name: string, attr: TfAttr, path: string): string {
  const nested = attr.attributes === undefined ? "" : ` (see [below for nested schema](#${anchor(path)}))`;
  return `- \`${name}\` (${TYPE_NAMES[attr.type]}${attr.sensitive === true ? ", Sensitive" : ""}) ${attr.description}${nested}`;
}

function groups(attrs: TfAttrs, path: string, nested: string[]): string {
  const sections: Array<[string, (a: TfAttr) => boolean]> = [
    ["Required", (a) => a.required === true],
    ["Optional", (a) => a.optional === true],
    ["Read-Only", (a) => a.computed === true && a.optional !== true],
  ];
  const out: string[] = [];
  for (const [title, pick] of sections) {
    const names = Object.keys(attrs).filter((n) => pick(attrs[n])).sort();
    if (names.length === 0) continue;
    out.push(`### ${title}`, "", ...names.map((n) => line(n, attrs[n], path === "" ? n : `${path}.${n}`)), "");
  }
  for (const [n, a] of Object.entries(attrs).sort(([x], [y]) => x.localeCompare(y))) {
    if (a.attributes === undefined) continue;
    const p = path === "" ? n : `${path}.${n}`;
    nested.push(`<a id="${anchor(p)}"></a>\n### Nested Schema for \`${p}\`\n\n${groups(a.attributes, p, nested)}`);
  }
  return out.join("\n");
}

export function renderPage(page: Page): string {
  const schema = tfSchema();
  const attrs = page.category === "Resource" ? schema.resources[page.name] : schema.data_sources[page.name];
  const nested: string[] = [];
  const body = groups(attrs, "", nested);
  const importSection = page.importable
    ? [
        "## Import",
        "",
        "By the webhook id (`wh_…`; `GET /v1/webhooks` or `webhooks webhooks list` shows it). Fields the runtime holds at their",
        "default stay unset; secret values come back masked (`****`), so the next apply writes the configuration's.",
        "",
        "```terraform",
        "import {",
        `  to = ${page.name}.example`,
        '  id = "wh_0f9d…"',
        "}",
        "```",
        "",
        "```shell",
        `tofu import ${page.name}.example wh_0f9d…`,
        "```",
        "",
      ]
    : [];
  return [
    "---",
    `page_title: "${page.name} ${page.category} - webhooks"`,
    'subcategory: ""',
    "description: |-",
    `  ${page.summary}`,
    "---",
    "",
    "<!-- GENERATED by scripts/terraformDocs.ts from the provider's schema (schema.json): make terraform-docs -->",
    "",
    `# ${page.name} (${page.category})`,
    "",
    page.summary,
    "",
    "## Example Usage",
    "",
    "```terraform",
    page.example,
    "```",
    "",
    "## Schema",
    "",
    body,
    ...nested,
    ...importSection,
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()
    .concat("\n");
}

export const DOCS_DIR = join(__dirname, "..", "..", "docs", "terraform");

if (require.main === module) {
  for (const page of PAGES) writeFileSync(join(process.argv[2] ?? DOCS_DIR, page.file), renderPage(page));
}
