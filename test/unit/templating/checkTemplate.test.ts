// checkTemplate: references are checked against the kind's payload shape,
// following the context changes of #each and #with; rendering every mock event
// finds bodies (and embedded JSON strings) that do not parse.
import { AuditEventSchema, RequestDataSchema, RequestEventSchema } from "../../../provider/model/events";
import { payloadShapeOf, type Shape } from "../../../provider/model/payloadShape";
import { checkTemplate, compileTemplate } from "../../../provider/templating";
import { TEMPLATE_CACHE_ENTRIES } from "../../../provider/templating/templateCache";

const codes = (template: string, kind: "audit" | "request" = "request") => checkTemplate(template, kind).map((e) => e.code);
const messages = (template: string, kind: "audit" | "request" = "request") => checkTemplate(template, kind).map((e) => e.message);

describe("references that exist pass", () => {
  it.each([
    ["event envelope", `{"t": "{{event_type}}", "at": {{event_time}}, "id": "{{id}}"}`],
    ["Apono's bracket forms", `{"a": "{{ data.access_groups.[0].integration.name }}", "b": "{{data.access_groups.[0].[resource_types].[0].name}}"}`],
    ["this, ../ and @-variables in #each", `{"a": "{{#each data.approvals}}{{this.name}}{{approver.email}}{{../data.id}}{{@index}}{{@first}}{{@last}}{{@root.event_type}}{{/each}}"}`],
    ["nested #each with ../../", `{"a": "{{#each data.access_groups}}{{#each access_units}}{{resource.type.display_path}}{{../integration.id}}{{../../data.friendly_id}}{{/each}}{{/each}}"}`],
    ["#each over an object with @key", `{"a": "{{#each data.requester}}{{@key}}={{this}}{{/each}}"}`],
    ["#with, else and block params", `{"a": "{{#with data.access_flow as |f|}}{{name}}{{f.id}}{{else}}{{data.id}}{{/with}}"}`],
    ["#if / #unless / else if", `{"a": "{{#if data.grantee}}{{data.grantee.source_id}}{{else if data.access_bundle}}{{data.access_bundle.name}}{{/if}}{{#unless data.justification}}-{{/unless}}"}`],
    ["lookup with a literal key", `{"a": {{lookup data.access_groups 0}}, "b": "{{#with (lookup data.requester 'email')}}{{this}}{{/with}}"}`],
    ["lookup with a path key", `{"a": "{{#each data.approvals}}{{#with (lookup ../data.access_groups @index)}}{{integration.name}}{{/with}}{{/each}}"}`],
    ["list length", `{"n": {{data.access_groups.length}} }`],
    ["any key of custom_fields (a free-form map)", `{"t": "{{data.custom_fields.ticket}}", "x": "{{data.custom_fields.anything.at.all}}"}`],
  ])("%s", (_name, template) => {
    expect(checkTemplate(template, "request")).toEqual([]);
  });

  it("audit objects are opaque: any key below them is accepted", () => {
    expect(checkTemplate(`{"r": "{{data.metadata.request_id}}", "c": {{data.current_target_object.revoke_after_in_sec}} }`, "audit")).toEqual([]);
  });
});

describe("references are checked for the webhook's kind", () => {
  it("a request field is unknown in an audit template, and the reverse", () => {
    expect(messages(`{"a": "{{data.requester.email}}"}`, "audit")).toEqual([
      "line 1, column 10: `data.requester.email` is not a field of audit events; `data` has the fields timestamp, action, actor_id, " +
        "actor_name, actor_type, source, target_id, target_type, target_name, metadata, current_target_object, previous_target_object",
    ]);
    expect(messages(`{"a": "{{data.actor_nme}}"}`, "audit")).toEqual([
      "line 1, column 10: `data.actor_nme` is not a field of audit events; did you mean `data.actor_name`?",
    ]);
    expect(codes(`{"a": "{{data.action}}"}`, "request")).toEqual(["TEMPLATE_UNKNOWN_FIELD"]);
  });

  it.each([
    ["requestor → requester", "data.requestor.email", "data.requester.email"],
    ["a transposition", "data.requester.emial", "data.requester.email"],
    ["a case difference", "data.Requester.Email", "data.requester.email"],
    ["two misspellings in one path", "data.requestr.emal", "data.requester.email"],
    ["a missing list index", "data.access_groups.integration.type", "data.access_groups.[0].integration.type"],
    ["@root paths", "@root.data.frendly_id", "@root.data.friendly_id"],
  ])("did you mean: %s", (_name, written, suggested) => {
    expect(messages(`{"a": "{{${written}}}"}`)).toEqual([
      `line 1, column 10: \`${written}\` is not a field of request events; did you mean \`${suggested}\`?`,
    ]);
  });

  it("checks the paths given to helpers and block helpers too", () => {
    expect(messages(`{"a": "{{#each data.aprovals}}{{name}}{{/each}}{{#if data.justificaton}}x{{/if}}"}`)).toEqual([
      "line 1, column 16: `data.aprovals` is not a field of request events; did you mean `data.approvals`?",
      "line 1, column 54: `data.justificaton` is not a field of request events; did you mean `data.justification`?",
    ]);
  });

  it("an unknown field still renders (empty), so the mocks are rendered too", () => {
    expect(codes(`{"a": "{{data.nope}}" "b": 1}`)).toEqual(["TEMPLATE_UNKNOWN_FIELD", "TEMPLATE_INVALID_JSON"]);
  });
});

