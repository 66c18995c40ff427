// docs/reference/*.md: one page per resource and function, each with examples in
// TypeScript, Python, Go and YAML and the Import and Lookup sections; the examples
// of the resources and the provider name only properties schema.json has, in each
// language's spelling (camelCase, snake_case kwargs, Go's PascalCase fields), and
// only trigger values it lists. A property renamed in the schema and not in the
// pages, or a typo in an example, fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDataText } from "../../../provider/io/readDataFile";
import schema from "../../../schema.json";

interface Spec {
  inputProperties?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  enum?: Array<{ value: string }>;
}

const dir = join(__dirname, "../../../docs/reference");
const PAGES = ["auditwebhook", "requestwebhook", "provider", "getwebhook", "testwebhook"] as const;
const LANGUAGES = [
  ["TypeScript", "ts"],
  ["Python", "python"],
  ["Go", "go"],
  ["YAML", "yaml"],
] as const;
const read = (page: string) => readFileSync(join(dir, `${page}.md`), "utf8");

const resources = schema.resources as unknown as Record<string, Spec>;
const types = schema.types as unknown as Record<string, Spec>;
const providerInputs = Object.keys(schema.config.variables);
/** Every input name of the resources, their object types and the provider: what an example may set. */
const inputNames = new Set([
  ...Object.values(resources).flatMap((r) => Object.keys(r.inputProperties ?? {})),
  ...Object.values(types).flatMap((t) => Object.keys(t.properties ?? {})),
  ...providerInputs,
]);
const triggers = (types["webhooks:index:RequestTrigger"].enum ?? []).map((e) => e.value);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(doc: string, heading: string): string {
  const lines = doc.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) return "";
  const level = heading.indexOf(" ");
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(" ") <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

const fences = (text: string, lang: string): string[] =>
  [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

/** The code with the contents of every string literal removed, so keys inside templates and URLs do not count. */
const withoutStrings = (code: string): string => code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`/g, '""');

/** The text of each call or literal that starts where `opener` matches, up to its matching bracket. */
function balanced(code: string, opener: RegExp): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(new RegExp(opener.source, "g"))) {
    let depth = 0;
    const from = (m.index ?? 0) + m[0].length - 1;
    for (let i = from; i < code.length; i++) {
      if ("([{".includes(code[i])) depth++;
      if (")]}".includes(code[i]) && --depth === 0) {
        out.push(code.slice(from, i + 1));
        break;
      }
    }
  }
  return out;
}

const keys = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);

describe.each(PAGES)("docs/reference/%s.md", (page) => {
  const doc = read(page);
  const blocks = (lang: string) => fences(doc, lang).map(withoutStrings);

  it("has an example in each language, an Import and a Lookup section", () => {
    const examples = section(doc, "## Example usage");
    for (const [heading, lang] of LANGUAGES) expect({ heading, blocks: fences(section(examples, `### ${heading}`), lang).length }).toEqual({ heading, blocks: 1 });
    expect(section(doc, "## Import").trim()).not.toBe("");
    expect(section(doc, "## Lookup").trim()).not.toBe("");
  });

  it("YAML examples parse, and their webhooks resources and provider set only schema inputs", () => {
    for (const text of fences(doc, "yaml")) {
      const program = parseDataText(text, `${page}.md`) as { resources?: Record<string, { type: string; properties?: Record<string, unknown>; get?: object }> };
      for (const [name, r] of Object.entries(program.resources ?? {})) {
        const allowed = r.type === "pulumi:providers:webhooks" ? providerInputs : Object.keys(resources[r.type]?.inputProperties ?? {});
        expect({ name, type: r.type, known: r.type in resources || r.type === "pulumi:providers:webhooks" }).toEqual({ name, type: r.type, known: true });
        for (const key of Object.keys(r.properties ?? {})) expect({ name, key, allowed: allowed.includes(key) }).toEqual({ name, key, allowed: true });
        if (r.get !== undefined) expect(Object.keys(r.get)).toEqual(["id"]);
        const given = JSON.stringify(r.properties ?? {});
        for (const t of [...given.matchAll(/"triggers":\[([^\]]*)\]/g)].flatMap((m) => JSON.parse(`[${m[1]}]`) as string[])) expect(triggers).toContain(t);
      }
    }
  });

  it("TypeScript, Python and Go examples set only schema inputs, in each language's spelling", () => {
    const ts = blocks("ts").flatMap((c) => balanced(c, /new (?:AuditWebhook|RequestWebhook|Provider)\(/));
    const allowedTs = new Set([...inputNames, "provider"]);
    for (const key of ts.flatMap((c) => keys(c, /([A-Za-z_]\w*)\s*:/g))) expect({ ts: key, allowed: allowedTs.has(key) }).toEqual({ ts: key, allowed: true });

    const py = blocks("python").flatMap((c) => balanced(c, /webhooks\.(?:AuditWebhook|RequestWebhook|Provider|\w+Args)\(/));
    const allowedPy = new Set([...[...inputNames].map(snake), "opts", "provider"]);
    for (const key of py.flatMap((c) => keys(c, /([a-z_]\w*)=/g))) expect({ python: key, allowed: allowedPy.has(key) }).toEqual({ python: key, allowed: true });

    const go = blocks("go").flatMap((c) => balanced(c, /&webhooks\.(?:AuditWebhook|RequestWebhook|Provider|Authentication|RequestFilters|ResponseValidator)Args\{/));
    const allowedGo = new Set([...inputNames].map(pascal));
    for (const key of go.flatMap((c) => keys(c, /([A-Z]\w*):/g))) expect({ go: key, allowed: allowedGo.has(key) }).toEqual({ go: key, allowed: true });

    const tsTriggers = fences(doc, "ts").flatMap((c) => keys(c, /triggers: \[([^\]]*)\]/g)).flatMap((list) => keys(list, /"(\w+)"/g));
    for (const t of tsTriggers) expect(triggers).toContain(t);
    for (const v of blocks("python").flatMap((c) => keys(c, /RequestTrigger\.([A-Z_]+)/g))) expect(triggers.map((t) => snake(t).slice(1).toUpperCase())).toContain(v);
    for (const v of blocks("go").flatMap((c) => keys(c, /webhooks\.RequestTrigger(\w+)/g)).filter((v) => v !== "Array")) expect(triggers).toContain(v);
  });
});
