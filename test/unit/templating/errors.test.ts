// Every template error code, with its exact path, position and message: what a
// user reads in `pulumi preview` and `webhooks validate`.
import { isWebhookError, type WebhookError } from "../../../provider/errors";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import { checkTemplate, compileTemplate, renderBody } from "../../../provider/templating";

function thrown(fn: () => unknown): WebhookError {
  try {
    fn();
  } catch (e) {
    if (isWebhookError(e)) return e;
    throw e;
  }
  throw new Error("expected a WebhookError");
}

const ONLY_BUILT_INS = "templates can use only the built-in helpers if, unless, each, with, lookup";
const BLOCK_ADVICE =
  "so the JSON position of what follows depends on the data; open and close each JSON string (and each escape) inside the same block branch, " +
  'e.g. `"{{#if x}}yes{{else}}no{{/if}}"`';
const ESCAPE_ADVICE =
  "is in the middle of a JSON escape sequence (after a backslash), so its place in the JSON cannot be decided; remove the backslash: " +
  "values are JSON-escaped for you (note that Handlebars reads `\\\\{{` as a backslash followed by a placeholder)";

// [name, template, code, message]; compileTemplate throws the same error checkTemplate lists.
const compileErrors: Array<[string, string, string, string]> = [
  [
    "`}}}` closing an object right after a placeholder",
    `{"a": {{data.id}}}`,
    "TEMPLATE_SYNTAX",
    "line 1, column 16: Handlebars syntax error: unexpected `}}}`: Handlebars reads it as the end of a triple-stash `{{{…}}}`. " +
      "When a JSON object ends right after a placeholder, put a space before the brace: `{{x}} }`",
  ],
  [
    "an unclosed block",
    `{\n  "a": "{{#if data.id}}yes"\n}`,
    "TEMPLATE_SYNTAX",
    "line 3, column 2: Handlebars syntax error: the template ends inside an open block or placeholder: " +
      "close every `{{#name}}` with `{{/name}}` and every `{{` with `}}`",
  ],
  [
    "blocks closed in the wrong order",
    `{\n  "a": "{{#each data.approvals}}{{name}}{{/with}}"\n}`,
    "TEMPLATE_SYNTAX",
    "line 2, column 12: `{{/with}}` closes the block `{{#each}}` opened here; close blocks in the reverse order they were opened",
  ],
  [
    "a close without an open",
    `{"a": "x"}\n{{/if}}`,
    "TEMPLATE_SYNTAX",
    "line 2, column 1: Handlebars syntax error: a `{{/…}}` closes a block that was never opened with `{{#…}}`",
  ],
  [
    "a built-in block helper without its argument",
    `{"a": "{{#each}}x{{/each}}"}`,
    "TEMPLATE_SYNTAX",
    "line 1, column 8: `#each` takes exactly one argument, e.g. `{{#each data.approvals}}`; this one has 0",
  ],
  [
    "lookup with one argument",
    `{"a": {{lookup data.access_groups}} }`,
    "TEMPLATE_SYNTAX",
    "line 1, column 7: `lookup` takes two arguments, the object or list and the key: `{{lookup data.access_groups 0}}`; this one has 1",
  ],
  [
    "a custom helper",
    `{"a": "{{uppercase data.requester.name}}"}`,
    "TEMPLATE_UNKNOWN_HELPER",
    `line 1, column 8: \`uppercase\` is not an available helper: ${ONLY_BUILT_INS}`,
  ],
  [
    "a custom helper in a sub-expression",
    `{"a": {{lookup (json data) 'x'}} }`,
    "TEMPLATE_UNKNOWN_HELPER",
    `line 1, column 16: \`json\` is not an available helper: ${ONLY_BUILT_INS}`,
  ],
  [
    "log, a Handlebars built-in that templates do not get",
    `{"a": "{{log data.id}}"}`,
    "TEMPLATE_UNKNOWN_HELPER",
    `line 1, column 8: \`log\` is not an available helper: ${ONLY_BUILT_INS}`,
  ],
  [
    "a partial",
    `{"a": "{{> footer}}"}`,
    "TEMPLATE_UNKNOWN_HELPER",
    "line 1, column 8: partials (`{{> name}}`) are not available in webhook templates: write the text in place",
  ],
  [
    "a decorator",
    `{"a": "{{#* inline 'x'}}y{{/inline}}"}`,
    "TEMPLATE_UNKNOWN_HELPER",
    "line 1, column 8: decorators (`{{* name}}`, `{{#* inline}}`) are not available in webhook templates",
  ],
  [
    "a Mustache-style section",
    `{\n  "a": "{{#data.approvals}}{{name}}{{/data.approvals}}"\n}`,
    "TEMPLATE_UNKNOWN_HELPER",
    "line 2, column 9: `{{#data.approvals}}` is not a block helper: loop with `{{#each data.approvals}}`, " +
      "test with `{{#if data.approvals}}` or change the context with `{{#with data.approvals}}`",
  ],
  [
    "a block helper used inline",
    `{"a": "{{each data.approvals}}"}`,
    "TEMPLATE_UNKNOWN_HELPER",
    "line 1, column 8: `each` is a block helper: write `{{#each …}}…{{/each}}`",
  ],
  [
    "the internal escaping helper",
    `{"a": "{{__json data.id}}"}`,
    "TEMPLATE_UNKNOWN_HELPER",
    `line 1, column 8: \`__json\` is not an available helper: ${ONLY_BUILT_INS}`,
  ],
  [
    "a placeholder after a JSON backslash (Handlebars reads \\\\{{ as \\ + placeholder)",
    `{"a": "\\\\{{data.id}}"}`,
    "TEMPLATE_JSON_CONTEXT",
    `line 1, column 10: the placeholder \`{{data.id}}\` ${ESCAPE_ADVICE}`,
  ],
  [
    "a placeholder inside a \\u escape",
    `{"a": "\\u00{{data.id}}"}`,
    "TEMPLATE_JSON_CONTEXT",
    `line 1, column 12: the placeholder \`{{data.id}}\` ${ESCAPE_ADVICE}`,
  ],
  [
    "a block body that opens a string",
    `{"a": {{#if data.justification}}"{{data.justification}}{{/if}}" }`,
    "TEMPLATE_JSON_CONTEXT",
    `line 1, column 7: the body of \`{{#if}}\` starts outside any JSON string but ends inside a JSON string, ${BLOCK_ADVICE}`,
  ],
  [
    "an else branch that closes a string",
    `{"a": "{{#if data.justification}}x{{else}}"{{/if}}" }`,
    "TEMPLATE_JSON_CONTEXT",
    `line 1, column 8: the {{else}} branch of \`{{#if}}\` starts inside a JSON string but ends outside any JSON string, ${BLOCK_ADVICE}`,
  ],
  [
    "an #each body that opens an inner JSON string",
    `{"m": "{\\"a\\": {{#each data.approvals}}\\"{{name}}{{/each}}\\"}"}`,
    "TEMPLATE_JSON_CONTEXT",
    `line 1, column 16: the body of \`{{#each}}\` starts inside a JSON string but ends inside a JSON string nested 2 deep, ${BLOCK_ADVICE}`,
  ],
];

