// Evidence (issue 8): generated broken templates are refused by the template
// check with a TEMPLATE_* code on `bodyTemplate` — with the line and column
// where the checker gives one, inside the template — and the check never
// throws; and a template the check accepts renders valid JSON for every event
// of its kind, hostile strings included (product.md §4).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { isWebhookError, TEMPLATE_CODES, type WebhookError } from "../../../provider/errors";
import type { EventKind } from "../../../provider/model/events";
import { mockEventsOf } from "../../../provider/model/mockEvents";
import { checkTemplate, compileTemplate, renderBody } from "../../../provider/templating";
import { MAX_TEMPLATE_BYTES } from "../../../provider/templating/templateLimits";
import { getAt, jsonType, nested, pathsOf, withValueAt, type Segment } from "../../support/badInputCases";

const KINDS: readonly EventKind[] = ["audit", "request"];
const FIXTURES = join(__dirname, "../../fixtures/templates");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
/** Valid templates of each kind that the mutations start from. */
const SEEDS: Record<EventKind, string[]> = {
  audit: [fixture("audit-body.hbs"), '{"a": "{{data.action}}", "by": "{{#if data.actor_name}}{{data.actor_name}}{{else}}?{{/if}}", "m": {{{data.metadata}}} }'],
  request: [
    fixture("coralogix.hbs"),
    fixture("servicenow.hbs"),
    '{\n  "id": "{{data.id}}",\n  "who": "{{data.requester.email}}",\n  "n": {{data.access_duration_in_seconds}},\n' +
      '  "g": [{{#each data.access_groups}}{{#unless @first}},{{/unless}}"{{integration.name}}"{{/each}}]\n}',
  ],
};
/** A reference that exists in both kinds. */
const ARG = "event_type";

let cases = 0;
afterAll(() => console.log(`badTemplates: ${cases} generated templates checked`));

/** The check's answer; a throw of any kind is recorded as a problem (the check returns its errors). */
function check(template: string, kind: EventKind, bad: string[], what: string): WebhookError[] {
  cases += 1;
  try {
    return checkTemplate(template, kind);
  } catch (e) {
    bad.push(`${what}: checkTemplate threw ${isWebhookError(e) ? "a WebhookError" : String(e)}`);
    return [];
  }
}

const POSITION = /^line (\d+), column (\d+): /;

/** Problems with the shape of errors: TEMPLATE_* codes on bodyTemplate, positions inside the template. */
function shapeProblems(template: string, errors: readonly WebhookError[]): string[] {
  const out: string[] = [];
  const lines = template.split("\n");
  for (const e of errors) {
    if (!isWebhookError(e) || !(TEMPLATE_CODES as readonly string[]).includes(e.code)) out.push(`not a template error: ${String(e)}`);
    if (e.path !== "bodyTemplate") out.push(`path ${e.path}`);
    const at = POSITION.exec(e.message);
    if (at !== null) {
      const [line, column] = [Number(at[1]), Number(at[2])];
      if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length + 1) out.push(`position ${line}:${column} outside the template`);
    }
  }
  return out;
}

interface Case {
  what: string;
  template: string;
  kind: EventKind;
  code: string;
  /** The error with `code` starts with this position. */
  at?: string;
  /** Other codes that may accompany it. */
  also?: string[];
}

/** Above MAX_TEMPLATE_BYTES a template is refused for its size alone, before it is parsed. */
function sizeAware(c: Case): Case {
  return Buffer.byteLength(c.template) > MAX_TEMPLATE_BYTES ? { ...c, code: "TEMPLATE_TOO_LARGE", at: undefined, also: [] } : c;
}

