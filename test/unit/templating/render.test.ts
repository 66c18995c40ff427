// What a template renders to: Apono's syntax as written, and JSON-aware escaping
// decided by where each placeholder sits in the JSON body.
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import { compileTemplate, renderBody } from "../../../provider/templating";

const granted = mockRequestEvent("RequestGranted");
const manual = mockRequestEvent("Manual");
const audit = mockAuditEvent();
const render = (template: string, event: unknown = granted) => compileTemplate(template).render(event);

describe("Apono's template syntax works as written", () => {
  it.each([
    ["spaces inside the braces", `"{{ event_type }}"`, `"Manual"`],
    ["a numeric segment literal", `"{{ data.access_groups.[0].integration.name }}"`, `"payments-prod-pg"`],
    ["bracketed object keys (Okta guide)", `"{{data.access_groups.[0].[integration].name}}"`, `"payments-prod-pg"`],
    ["brackets after brackets", `"{{data.access_groups.[0].[resource_types].[0].name}}"`, `"Database"`],
    ["a deep path", `"{{data.access_groups.[0].access_units.[1].resource.path}}"`, `"payments-prod-pg/ledger"`],
    ["#each with this, @index, @first and ../", `"{{#each data.access_groups}}{{@index}}:{{this.integration.type}}:{{@first}}:{{../data.friendly_id}};{{/each}}"`, `"0:postgresql:true:AR-5127;1:aws-account:false:AR-5127;"`],
    ["@root inside #each", `"{{#each data.access_groups}}{{@root.data.requester.email}} {{/each}}"`, `"dana.levi@acme.example dana.levi@acme.example "`],
    ["#each with block params and @last", `"{{#each data.access_groups as |g i|}}{{i}}={{g.integration.name}}{{#unless @last}},{{/unless}}{{/each}}"`, `"0=payments-prod-pg,1=payments-prod-aws"`],
    ["#each over an object with @key", `"{{#each data.requester}}{{@key}}={{this}} {{/each}}"`, `"id=usr_7Qm2xZ name=Dana Levi email=dana.levi@acme.example "`],
    ["#if / else", `"{{#if data.access_bundle}}{{data.access_bundle.name}}{{else}}no bundle{{/if}}"`, `"Payments on-call kit"`],
    ["else if chains", `"{{#if data.custom_fields.missing}}j{{else if data.revocation_date}}r{{else}}n{{/if}}"`, `"r"`],
    ["#with and block params", `"{{#with data.requester as |r|}}{{name}} <{{r.email}}>{{/with}}"`, `"Dana Levi <dana.levi@acme.example>"`],
    ["lookup inline", `"{{lookup data.requester 'email'}}"`, `"dana.levi@acme.example"`],
    ["lookup in a sub-expression", `"{{#with (lookup data.access_groups 0)}}{{integration.id}}{{/with}}"`, `"int_6c1e"`],
    ["a comment renders nothing", `"a{{! note }}{{!-- {{x}} --}}b"`, `"ab"`],
    ["an escaped mustache is literal text", `"\\{{data.id}}"`, `"{{data.id}}"`],
  ])("%s", (_name, template, expected) => {
    expect(render(template, manual)).toBe(expected);
  });

  it("whitespace control and standalone block lines render as Handlebars does", () => {
    const template = `{\n  "groups": [\n    {{#each data.access_groups}}\n    "{{integration.name}}",\n    {{/each}}\n    "end"\n  ],\n  "t":   {{~event_type~}}   \n}`;
    expect(render(template, manual)).toBe(`{\n  "groups": [\n    "payments-prod-pg",\n    "payments-prod-aws",\n    "end"\n  ],\n  "t":"Manual"}`);
  });
});

describe("a placeholder outside strings renders a JSON value", () => {
  it.each([
    ["a string, quoted", `{{data.requester.name}}`, `"Dana Levi"`],
    ["a number, as String(n)", `{{event_time}}`, `1717416419.913377`],
    ["an integer", `{{data.access_duration_in_seconds}}`, `14400`],
    ["null", `{{data.access_bundle}}`, `null`],
    ["a missing path, as null", `{{data.no_such_field}}`, `null`],
    ["an object, as compact JSON", `{{data.requester}}`, `{"id":"usr_7Qm2xZ","name":"Dana Levi","email":"dana.levi@acme.example"}`],
    ["an array, as compact JSON", `{{data.access_groups.[0].resource_types}}`, `[{"id":"postgresql-database","name":"Database","display_path":"PostgreSQL/Database"}]`],
    ["a triple-stash, the same way (never raw)", `{{{data.requester.name}}}`, `"Dana Levi"`],
    ["@index, as a number", `[{{#each data.approvals}}{{@index}}{{/each}}]`, `[0]`],
  ])("%s", (_name, template, expected) => {
    expect(render(`{"v": ${template} }`)).toBe(`{"v": ${expected} }`);
  });

  it("booleans stay booleans", () => {
    expect(render(`{"active": {{data.current_target_object.active}} }`, audit)).toBe(`{"active": true }`);
  });
});

