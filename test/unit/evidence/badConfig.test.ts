// Evidence (issue 8): generated bad webhook configs, covering every field of
// both kinds, are refused offline with the expected code at the field's path
// by every entry point — validateWebhookConfig, checkWebhook (what `webhooks
// validate` and the runtime's registration API run), the provider's `check`,
// and a sample through the built `webhooks validate` binary — and no message
// ever holds a secret value of the config.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkWebhook } from "../../../provider/check/checkWebhook";
import { CONFIG_CODES, TEMPLATE_CODES, type WebhookError } from "../../../provider/errors";
import type { EventKind } from "../../../provider/model/events";
import { validateWebhookConfig } from "../../../provider/model/validateConfig";
import { AUTH_FIELDS, FILTER_FIELDS, VALIDATOR_FIELDS, WEBHOOK_FIELDS } from "../../../provider/model/webhookConfig";
import { WebhookProvider } from "../../../provider/resources";
import {
  FIELD_RULES,
  baseConfig,
  nested,
  SECRET_MARK,
  fieldRuleCases,
  schemaFields,
  secretValuesOf,
  wrongTypeConfigCases,
  type ConfigCase,
} from "../../support/badInputCases";
import { REPO_ROOT } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";

const BIN = join(REPO_ROOT, "dist/provider/cli/main.js");
const KNOWN_CODES: readonly string[] = [...CONFIG_CODES, ...TEMPLATE_CODES];
const providers = { audit: new WebhookProvider("audit", { env: {} }), request: new WebhookProvider("request", { env: {} }) };

const wrongTypes = [...wrongTypeConfigCases("audit"), ...wrongTypeConfigCases("request")];
const rules = fieldRuleCases();
const all: ConfigCase[] = [...wrongTypes, ...rules];
/**
 * Nested thousands of levels deep: not written to YAML here (JSON.stringify would overflow; the YAML case is below),
 * and not given to the provider's check, whose secret unwrapping is recursive (Pulumi's own input decoding is too).
 */
const isDeep = (c: ConfigCase) => c.field === "(nesting)";

let cases = 0;
let checks = 0;
const tmp = tempDir("webhooks-badconfig-");
afterAll(() => {
  tmp.remove();
  console.log(`badConfig: ${cases} generated bad configs, ${checks} checks (validateWebhookConfig, checkWebhook, provider check, CLI)`);
});

const key = (code: string, path: string) => `${code}@${path}`;
const lastName = (path: string) => path.split(/[.[\]]+/).filter((s) => s !== "" && !/^\d+$/.test(s)).pop() ?? "";

/** What is wrong with the errors of one case, or [] when they are exactly what the case expects. */
function problemsOf(c: ConfigCase, errors: readonly WebhookError[]): string[] {
  const out: string[] = [];
  const distinct = [...new Set(errors.map((e) => key(e.code, e.path)))];
  if (distinct.length !== 1 || distinct[0] !== key(c.code, c.path)) out.push(`got ${distinct.join(", ") || "no error"}`);
  const secrets = [SECRET_MARK, ...secretValuesOf(c.config)];
  for (const e of errors) {
    if (!KNOWN_CODES.includes(e.code)) out.push(`unknown code ${e.code}`);
    if (secrets.some((s) => e.message.includes(s))) out.push(`secret in message: ${e.message}`);
  }
  // Template messages give the line and column in the template instead (badTemplates.test.ts).
  const named = errors.find((e) => e.code === c.code && e.path === c.path && !e.code.startsWith("TEMPLATE_"));
  const stem = lastName(c.path).replace(/s$/, "").toLowerCase();
  const shown = (m: string) => m.toLowerCase().includes(stem) || m.toLowerCase().includes(JSON.stringify(stem).slice(1, -1));
  if (named !== undefined && !shown(named.message)) out.push(`message does not name ${lastName(c.path)}: ${named.message}`);
  return out;
}