describe.each(compileErrors)("%s", (_name, template, code, message) => {
  it("compileTemplate throws it", () => {
    const e = thrown(() => compileTemplate(template));
    expect(e.toJSON()).toEqual({ code, path: "bodyTemplate", message });
  });

  it("checkTemplate lists it", () => {
    expect(checkTemplate(template, "request").map((e) => e.toJSON())).toEqual([{ code, path: "bodyTemplate", message }]);
  });
});

// Found by checkTemplate only: references, and what rendering the mock events shows.
const checkErrors: Array<[string, string, string, string]> = [
  [
    "a misspelt field, with did-you-mean",
    `{"a": "{{data.requestor.email}}"}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 1, column 10: `data.requestor.email` is not a field of request events; did you mean `data.requester.email`?",
  ],
  [
    "a misspelt field inside #each, relative to the item",
    `{\n  "a": "{{#each data.access_groups}}{{integration.nmae}}{{/each}}"\n}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 2, column 39: `integration.nmae` is not a field of the items of `data.access_groups`; did you mean `integration.name`?",
  ],
  [
    "a list used as an object",
    `{"a": "{{data.access_groups.integration.name}}"}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 1, column 10: `data.access_groups.integration.name` is not a field of request events; did you mean `data.access_groups.[0].integration.name`?",
  ],
  [
    "a field of a single value",
    `{"a": "{{data.friendly_id.value}}"}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 1, column 10: `data.friendly_id.value` is not a field of request events; `data.friendly_id` is a single value and has no fields",
  ],
  [
    "an unknown field with no close match",
    `{"a": "{{data.xyzzy}}"}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 1, column 10: `data.xyzzy` is not a field of request events; `data` has the fields id, friendly_id, requester, grantee, " +
      "justification, creation_date, revocation_date, access_flow, access_bundle, access_duration_in_seconds, access_groups, " +
      "approvals_logical_relation, approvals, custom_fields",
  ],
  [
    "a block param's field",
    `{"a": "{{#with data.requester as |r|}}{{r.emial}}{{/with}}"}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 1, column 41: `r.emial` is not a field of `data.requester`; did you mean `r.email`?",
  ],
  [
    "an unknown data variable",
    `{"a": "{{@idx}}"}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 1, column 10: `@idx` is not a Handlebars data variable: use @root, @index, @key, @first or @last",
  ],
  [
    "../ outside any block",
    `{"a": "{{../data.id}}"}`,
    "TEMPLATE_UNKNOWN_FIELD",
    "line 1, column 10: `../data.id` goes above the event: `../` reads the context outside an #each or #with block, and this is not inside one",
  ],
  [
    "a missing comma",
    `{"a": "{{data.id}}" "b": 1}`,
    "TEMPLATE_INVALID_JSON",
    "rendered with the RequestCreated mock event (and with 6 more: RequestApproved, RequestRejected, RequestGranted, RequestExpired, " +
      'RequestFailed, Manual), the body is not valid JSON: unexpected `"` at body line 1, column 46 (position 45), ' +
      'near "4a8e-9a51-6f0d2c7b9e14\\" \\"b\\": 1}"; check the commas, quotes and brackets around that part of the template',
  ],
  [
    "a trailing comma from #each",
    `{"a": [{{#each data.access_groups}}"{{integration.name}}",{{/each}}] }`,
    "TEMPLATE_INVALID_JSON",
    "rendered with the RequestCreated mock event (and with 6 more: RequestApproved, RequestRejected, RequestGranted, RequestExpired, " +
      'RequestFailed, Manual), the body is not valid JSON: unexpected `]` at body line 1, column 27 (position 26), ' +
      'near "a\\": [\\"payments-prod-pg\\",] }"; check the commas, quotes and brackets around that part of the template',
  ],
  [
    "a body that renders empty for some triggers",
    `{{#if data.access_bundle}}{"a": 1}{{/if}}`,
    "TEMPLATE_INVALID_JSON",
    "rendered with the RequestCreated mock event (and with 5 more: RequestApproved, RequestRejected, RequestGranted, RequestExpired, " +
      "RequestFailed), the body is not valid JSON: it is empty (only an empty template sends no body)",
  ],
  [
    "embedded JSON missing a comma",
    `{\n  "m": "{\\"id\\": \\"{{data.id}}\\" \\"who\\": \\"{{data.requester.email}}\\"}"\n}`,
    "TEMPLATE_NESTED_JSON_INVALID",
    "line 2, column 8: this string holds JSON (JSON-in-JSON), and rendered with the RequestCreated mock event its decoded text is " +
      'not valid JSON: unexpected `"` at position 46 of the string, near "4a8e-9a51-6f0d2c7b9e14\\" \\"who\\": \\"dana.lev"; ' +
      "check the escaped quotes (`\\\"`), commas and brackets inside it",
  ],
  [
    "embedded JSON whose value is missing for some triggers",
    `{"m": "{\\"bundle\\": {{#if data.access_bundle}}\\"yes\\"{{/if}} }"}`,
    "TEMPLATE_NESTED_JSON_INVALID",
    "line 1, column 7: this string holds JSON (JSON-in-JSON), and rendered with the RequestCreated mock event its decoded text is " +
      'not valid JSON: unexpected `}` at position 12 of the string, near "{\\"bundle\\":  }"; ' +
      "check the escaped quotes (`\\\"`), commas and brackets inside it",
  ],
];

