// Issue 13 item 5: a 2 MB template with 60,000 placeholders took 20 s and 2.4 GB in `check`, and a loop over a
// big list could render for seconds on the event loop. Both are now refused with a stable code and the limit.
import { checkWebhook } from "../../../provider/check/checkWebhook";
import {
  checkTemplate,
  compileTemplate,
  MAX_RENDER_CHARS,
  MAX_TEMPLATE_BYTES,
  MAX_TEMPLATE_PLACEHOLDERS,
  onTemplateWarning,
} from "../../../provider/templating";

/** `count` fields, each one placeholder: the shape of the template that froze the runtime. */
const manyPlaceholders = (count: number) =>
  `{${Array.from({ length: count }, (_, i) => `"k${i}":"{{data.justification}}"`).join(",")}}`;

describe("template size and placeholder limits in check", () => {
  it("the hostile template (60,000 placeholders, 2 MB) is TEMPLATE_TOO_LARGE on bodyTemplate, naming the limit", () => {
    const errors = checkTemplate(manyPlaceholders(60_000), "request");
    expect(errors.map((e) => [e.code, e.path])).toEqual([["TEMPLATE_TOO_LARGE", "bodyTemplate"]]);
    expect(errors[0].message).toContain(String(MAX_TEMPLATE_BYTES));
  });

  it("more placeholders than the limit within the size limit is TEMPLATE_TOO_LARGE at the first one past it", () => {
    const source = `{"a":"${"{{data.id}}".repeat(MAX_TEMPLATE_PLACEHOLDERS + 1)}"}`;
    expect(Buffer.byteLength(source)).toBeLessThan(MAX_TEMPLATE_BYTES);
    const errors = checkTemplate(source, "request");
    expect(errors.map((e) => e.code)).toEqual(["TEMPLATE_TOO_LARGE"]);
    expect(errors[0].message).toContain(String(MAX_TEMPLATE_PLACEHOLDERS));
    expect(errors[0].message).toMatch(/^line 1, column \d+/);
  });

  it("a template at the placeholder limit passes", () => {
    expect(checkTemplate(`{"a":"${"{{data.id}}".repeat(MAX_TEMPLATE_PLACEHOLDERS)}"}`, "request")).toEqual([]);
  });

  it("the runtime and the provider refuse it too (compileTemplate, checkWebhook)", () => {
    expect(() => compileTemplate(manyPlaceholders(60_000))).toThrow(expect.objectContaining({ code: "TEMPLATE_TOO_LARGE" }));
    const result = checkWebhook({
      name: "big",
      kind: "request",
      type: "http",
      method: "POST",
      url: "https://hooks.example.com/x",
      bodyTemplate: manyPlaceholders(60_000),
      triggers: ["RequestCreated"],
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => [e.code, e.path])).toContainEqual(["TEMPLATE_TOO_LARGE", "bodyTemplate"]);
  });
});

describe("bounded render", () => {
  const loop = compileTemplate(`{"a":[{{#each data.list}}"{{this}}{{this}}"{{#unless @last}},{{/unless}}{{/each}}]}`);

  it("a loop that would render more than MAX_RENDER_CHARS stops with TEMPLATE_RENDER_TOO_LARGE", () => {
    const list = Array.from({ length: Math.ceil(MAX_RENDER_CHARS / 40) + 1 }, () => "x".repeat(20));
    expect(() => loop.render({ data: { list } })).toThrow(expect.objectContaining({ code: "TEMPLATE_RENDER_TOO_LARGE", path: "bodyTemplate" }));
  });

  it("an empty loop body over a huge list is counted too", () => {
    const empty = compileTemplate(`{"a":"{{#each data.list}}{{/each}}"}`);
    expect(() => empty.render({ data: { list: new Array(MAX_RENDER_CHARS + 1).fill(0) } })).toThrow(
      expect.objectContaining({ code: "TEMPLATE_RENDER_TOO_LARGE" }),
    );
  });

  it("the budget is per render: a normal render after a refused one works", () => {
    expect(() => loop.render({ data: { list: new Array(MAX_RENDER_CHARS).fill("yy") } })).toThrow();
    expect(loop.render({ data: { list: ["a", "b"] } })).toBe(`{"a":["aa","bb"]}`);
  });
});

describe("Handlebars' own warnings", () => {
  it("go to the warning sink as one line, never to the console", () => {
    const seen: string[] = [];
    onTemplateWarning((m) => seen.push(m));
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    try {
      // custom_fields is a free-form map, so check accepts any key below it; toString is not an own property.
      const source = `{"a":"{{data.custom_fields.toString}}"}`;
      expect(checkTemplate(source, "request")).toEqual([]);
      expect(compileTemplate(source).render({ data: { custom_fields: {} } })).toBe(`{"a":""}`);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      expect(seen.some((m) => m.includes('"toString"') && !m.includes("\n"))).toBe(true);
    } finally {
      spies.forEach((s) => s.mockRestore());
      onTemplateWarning(() => undefined);
    }
  });
});