describe("the generators cover every field", () => {
  it("every schema.json input field of both kinds gets wrong-typed values", () => {
    for (const kind of ["audit", "request"] as EventKind[]) {
      const covered = new Set(wrongTypes.filter((c) => c.kind === kind).map((c) => c.field));
      expect(schemaFields(kind).map((f) => f.pattern).filter((p) => !covered.has(p))).toEqual([]);
    }
  });

  it("every field of the model (top level, authentication, filters, validators) has rule cases", () => {
    const wanted = [
      "kind",
      ...WEBHOOK_FIELDS.request,
      ...new Set(Object.values(AUTH_FIELDS).flat().map((f) => `authentication.${f}`)),
      ...FILTER_FIELDS.map((f) => `filters.${f}`),
      ...VALIDATOR_FIELDS.map((f) => `responseValidators.${f}`),
    ];
    const ruled = new Set(FIELD_RULES.map((r) => r.field.replace(/\.\*$/, "")));
    expect(wanted.filter((f) => !ruled.has(f))).toEqual([]);
  });

  it("every base config is valid, so each case's error comes from its one change", async () => {
    for (const kind of ["audit", "request"] as EventKind[]) {
      for (const auth of ["bearer", "oauth"] as const) {
        const base = baseConfig(kind, auth);
        expect(checkWebhook(base)).toMatchObject({ ok: true });
        const { kind: _k, ...fields } = base;
        expect((await providers[kind].check({}, fields)).failures).toBeUndefined();
      }
    }
  });
});