describe("checkTemplate", () => {
  it.each(checkErrors)("%s", (_name, template, code, message) => {
    expect(checkTemplate(template, "request").map((e) => e.toJSON())).toEqual([{ code, path: "bodyTemplate", message }]);
  });

  it("collects every problem of a template, not only the first", () => {
    const template = `{\n  "a": "{{data.requestor.email}}",\n  "b": "{{data.friendly}}"\n  "c": 1\n}`;
    expect(checkTemplate(template, "request").map((e) => [e.code, e.message.slice(0, 17)])).toEqual([
      ["TEMPLATE_UNKNOWN_FIELD", "line 2, column 11"],
      ["TEMPLATE_UNKNOWN_FIELD", "line 3, column 11"],
      ["TEMPLATE_INVALID_JSON", "rendered with the"],
    ]);
  });

  it("names the audit mock for audit templates", () => {
    expect(checkTemplate(`{"a": "{{data.action}}" }x`, "audit").map((e) => e.message)).toEqual([
      'rendered with the audit mock event, the body is not valid JSON: unexpected `x` after the end of the JSON value at body line 1, ' +
        'column 18 (position 17), near "{\\"a\\": \\"updated\\" }x"; check the commas, quotes and brackets around that part of the template',
    ]);
  });

  it("returns [] for a good template and for an empty one", () => {
    expect(checkTemplate(`{"id": "{{data.id}}", "n": {{data.access_duration_in_seconds}} }`, "request")).toEqual([]);
    expect(checkTemplate("", "request")).toEqual([]);
    expect(checkTemplate(" \n ", "audit")).toEqual([]);
  });
});

describe("renderBody", () => {
  const event = mockRequestEvent("RequestCreated");

  it("refuses to return a body that is not JSON", () => {
    const e = thrown(() => renderBody(compileTemplate(`{"a": {{data.id}} {{data.id}} }`), event));
    expect(e.toJSON()).toEqual({
      code: "TEMPLATE_INVALID_JSON",
      path: "bodyTemplate",
      message:
        'the rendered body is not valid JSON: unexpected `"` at body line 1, column 46 (position 45); the body was not sent. ' +
        "Run `webhooks render` with this event to see it",
    });
  });

  it("reports a runtime failure of Handlebars as TEMPLATE_RENDER_ERROR", () => {
    const loop: Record<string, unknown> = { name: "x" };
    loop.self = loop;
    const e = thrown(() => renderBody(compileTemplate(`{"d": {{data}} }`), { data: loop }));
    expect(e.toJSON()).toEqual({
      code: "TEMPLATE_RENDER_ERROR",
      path: "bodyTemplate",
      message: "rendering the template failed: Converting circular structure to JSON",
    });
  });
});
