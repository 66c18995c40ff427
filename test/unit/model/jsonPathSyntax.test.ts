import { JSONPath } from "jsonpath-plus";
import { jsonPathSyntaxError, parseJsonPath } from "../../../provider/model/jsonPathSyntax";

describe("jsonPathSyntaxError", () => {
  it.each([
    "$",
    "$.data",
    "$.data.status",
    "$.data.items[0].id",
    "$.data.items[0,2].id",
    "$.data.items[0:2]",
    "$.data.items[-1:]",
    "$.data.items[::2]",
    "$.data.items[*]",
    "$.data.*",
    "$..id",
    "$.data..id",
    "$.data..[0]",
    "$['data']['a.b']",
    '$["status"]',
    "$.headers.content-type",
    "$.data.é",
    "$.data['a b']",
    "$.data['a~b']",
    "$.data[?(@.ok == true)]", // filters are syntax; the validator rule refuses them separately
    "$.data[(@.length-1)]",
  ])("accepts %s", (path) => {
    expect(jsonPathSyntaxError(path)).toBeUndefined();
  });

  it.each([
    ["", "the path is empty; a JSONPath starts with $, for example $.data.status"],
    ["data.status", 'a JSONPath starts with $ (for example $.data.status), not "d"'],
    ["$.", 'the path ends with "."; add a property name after it'],
    ["$..", 'the path ends with ".."; add a property name after it'],
    ["$.data.", 'the path ends with "."; add a property name after it'],
    ["$.data...x", '"..." at position 6 is not valid; use . for a child or .. for descendants'],
    ["$.data.[0]", '"." followed by "[" at position 6; write $.a[\'b\'] or $.a.b'],
    ["$.data x", 'unexpected " " at position 6; expected "." or "["'],
    ["$.data.a$b", 'unexpected "$" at position 8; expected "." or "["'],
    ["$.data.^", 'expected a property name after "." at position 7, found "^"; names with characters other than letters, digits, _ and - go in brackets: [\'name\']'],
    ["$.data[", '"[" at position 6 is never closed; add "]"'],
    ["$.data[0", '"[" at position 6 is never closed; add "]"'],
    ["$.data[]", 'empty brackets "[]" at position 6; put a quoted name, an index or * inside'],
    ["$.data[x]", 'unexpected "x" at position 7 inside brackets; quote property names [\'name\'], or use an index [0], a slice [0:2] or *'],
    ["$.data['x]", "the quoted name at position 7 is never closed; add '"],
    ["$.data[0 ]", 'expected "," or "]" at position 8, found " "'],
    ["$.data[-1]", "negative index [-1] at position 7 is not supported; use a slice such as [-1:] instead"],
    ["$.data['a','b']", "only indices can be combined in one bracket, like [0,2] (position 6); use one validator per name"],
    ["$.data['']", "empty property name '' at position 7"],
    ["$.data['*']", "the quoted name '*' at position 7 would be read as an operator, not a property name"],
    ["$.data[?(@.a]", '"(" at position 8 is never closed; add ")"'],
  ])("refuses %j: %s", (path, reason) => {
    expect(jsonPathSyntaxError(path)).toBe(reason);
  });

  it.each(["a^b", "a(b)", "a@b", "a,b", "a;b", "a`b", "a\\b", 'a"b', "a]b"])(
    "refuses a quoted name containing %j, which the evaluator would not read literally",
    (name) => {
      expect(jsonPathSyntaxError(`$.data['${name}']`)).toMatch(/^the quoted name at position 7 contains /);
    },
  );

  it("parses names, indices and descendant segments", () => {
    expect(parseJsonPath("$.data..items[0,2]['a.b']")).toEqual({
      ok: true,
      segments: [
        { descendant: false, selectors: [{ type: "name", name: "data" }] },
        { descendant: true, selectors: [{ type: "name", name: "items" }] },
        { descendant: false, selectors: [{ type: "index", index: 0 }, { type: "index", index: 2 }] },
        { descendant: false, selectors: [{ type: "name", name: "a.b" }] },
      ],
    });
  });
});

// A path that passes the check must select what it says when the response
// validator evaluates it (jsonpath-plus, script evaluation off).
describe("accepted paths evaluate as written", () => {
  const context = {
    data: {
      status: "ok",
      "a.b": 1,
      "x-y": 2,
      "a b": 3,
      items: [{ id: "i1" }, { id: "i2" }, { id: "i3" }],
    },
    status: 200,
    headers: { "content-type": "application/json" },
  };
  it.each<[string, unknown[]]>([
    ["$.data.status", ["ok"]],
    ["$['data']['a.b']", [1]],
    ["$.data['x-y']", [2]],
    ["$.data.x-y", [2]],
    ["$.data['a b']", [3]],
    ["$.data.items[1].id", ["i2"]],
    ["$.data.items[0,2].id", ["i1", "i3"]],
    ["$.data.items[-1:].id", ["i3"]],
    ["$.data.items[0:2].id", ["i1", "i2"]],
    ["$.data.items[*].id", ["i1", "i2", "i3"]],
    ["$.data..id", ["i1", "i2", "i3"]],
    ["$.status", [200]],
    ['$["status"]', [200]],
    ["$.headers.content-type", ["application/json"]],
  ])("%s", (path, expected) => {
    expect(jsonPathSyntaxError(path)).toBeUndefined();
    expect(JSONPath({ path, json: context, wrap: true, eval: false })).toEqual(expected);
  });
});