describe("embedded JSON is parsed at every level", () => {
  it("accepts valid JSON-in-JSON-in-JSON", () => {
    expect(checkTemplate(`{"a": "{\\"b\\": \\"{\\\\\\"c\\\\\\": \\\\\\"{{data.id}}\\\\\\"}\\"}"}`, "request")).toEqual([]);
  });

  it("reports an invalid third level at its opening quote", () => {
    const template = `{"a": "{\\"b\\": \\"{\\\\\\"c\\\\\\" \\\\\\"{{data.id}}\\\\\\"}\\"}"}`;
    expect(checkTemplate(template, "request").map((e) => [e.code, e.message.slice(0, 120)])).toEqual([
      [
        "TEMPLATE_NESTED_JSON_INVALID",
        "line 1, column 16: this string holds JSON (JSON-in-JSON), and rendered with the RequestCreated mock event its decoded te",
      ],
    ]);
  });

  it("a string that merely starts with a bracket is text, not embedded JSON", () => {
    expect(checkTemplate(`{"text": "[Apono] {{data.requester.name}} asked for {{data.access_flow.name}}"}`, "request")).toEqual([]);
  });
});

describe("payloadShapeOf derives the shape from the zod schemas", () => {
  const fieldsOf = (s: Shape) => (s.kind === "object" ? Object.keys(s.fields) : []);
  const at = (s: Shape, ...path: string[]): Shape =>
    path.reduce<Shape>((cur, p) => (cur.kind === "object" ? cur.fields[p] : cur.kind === "array" ? cur.items : cur), s);

  it("has exactly the declared keys of each schema", () => {
    const request = payloadShapeOf("request");
    expect(fieldsOf(request)).toEqual(Object.keys(RequestEventSchema.shape));
    expect(fieldsOf(at(request, "data"))).toEqual(Object.keys(RequestDataSchema.shape));
    expect(fieldsOf(at(payloadShapeOf("audit"), "data"))).toEqual(Object.keys(AuditEventSchema.shape.data.shape));
  });

  it("unwraps optional, nullable and default wrappers; lists, scalars and free-form maps keep their kind", () => {
    const request = payloadShapeOf("request");
    expect(at(request, "data", "access_groups").kind).toBe("array");
    expect(fieldsOf(at(request, "data", "access_groups", "[]", "integration"))).toEqual(["id", "type", "name"]);
    expect(at(request, "data", "grantee").kind).toBe("object");
    expect(at(request, "event_time")).toEqual({ kind: "scalar" });
    expect(at(request, "data", "creation_date")).toEqual({ kind: "scalar" });
    expect(at(request, "data", "custom_fields")).toEqual({ kind: "any" });
    expect(at(payloadShapeOf("audit"), "data", "previous_target_object")).toEqual({ kind: "any" });
  });
});

describe("a process checks and compiles each template once (template caches)", () => {
  const bad = `{"who": "{{data.requester.emial}}"}`;

  it("a repeated check gives the same problems in a new array each time", () => {
    const first = checkTemplate(bad, "request");
    expect(first.map((e) => e.code)).toEqual(["TEMPLATE_UNKNOWN_FIELD"]);
    first.length = 0; // a caller's array is its own: emptying it changes nothing for the next caller
    const second = checkTemplate(bad, "request");
    expect(second.map((e) => e.code)).toEqual(["TEMPLATE_UNKNOWN_FIELD"]);
    expect(second).not.toBe(checkTemplate(bad, "request"));
  });

  it("the kind is part of what is kept: the same source is checked against each kind's shape", () => {
    const requestOnly = `{"id": "{{data.friendly_id}}"}`;
    expect(checkTemplate(requestOnly, "request")).toEqual([]);
    expect(checkTemplate(requestOnly, "audit").map((e) => e.code)).toEqual(["TEMPLATE_UNKNOWN_FIELD"]);
    expect(checkTemplate(requestOnly, "request")).toEqual([]);
  });

  it("compileTemplate gives the same compiled template for the same source, until more than TEMPLATE_CACHE_ENTRIES others push it out", () => {
    const source = `{"cached": "{{event_type}}"}`;
    const first = compileTemplate(source);
    expect(compileTemplate(source)).toBe(first);
    expect(first.render({ event_type: "RequestCreated" })).toBe(`{"cached": "RequestCreated"}`);
    for (let i = 0; i <= TEMPLATE_CACHE_ENTRIES; i++) compileTemplate(`{"other": ${i}, "t": "{{event_type}}"}`);
    const again = compileTemplate(source);
    expect(again).not.toBe(first);
    expect(again.render({ event_type: "RequestGranted" })).toBe(`{"cached": "RequestGranted"}`);
  });

  it("a template that does not compile is refused every time, not kept", () => {
    for (let i = 0; i < 2; i++) expect(() => compileTemplate(`{"a": "{{#if x}}"}`)).toThrow(expect.objectContaining({ code: "TEMPLATE_SYNTAX" }));
  });
});