function expectRefused(list: readonly Case[]): void {
  const bad: string[] = [];
  for (const c of list) {
    const errors = check(c.template, c.kind, bad, c.what);
    const p = shapeProblems(c.template, errors);
    const allowed = new Set([c.code, ...(c.also ?? [])]);
    if (errors.length === 0) p.push("accepted");
    const stray = errors.filter((e) => !allowed.has(e.code)).map((e) => `${e.code}: ${e.message.slice(0, 120)}`);
    if (stray.length > 0) p.push(`also ${stray.join(" | ")}`);
    const main = errors.find((e) => e.code === c.code);
    if (errors.length > 0 && main === undefined) p.push(`no ${c.code}`);
    if (main !== undefined && c.at !== undefined && !main.message.startsWith(`${c.at}: `)) p.push(`at ${main.message.slice(0, 60)}, wanted ${c.at}`);
    if (p.length > 0) bad.push(`${c.what} ${JSON.stringify(c.template.slice(0, 120))}: ${p.join("; ")}`);
  }
  expect(bad).toEqual([]);
}

const BLOCK_ARGS: Record<EventKind, Record<string, string>> = {
  audit: { if: "data.action", unless: "data.action", each: "data.metadata", with: "data" },
  request: { if: "data.id", unless: "data.id", each: "data.approvals", with: "data.requester" },
};