describe("a placeholder inside a string renders escaped text", () => {
  it.each([
    ["a missing path, as empty text", `"{{data.no_such_field}}"`, `""`],
    ["null, as empty text", `"{{data.access_bundle.name}}"`, `""`],
    ["a number, as its text", `"{{data.creation_date}}"`, `"1717416000.101532"`],
    ["an object, as escaped JSON text (Appendix B)", `"{{data.requester}}"`, `"{\\"id\\":\\"usr_7Qm2xZ\\",\\"name\\":\\"Dana Levi\\",\\"email\\":\\"dana.levi@acme.example\\"}"`],
    ["a triple-stash, escaped the same way", `"{{{data.requester.email}}}"`, `"dana.levi@acme.example"`],
    ["text around the placeholder", `"[prod] {{data.friendly_id}} by {{data.requester.name}}"`, `"[prod] AR-5127 by Dana Levi"`],
  ])("%s", (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it("renders the audit object placeholders of Appendix B", () => {
    const body = render(`{"current": "{{data.current_target_object}}", "native": {{{data.current_target_object}}} }`, audit);
    expect(body).toBe(
      `{"current": "{\\"id\\":\\"af_91c2\\",\\"name\\":\\"Prod DB read-only (on-call)\\",\\"active\\":true,\\"revoke_after_in_sec\\":14400}", ` +
        `"native": {"id":"af_91c2","name":"Prod DB read-only (on-call)","active":true,"revoke_after_in_sec":14400} }`,
    );
  });

  it("escapes for JSON, never for HTML", () => {
    const event = { data: { justification: `<b>"a" & 'b' = \`c\`</b>\n` } };
    expect(render(`{"j": "{{data.justification}}"}`, event)).toBe(`{"j": "<b>\\"a\\" & 'b' = \`c\`</b>\\n"}`);
  });
});

describe("JSON-in-JSON: each level of string nesting escapes once more", () => {
  const event = { event_type: "RequestCreated", data: { justification: `say "hi"\\` } };

  it("renders the worked example of Appendix B", () => {
    const template =
      `[ { "ddsource": "apono", "message": "{ \\"event_type\\": \\"{{ event_type }}\\", \\"id\\": \\"{{ data.friendly_id }}\\", ` +
      `\\"integration\\": \\"{{ data.access_groups.[0].integration.name }}\\", \\"bundle\\": \\"{{ data.access_bundle.name }}\\" }" } ]`;
    expect(render(template)).toBe(
      `[ { "ddsource": "apono", "message": "{ \\"event_type\\": \\"RequestGranted\\", \\"id\\": \\"AR-5127\\", ` +
        `\\"integration\\": \\"payments-prod-pg\\", \\"bundle\\": \\"\\" }" } ]`,
    );
  });

  it.each([
    ["depth 1", `{"j": "{{data.justification}}"}`, `{"j": "say \\"hi\\"\\\\"}`],
    ["depth 2", `{"m": "{\\"j\\": \\"{{data.justification}}\\"}"}`, `{"m": "{\\"j\\": \\"say \\\\\\"hi\\\\\\"\\\\\\\\\\"}"}`],
    ["a JSON value at depth 1", `{"m": "{\\"j\\": {{data.justification}} }"}`, `{"m": "{\\"j\\": \\"say \\\\\\"hi\\\\\\"\\\\\\\\\\" }"}`],
  ])("%s", (_name, template, expected) => {
    const body = render(template, event);
    expect(body).toBe(expected);
    const outer = JSON.parse(body) as Record<string, string>;
    const value = "j" in outer ? outer.j : (JSON.parse(outer.m) as { j: string }).j;
    expect(value).toBe(`say "hi"\\`);
  });

  it("depth 3 round-trips a hostile value", () => {
    const template = `{"a": "{\\"b\\": \\"{\\\\\\"c\\\\\\": \\\\\\"{{data.justification}}\\\\\\"}\\"}"}`;
    const hostile = `"\\\n\u2028</script>{{x}}\ud800`;
    const body = render(template, { data: { justification: hostile } });
    const a = (JSON.parse(body) as { a: string }).a;
    const b = (JSON.parse(a) as { b: string }).b;
    expect((JSON.parse(b) as { c: string }).c).toBe(hostile);
  });

  it("a string that starts like JSON but holds no inner string is plain text", () => {
    expect(render(`{"t": "[{{data.friendly_id}}] {{data.requester.name}}"}`)).toBe(`{"t": "[AR-5127] Dana Levi"}`);
  });
});

it("gives no access to prototype properties", () => {
  const template = `{"c": "{{constructor.name}}", "p": "{{__proto__}}", "l": "{{lookup data 'constructor'}}", "d": {{data.__proto__}} }`;
  expect(render(template, { data: {} })).toBe(`{"c": "", "p": "", "l": "", "d": null }`);
});

describe("renderBody", () => {
  it("returns the rendered JSON text as rendered", () => {
    expect(renderBody(compileTemplate(`{ "id": "{{data.id}}" }`), granted)).toBe(`{ "id": "8c1f0b7e-3d2a-4a8e-9a51-6f0d2c7b9e14" }`);
  });

  it.each([[""], ["  \n"]])("returns an empty body for an empty template (%j)", (template) => {
    expect(renderBody(compileTemplate(template), granted)).toBe("");
  });

  it("keeps the source on the compiled template", () => {
    expect(compileTemplate(`{"a": 1}`).source).toBe(`{"a": 1}`);
  });
});