describe("bad configs", () => {
  it("validateWebhookConfig and checkWebhook refuse each with exactly the expected code and path, naming the field, no secret", () => {
    const bad: string[] = [];
    for (const c of all) {
      cases += 1;
      if (c.template !== true) {
        const v = validateWebhookConfig(c.config);
        checks += 1;
        const p = v.ok ? ["accepted"] : problemsOf(c, v.errors);
        if (p.length > 0) bad.push(`validateWebhookConfig ${c.what}: ${p.join("; ")}`);
      }
      const r = checkWebhook(c.config);
      checks += 1;
      const p = r.ok ? ["accepted"] : problemsOf(c, r.errors);
      if (p.length > 0) bad.push(`checkWebhook ${c.what}: ${p.join("; ")}`);
    }
    expect(bad).toEqual([]);
  });

  it("the provider's check refuses each at the field's property (or \"\" with the path in the reason for nested paths and secret-holding fields)", async () => {
    const bad: string[] = [];
    for (const c of all) {
      if (isDeep(c) || (c.field === "kind" && c.config.kind === undefined)) continue;
      const { kind, ...fields } = c.config;
      // The resource sets kind itself: only a contradicting one is passed on.
      const news = c.field === "kind" ? { ...fields, kind } : fields;
      const r = await providers[c.kind].check({}, news);
      checks += 1;
      const failures = r.failures ?? [];
      const property = expectedProperty(c);
      const found = failures.find(
        (f) => f.property === property && f.reason.endsWith(`(${c.code})`) && (property !== "" || f.reason.startsWith(c.path)),
      );
      if (found === undefined) bad.push(`${c.what}: wanted ${property || `"" + ${c.path}`} (${c.code}), got ${JSON.stringify(failures)}`);
      const text = JSON.stringify(failures);
      const leaked = [SECRET_MARK, ...secretValuesOf(c.config)].filter((s) => text.includes(s));
      if (leaked.length > 0) bad.push(`${c.what}: a secret in the failures: ${text}`);
    }
    expect(bad).toEqual([]);
  });

  it("a sample through the built `webhooks validate`: exit 1, and every file's code and path printed (text and --json)", () => {
    expect(existsSync(BIN)).toBe(true);
    const sample = all.filter((c) => !isDeep(c)).filter((_c, i) => i % 6 === 0);
    expect(sample.length).toBeGreaterThanOrEqual(100);
    const files = sample.map((c, i) => tmp.write(`case-${i}.yaml`, toYaml(c.config)));

    const json = spawnSync(process.execPath, [BIN, "validate", "--json", ...files], { encoding: "utf8" });
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout) as { valid: boolean; files: Array<{ file: string; valid: boolean; errors: Array<{ code: string; path: string }> }> };
    expect(out.valid).toBe(false);
    const text = spawnSync(process.execPath, [BIN, "validate", ...files], { encoding: "utf8" });
    expect(text.status).toBe(1);
    expect(text.stderr).toBe(`${files.length} of ${files.length} file(s) invalid\n`);

    const bad: string[] = [];
    sample.forEach((c, i) => {
      checks += 1;
      const result = out.files[i];
      if (result.file !== files[i] || result.valid) bad.push(`${c.what}: ${JSON.stringify(result)}`);
      else if (!result.errors.some((e) => e.code === c.code && e.path === c.path)) bad.push(`${c.what}: --json ${JSON.stringify(result.errors)}`);
      // A path may hold a line break (a header name with CR LF): search the output, not its lines.
      const at = text.stdout.indexOf(`${files[i]}: ${c.path}: `);
      const end = at < 0 ? -1 : text.stdout.indexOf(`(${c.code})\n`, at);
      const entry = end < 0 ? "" : text.stdout.slice(at, end);
      if (end < 0 || entry.includes(`\n${tmp.dir}`)) bad.push(`${c.what}: no line "${files[i]}: ${c.path}: … (${c.code})"`);
      for (const s of [SECRET_MARK, ...secretValuesOf(c.config)]) {
        if (json.stdout.includes(s) || text.stdout.includes(s)) bad.push(`${c.what}: secret ${s} printed`);
      }
    });
    expect(bad).toEqual([]);
  });

  it("deeply nested YAML through the built `webhooks validate`: refused with a code, never a crash", () => {
    const yaml = (depth: number) => `kind: audit\nname: ${nested("[", depth)}\nurl: https://a.example.com/x\nbodyTemplate: "{}"\n`;
    const files = [tmp.write("deep-10000.yaml", yaml(10_000)), tmp.write("deep-100.yaml", yaml(100))];
    const r = spawnSync(process.execPath, [BIN, "validate", "--json", ...files], { encoding: "utf8" });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { files: Array<{ errors: Array<{ code: string; path: string }> }> };
    expect(out.files.map((f) => f.errors.map((e) => ({ code: e.code, path: e.path })))).toEqual([
      [{ code: "CONFIG_FILE_UNREADABLE", path: "" }],
      [{ code: "CONFIG_INVALID_TYPE", path: "name" }],
    ]);
    cases += 2;
    checks += 2;
  });

  it(`ran at least 500 generated configs`, () => {
    expect(cases).toBeGreaterThanOrEqual(500);
  });
});

/** The provider reports a failure on property "" when the property's value would echo a secret (checkInputs.ts). */
function expectedProperty(c: ConfigCase): string {
  const top = c.path.split(/[.[]/)[0];
  if (top === "headers" || top === "signingSecret" || c.path === "authentication") return "";
  if (c.path === "authentication.token" || c.path === "authentication.clientSecret") return "";
  // The engine looks a property up as a top-level input only: a nested path goes in the reason.
  if (/[.[]/.test(c.path)) return "";
  if (c.path === "url" && typeof c.config.url === "string" && /[?#]/.test(c.config.url) && /^[a-z][a-z0-9+.-]*:/i.test(c.config.url)) return "";
  return c.path;
}

/** A YAML file of JSON flow values, with everything outside printable ASCII escaped (YAML forbids raw DEL and C1). */
function toYaml(config: Record<string, unknown>): string {
  const escape = (s: string) => s.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return Object.entries(config)
    .map(([k, v]) => `${escape(JSON.stringify(k))}: ${escape(JSON.stringify(v))}\n`)
    .join("");
}
