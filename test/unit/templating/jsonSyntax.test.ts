// The explanation of a JSON failure (offset and reason) used in
// TEMPLATE_INVALID_JSON and TEMPLATE_NESTED_JSON_INVALID messages.
import fc from "fast-check";
import { jsonSyntaxProblem } from "../../../provider/templating/jsonSyntax";

describe("jsonSyntaxProblem", () => {
  it.each([
    [`{"a": 1}`, undefined],
    [`[1, -0.5e+3, true, false, null, "\\u00e9\\n"]`, undefined],
    [``, { offset: 0, reason: "the text is empty" }],
    [`{"a": 1,}`, { offset: 8, reason: "unexpected `}`" }],
    [`{"a" 1}`, { offset: 5, reason: "unexpected `1`" }],
    [`{"a": "x\ny"}`, { offset: 8, reason: "a raw control character (U+000A) inside a string; it must be escaped, e.g. \\n" }],
    [`{"a": "\\x"}`, { offset: 8, reason: "an invalid escape \\x inside a string" }],
    [`{"a": "\\u12"}`, { offset: 11, reason: "an invalid \\u escape: it needs four hex digits" }],
    [`{"a": "abc`, { offset: 10, reason: "a string is not closed" }],
    [`[01]`, { offset: 2, reason: "unexpected `1`" }],
    [`{"a": 1} x`, { offset: 9, reason: "unexpected `x` after the end of the JSON value" }],
    [`{"a": tru}`, { offset: 9, reason: "unexpected `}`" }],
    [`[1, 2`, { offset: 5, reason: "unexpected end of the text" }],
  ])("%j", (text, expected) => {
    expect(jsonSyntaxProblem(text)).toEqual(expected);
  });

  it("finds a problem exactly when JSON.parse fails, at the position V8 names when it names one", () => {
    const token = fc.constantFrom("{", "}", "[", "]", ",", ":", " ", '"a"', '"\\"', "1", "-", "0", ".5", "e3", "true", "nul", '"\n"', "\\u", "x");
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }).map((t) => t.join("")), (text) => {
        let v8: string | undefined;
        try {
          JSON.parse(text);
        } catch (e) {
          v8 = (e as Error).message;
        }
        const problem = jsonSyntaxProblem(text);
        expect(problem === undefined).toBe(v8 === undefined);
        const named = v8 === undefined ? null : /at position (\d+)/.exec(v8);
        if (problem !== undefined && named !== null) expect(problem.offset).toBe(Number(named[1]));
      }),
      { numRuns: 500 },
    );
  });
});