describe("broken templates are refused at check time", () => {
  it("unclosed blocks, in every helper, kind and JSON position: TEMPLATE_SYNTAX", () => {
    const shapes = [
      '{"a": "{{#H A}}in"}',
      '{"a": "{{#H A}}in{{else}}out"}',
      '{"a": "pre {{#H A}}in", "b": 1}',
      '{\n  "a": "{{#H A}}",\n  "b": 2\n}',
      '{"a": {{#H A}}1{{else}}2}',
      "[{{#H A}}1]",
      '{"a": "{{#H A}}{{#H A}}x{{/H}}"}',
      '{"a": "{{~#H A~}}x"}',
      '{"a": "{{^H A}}x"}',
    ];
    expectRefused(
      KINDS.flatMap((kind) =>
        Object.entries(BLOCK_ARGS[kind]).flatMap(([h, arg]) =>
          shapes.map((s) => ({ what: `${kind} unclosed #${h}`, template: s.replace(/H/g, h).replace(/ A/g, ` ${arg}`), kind, code: "TEMPLATE_SYNTAX" })),
        ),
      ),
    );
  });

  it("blocks closed by another name, or closes without an open: TEMPLATE_SYNTAX", () => {
    const list: Case[] = [];
    for (const kind of KINDS) {
      const args = BLOCK_ARGS[kind];
      for (const [a, argA] of Object.entries(args)) {
        list.push({ what: `${kind} stray {{/${a}}}`, template: `{"a": "x{{/${a}}}"}`, kind, code: "TEMPLATE_SYNTAX", at: "line 1, column 9" });
        list.push({ what: `${kind} stray {{/${a}}} after a value`, template: `{"a": 1}\n{{/${a}}}`, kind, code: "TEMPLATE_SYNTAX", at: "line 2, column 1" });
        for (const [b, argB] of Object.entries(args)) {
          if (a === b) continue;
          list.push({ what: `${kind} #${a} closed by /${b}`, template: `{"a": "{{#${a} ${argA}}}x{{/${b}}}"}`, kind, code: "TEMPLATE_SYNTAX" });
          list.push({
            what: `${kind} #${a} #${b} closed in the wrong order`,
            template: `{"a": "{{#${a} ${argA}}}{{#${b} ${argB}}}x{{/${a}}}{{/${b}}}"}`,
            kind,
            code: "TEMPLATE_SYNTAX",
          });
        }
      }
    }
    expectRefused(list);
  });

  it("unknown helpers (generated names), inline, as blocks, in sub-expressions and with hashes: TEMPLATE_UNKNOWN_HELPER at the call", () => {
    const reserved = ["if", "unless", "each", "with", "lookup", "else", "this", "true", "false", "null", "undefined", "as"];
    const names = fc.sample(
      fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,11}$/).filter((n) => !reserved.includes(n)),
      { numRuns: 150, seed: 8 },
    );
    const list: Case[] = [];
    for (const [i, n] of [...new Set([...names, "log", "helperMissing", "blockHelperMissing", "json", "uppercase"])].entries()) {
      const kind = KINDS[i % 2];
      list.push({ what: `inline ${n}`, template: `{"a": "{{${n} ${ARG}}}"}`, kind, code: "TEMPLATE_UNKNOWN_HELPER", at: "line 1, column 8" });
      list.push({ what: `block ${n}`, template: `{"a": "{{#${n} ${ARG}}}x{{/${n}}}"}`, kind, code: "TEMPLATE_UNKNOWN_HELPER", at: "line 1, column 8" });
      list.push({ what: `sub-expression ${n}`, template: `{"a": "{{#with (${n} ${ARG})}}x{{/with}}"}`, kind, code: "TEMPLATE_UNKNOWN_HELPER", at: "line 1, column 16" });
      list.push({ what: `hash ${n}`, template: `{\n"a": {{${n} ${ARG} 'x' k=1}} }`, kind, code: "TEMPLATE_UNKNOWN_HELPER", at: "line 2, column 6" });
      // Without arguments `{{#name}}` reads a value; as a block it is refused, and the name is checked as a field too.
      list.push({ what: `bare block ${n}`, template: `{"a": "{{#${n}}}x{{/${n}}}"}`, kind, code: "TEMPLATE_UNKNOWN_HELPER", at: "line 1, column 8", also: ["TEMPLATE_UNKNOWN_FIELD"] });
    }
    expect(list.length).toBeGreaterThanOrEqual(600);
    expectRefused(list);
  });

  it("`{{`, `{{{`, `{{#`, `{{/`, `{{>` and `{{^` inserted at every position of the seed templates: refused", () => {
    const list: Case[] = [];
    for (const kind of KINDS) {
      const seed = SEEDS[kind][kind === "audit" ? 1 : 2];
      for (const insert of ["{{", "{{{", "{{#", "{{/", "{{>", "{{^"]) {
        for (let i = 0; i <= seed.length; i++) {
          list.push({
            what: `${kind} ${insert} at ${i}`,
            template: seed.slice(0, i) + insert + seed.slice(i),
            kind,
            code: "TEMPLATE_SYNTAX",
            also: ["TEMPLATE_UNKNOWN_HELPER", "TEMPLATE_UNKNOWN_FIELD", "TEMPLATE_JSON_CONTEXT", "TEMPLATE_INVALID_JSON"],
          });
        }
      }
    }
    // Any TEMPLATE_* code will do here (a `{{>` is a partial, a `{{` may make a bad reference): what matters is the refusal.
    const bad: string[] = [];
    for (const c of list) {
      const errors = check(c.template, c.kind, bad, c.what);
      const p = shapeProblems(c.template, errors);
      if (errors.length === 0) p.push("accepted");
      if (p.length > 0) bad.push(`${c.what}: ${p.join("; ")}`);
    }
    expect(list.length).toBeGreaterThanOrEqual(1500);
    expect(bad).toEqual([]);
  });

  it("placeholders of payload fields with a typo in any segment: TEMPLATE_UNKNOWN_FIELD at the placeholder", () => {
    const list: Case[] = [];
    for (const kind of KINDS) {
      const known = new Set<string>(["id", "event_type", "event_time", "data"]);
      const paths: Segment[][] = [];
      for (const event of mockEventsOf(kind)) {
        for (const p of pathsOf(event)) {
          const hbs = hbsPath(p);
          if (!known.has(hbs)) paths.push(p);
          known.add(hbs);
        }
      }
      const normal = new Set([...known].map(anyIndex));
      for (const path of paths) {
        if (isFreeForm(path.slice(0, -1))) continue;
        path.forEach((segment, i) => {
          if (typeof segment === "number") return;
          for (const typo of typos(segment)) {
            const written = hbsPath([...path.slice(0, i), typo, ...path.slice(i + 1)]);
            if (normal.has(anyIndex(written)) || isFreeForm(path.slice(0, i))) continue;
            const template = `{"v": "{{${written}}}"}`;
            list.push({ what: `${kind} ${written}`, template, kind, code: "TEMPLATE_UNKNOWN_FIELD", at: "line 1, column 10" });
          }
        });
      }
    }
    expect(list.length).toBeGreaterThanOrEqual(500);
    expectRefused(list);
  });

  it("partials, decorators, raw blocks and broken triple-stashes, in strings and as values", () => {
    const forms: Array<[string, string]> = [
      ["{{> p}}", "TEMPLATE_UNKNOWN_HELPER"],
      ["{{> (lookup data 'x') }}", "TEMPLATE_UNKNOWN_HELPER"],
      ["{{#> layout}}x{{/layout}}", "TEMPLATE_UNKNOWN_HELPER"],
      ["{{* deco}}", "TEMPLATE_UNKNOWN_HELPER"],
      ["{{#* inline 'p'}}x{{/inline}}", "TEMPLATE_UNKNOWN_HELPER"],
      ["{{{{raw}}}}x{{{{/raw}}}}", "TEMPLATE_UNKNOWN_HELPER"],
      [`{{{${ARG}}}`, "TEMPLATE_SYNTAX"],
      [`{{{${ARG}}`, "TEMPLATE_SYNTAX"],
      [`{{${ARG}}}}`, "TEMPLATE_SYNTAX"],
      [`{{${ARG}}`, "TEMPLATE_SYNTAX"],
      ["{{}}", "TEMPLATE_SYNTAX"],
      ["{{ }}", "TEMPLATE_SYNTAX"],
      ["{{#}}x{{/}}", "TEMPLATE_SYNTAX"],
      ["{{data.[id}}", "TEMPLATE_SYNTAX"],
      [`{{${ARG}}`, "TEMPLATE_SYNTAX"],
      ["{{else}}", "TEMPLATE_SYNTAX"],
    ];
    const list: Case[] = KINDS.flatMap((kind) =>
      forms.flatMap(([form, code]) => [
        { what: `${kind} in a string`, template: `{"a": "${form}"}`, kind, code, also: ["TEMPLATE_JSON_CONTEXT"] },
        { what: `${kind} as a value`, template: `{"a": ${form} }`, kind, code, also: ["TEMPLATE_JSON_CONTEXT", "TEMPLATE_INVALID_JSON"] },
        { what: `${kind} on line 3`, template: `{\n  "b": 1,\n  "a": "${form}"\n}`, kind, code, also: ["TEMPLATE_JSON_CONTEXT"] },
      ]),
    );
    expectRefused(list);
  });

  it("#each misused: no argument, two, inline, unknown item fields, commas that break the JSON", () => {
    expectRefused([
      { what: "#each without argument", template: '{"a": "{{#each}}x{{/each}}"}', kind: "request", code: "TEMPLATE_SYNTAX", at: "line 1, column 8" },
      { what: "#each with two", template: '{"a": "{{#each data.approvals data.access_groups}}x{{/each}}"}', kind: "request", code: "TEMPLATE_SYNTAX", at: "line 1, column 8" },
      { what: "each inline", template: '{"a": "{{each data.approvals}}"}', kind: "request", code: "TEMPLATE_UNKNOWN_HELPER", at: "line 1, column 8" },
      { what: "unknown item field", template: '{"a": "{{#each data.approvals}}{{nope}}{{/each}}"}', kind: "request", code: "TEMPLATE_UNKNOWN_FIELD", at: "line 1, column 34" },
      { what: "unknown block param field", template: '{"a": "{{#each data.approvals as |a|}}{{b.name}}{{/each}}"}', kind: "request", code: "TEMPLATE_UNKNOWN_FIELD" },
      { what: "trailing comma from #each", template: '[{{#each data.approvals}}"{{name}}",{{/each}}]', kind: "request", code: "TEMPLATE_INVALID_JSON" },
      { what: "missing comma between items", template: '[{{#each data.access_groups}}"{{integration.name}}"{{/each}}]', kind: "request", code: "TEMPLATE_INVALID_JSON" },
      { what: "#each never closed", template: '{"a": [{{#each data.access_groups}}1]}', kind: "request", code: "TEMPLATE_SYNTAX" },
      { what: "#each over unknown list", template: '{"a": "{{#each data.approverz}}x{{/each}}"}', kind: "request", code: "TEMPLATE_UNKNOWN_FIELD" },
      { what: "../ above the event", template: '{"a": "{{#each data.approvals}}{{../../x}}{{/each}}"}', kind: "request", code: "TEMPLATE_UNKNOWN_FIELD" },
      { what: "#each over metadata with an else if chain unclosed", template: '{"a": "{{#each data.metadata}}{{@key}}{{else if data.action}}x"}', kind: "audit", code: "TEMPLATE_SYNTAX" },
    ]);
  });

  it("huge templates are refused for their size (TEMPLATE_TOO_LARGE), and ones just under the limit for what is wrong in them, at the right line", () => {
    for (const lines of [100_000, 2_500]) {
      const many = Array.from({ length: lines }, (_, i) => `  "k${i}": "v",`).join("\n");
      const big = lines === 100_000;
      expect(Buffer.byteLength(many) > MAX_TEMPLATE_BYTES).toBe(big);
      const x = big ? 1 << 20 : 60_000;
      const cases: Case[] = [
          { what: "a long string then a trailing comma", template: `{"a": "${"x".repeat(x)}",}`, kind: "audit", code: "TEMPLATE_INVALID_JSON" },
          { what: `${lines} lines then an unclosed block`, template: `{\n${many}\n  "z": "{{#if ${ARG}}}"\n}`, kind: "audit", code: "TEMPLATE_SYNTAX", at: `line ${lines + 3}, column 2` },
          { what: `${lines} lines then an unknown helper`, template: `{\n${many}\n  "z": "{{shout ${ARG}}}"\n}`, kind: "request", code: "TEMPLATE_UNKNOWN_HELPER", at: `line ${lines + 2}, column 9` },
          { what: `${lines} lines then an unknown field`, template: `{\n${many}\n  "z": "{{data.nope}}"\n}`, kind: "request", code: "TEMPLATE_UNKNOWN_FIELD", at: `line ${lines + 2}, column 11` },
          { what: "a long unterminated string", template: `{"a": "${"y".repeat(2 * x)}}`, kind: "request", code: "TEMPLATE_INVALID_JSON" },
      ];
      expectRefused(cases.map(sizeAware));
    }
  });

  it("blocks, else-if chains and sub-expressions nested beyond 64 levels: TEMPLATE_SYNTAX at the first level too deep, quickly", () => {
    const list: Case[] = [];
    for (const depth of [65, 1_000, 10_000, 100_000]) {
      for (const kind of KINDS) {
        for (const h of ["if", "unless"]) {
          const open = `{{#${h} ${ARG}}}`;
          list.push({
            what: `${depth} nested #${h}`,
            template: `{"a": "${open.repeat(depth)}x${`{{/${h}}}`.repeat(depth)}"}`,
            kind,
            code: "TEMPLATE_SYNTAX",
            at: `line 1, column ${8 + 64 * open.length}`,
          });
        }
        list.push({
          what: `${depth} unclosed #with`,
          template: `{"a": "${"{{#with data}}".repeat(depth)}`,
          kind,
          code: "TEMPLATE_SYNTAX",
          at: `line 1, column ${8 + 64 * "{{#with data}}".length}`,
        });
        list.push({
          what: `else-if chain of ${depth}`,
          template: `{"a": "{{#if ${ARG}}}a${`{{else if ${ARG}}}b`.repeat(depth)}{{/if}}"}`,
          kind,
          code: "TEMPLATE_SYNTAX",
          at: `line 1, column ${8 + `{{#if ${ARG}}}a`.length + 63 * `{{else if ${ARG}}}b`.length}`,
        });
        list.push({
          what: `${depth} nested sub-expressions`,
          template: `{"a": "{{lookup ${"(lookup ".repeat(depth)}data${" 'x')".repeat(depth)} 'y'}}"}`,
          kind,
          code: "TEMPLATE_SYNTAX",
          at: "line 1, column 8",
        });
      }
    }
    // Closes hidden where Handlebars does not see them (comments, raw blocks) do not hide the nesting.
    for (const unit of [`{{#if ${ARG}}}{{!-- {{/if}} --}}`, `{{#if ${ARG}}}{{~! {{/if}} ~}}`, `{{#if ${ARG}}}{{{{raw}}}}{{/if}}{{{{/raw}}}}`]) {
      for (const depth of [65, 10_000]) {
        const template = `{"a": "${unit.repeat(depth)}x${"{{/if}}".repeat(depth)}"}`;
        list.push({ what: `${depth} × ${unit}`, template, kind: "request", code: "TEMPLATE_SYNTAX", at: `line 1, column ${8 + 64 * unit.length}` });
      }
    }
    const started = Date.now();
    expectRefused(list.map(sizeAware));
    // Not a timing assertion on the product: a guard against the quadratic parse (10,000 levels took minutes).
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("exactly 64 nested blocks are accepted and 65 refused, for every depth from 1 to 130", () => {
    const bad: string[] = [];
    for (let depth = 1; depth <= 130; depth++) {
      const h = depth % 2 === 0 ? "if" : "unless";
      const template = `{"a": "${`{{#${h} ${ARG}}}`.repeat(depth)}x${`{{/${h}}}`.repeat(depth)}"}`;
      const errors = check(template, "request", bad, `depth ${depth}`);
      const refused = errors.length === 1 && errors[0].code === "TEMPLATE_SYNTAX" && errors[0].message.includes("nest more than 64 levels");
      if (depth <= 64 ? errors.length > 0 : !refused) bad.push(`depth ${depth}: ${errors.map((e) => e.message).join(" | ") || "accepted"}`);
    }
    expect(bad).toEqual([]);
  });

  it("literal JSON nested as deep as MAX_TEMPLATE_BYTES allows (30,000 arrays, 10,000 objects) is valid JSON: accepted, not a crash; unclosed, it is TEMPLATE_INVALID_JSON", () => {
    const bad: string[] = [];
    for (const open of ["[", "{"] as const) {
      const depth = open === "[" ? 30_000 : 10_000;
      expect(Buffer.byteLength(`{"a": ${nested(open, depth)}}`)).toBeLessThanOrEqual(MAX_TEMPLATE_BYTES);
      expect(check(`{"a": ${nested(open, depth)}}`, "audit", bad, `${open} closed`)).toEqual([]);
      const unclosed = check(`{"a": ${nested(open, depth, "1", false)}}`, "audit", bad, `${open} unclosed`);
      expect(unclosed.map((e) => e.code)).toEqual(["TEMPLATE_INVALID_JSON"]);
    }
    expect(bad).toEqual([]);
  });
});

describe("what the check accepts renders valid JSON; what does not render valid JSON the check refuses", () => {
  it("every structural character of the seeds deleted: the check agrees with rendering every mock event", () => {
    const bad: string[] = [];
    let refused = 0;
    let deletions = 0;
    for (const kind of KINDS) {
      for (const seed of SEEDS[kind]) {
        const outside = outsideMustaches(seed);
        for (let i = 0; i < seed.length; i++) {
          if (!outside[i] || !/[{}[\],:"\\]/.test(seed[i])) continue;
          const template = seed.slice(0, i) + seed.slice(i + 1);
          deletions += 1;
          const errors = check(template, kind, bad, `${kind} delete ${i}`);
          const p = [...shapeProblems(template, errors), ...agreesWithRendering(template, kind, errors)];
          if (errors.length > 0) refused += 1;
          if (p.length > 0) bad.push(`${kind} deleting ${JSON.stringify(seed[i])} at ${i}: ${p.join("; ")}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(deletions).toBeGreaterThanOrEqual(450);
    // All but a few deletions break the JSON.
    expect(refused).toBeGreaterThanOrEqual(450);
  });

  it("generated JSON with one character deleted or inserted: refused with TEMPLATE_INVALID_JSON exactly when it is not JSON", () => {
    const bad: string[] = [];
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom("", "{", "}", "[", "]", ",", ":", '"', "\\", "x", "0", " "), (json, at, insert) => {
        const i = at % (json.length + 1);
        const template = insert === "" ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + insert + json.slice(i);
        if (template.trim() === "" || template.includes("{{")) return;
        const errors = check(template, "request", bad, "json");
        let isJson = true;
        try {
          JSON.parse(template);
        } catch {
          isJson = false;
        }
        const codes = errors.map((e) => e.code);
        if (isJson) accepted += 1;
        else refused += 1;
        if (isJson ? codes.length > 0 : codes.join() !== "TEMPLATE_INVALID_JSON") {
          bad.push(`${JSON.stringify(template).slice(0, 200)}: JSON.parse ${isJson ? "accepts" : "refuses"}, check gave [${codes.join(", ")}]`);
        }
      }),
      { numRuns: 2000, seed: 8 },
    );
    expect(bad).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(500);
    expect(accepted).toBeGreaterThanOrEqual(100);
  });

  it("property: for any generated template, the check never throws, and an accepted one renders JSON for every mock and hostile event", () => {
    const bad: string[] = [];
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(structuredTemplate, mutatedTemplate, tokenSoup), (template) => {
        const errors = check(template, "request", bad, "generated");
        if (errors.length > 0) {
          const p = shapeProblems(template, errors);
          if (p.length > 0) bad.push(`${JSON.stringify(template)}: ${p.join("; ")}`);
          return;
        }
        if (template.trim() === "") return;
        accepted += 1;
        const compiled = compileTemplate(template);
        for (const event of [...mockEventsOf("request"), ...HOSTILE]) {
          try {
            JSON.parse(renderBody(compiled, event));
          } catch (e) {
            bad.push(`${JSON.stringify(template)} accepted but rendering ${String((event as { event_type: string }).event_type)} failed: ${(e as Error).message}`);
          }
        }
      }),
      { numRuns: 3000, seed: 8 },
    );
    expect(bad).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(300);
  });

  it(`ran at least 5,000 generated templates`, () => {
    expect(cases).toBeGreaterThanOrEqual(5000);
  });
});

// ---- helpers ----------------------------------------------------------------------------------------------

function hbsPath(path: readonly Segment[]): string {
  return path.map((s) => (typeof s === "number" ? `[${s}]` : s)).join(".");
}
const anyIndex = (p: string) => p.replace(/\[\d+\]/g, "[*]");
const FREE_FORM = ["custom_fields", "metadata", "current_target_object", "previous_target_object"];
const isFreeForm = (path: readonly Segment[]) => path.length >= 2 && path[0] === "data" && FREE_FORM.includes(String(path[1]));

function typos(name: string): string[] {
  const out = new Set([`${name}x`, name.length > 1 ? name.slice(0, -1) : `${name}${name}`, name[0] === name[0].toUpperCase() ? name.toLowerCase() : name[0].toUpperCase() + name.slice(1)]);
  if (name.length > 1 && name[0] !== name[1]) out.add(name[1] + name[0] + name.slice(2));
  out.delete(name);
  return [...out];
}

/** For each index of `source`, whether it is outside every `{{…}}`. */
function outsideMustaches(source: string): boolean[] {
  const out = Array.from({ length: source.length }, () => true);
  for (const m of source.matchAll(/\{\{[\s\S]*?\}\}\}?/g)) for (let i = m.index; i < m.index + m[0].length; i++) out[i] = false;
  return out;
}

/**
 * The check and rendering agree: a template that compiles and renders invalid JSON for some mock event is
 * refused with TEMPLATE_INVALID_JSON, one that renders valid JSON for all is not; one that does not compile is
 * refused with the error compile reports.
 */
function agreesWithRendering(template: string, kind: EventKind, errors: readonly WebhookError[]): string[] {
  let compiled;
  try {
    compiled = compileTemplate(template);
  } catch (e) {
    if (!isWebhookError(e)) return [`compileTemplate threw ${String(e)}`];
    return errors.some((x) => x.code === e.code && x.message === e.message) ? [] : [`compile says ${e.code}, check [${errors.map((x) => x.code).join(", ")}]`];
  }
  const invalid = mockEventsOf(kind).some((event) => {
    try {
      JSON.parse(renderBody(compiled, event));
      return false;
    } catch {
      return true;
    }
  });
  const said = errors.some((e) => e.code === "TEMPLATE_INVALID_JSON");
  return invalid === said ? [] : [`renders ${invalid ? "invalid" : "valid"} JSON, check [${errors.map((e) => e.code).join(", ")}]`];
}

/** Request events whose every string is hostile to JSON and to Handlebars. */
const HOSTILE = ['"', "\\", '\\"', "\n\r\t\u0000\u2028", "</script>{{x}}{{{y}}}", "\ud800", "😀\"}]"].map((s) => {
  let event: unknown = mockEventsOf("request")[6];
  for (const p of pathsOf(event)) if (jsonType(getAt(event, p)) === "string" && p[0] !== "event_type") event = withValueAt(event, p, s);
  return event;
});

const LEAVES = [
  '"{{data.id}}"',
  "{{data.access_duration_in_seconds}}",
  "{{{data.custom_fields}}}",
  "{{data.approvals}}",
  '"{{data.requester.email}}"',
  '"{{{data.access_groups}}}"',
  "1",
  "true",
  "null",
  '"x"',
  '"{{#if data.justification}}{{data.justification}}{{else}}none{{/if}}"',
  '[{{#each data.approvals}}{{#unless @first}},{{/unless}}"{{name}}"{{/each}}]',
  '"{\\"j\\": \\"{{data.justification}}\\", \\"n\\": {{data.access_duration_in_seconds}} }"',
];
const { value: jsonValue } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...LEAVES),
    fc.array(tie("value"), { maxLength: 3 }).map((a) => `[${a.join(", ")}]`),
    fc
      .array(fc.tuple(fc.constantFrom('"a"', '"b"', '"{{event_type}}"', '"k {{data.id}}"'), tie("value")), { maxLength: 3 })
      .map((fields) => `{${fields.map(([k, v]) => `${k}: ${v}`).join(", ")} }`),
  ),
}));
const structuredTemplate = jsonValue;
const TOKENS = ["{", "}", "[", "]", ",", ":", '"', " ", "\n", "\\", "{{", "}}", "{{/if}}", "{{else}}", "{{#if data.id}}", "{{/each}}", "{{#each data.approvals}}", "{{name}}", ...LEAVES];
const mutatedTemplate = fc
  .tuple(jsonValue, fc.nat(), fc.constantFrom(...TOKENS, ""))
  .map(([t, at, token]) => {
    const i = at % (t.length + 1);
    return token === "" ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + token + t.slice(i);
  });
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((t) => t.join(""));
