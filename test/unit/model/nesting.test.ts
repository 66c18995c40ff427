// The depth check run on every ingest body before JSON.parse: brackets inside strings never count,
// an escaped quote does not end a string, and the index it reports is the first bracket too deep.
import { jsonTextTooDeepAt } from "../../../provider/model/nesting";

/** The plain one-character-at-a-time reading the fast scan must agree with. */
function reference(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      depth++;
      if (depth > limit) return i;
    } else if (c === "}" || c === "]") depth--;
  }
  return undefined;
}

describe("jsonTextTooDeepAt", () => {
  it("reports the index of the first bracket past the limit", () => {
    expect(jsonTextTooDeepAt('{"a":[1,{"b":2}]}', 3)).toBeUndefined();
    expect(jsonTextTooDeepAt('{"a":[1,{"b":2}]}', 2)).toBe(8);
    expect(jsonTextTooDeepAt("[[[[]]]]", 3)).toBe(3);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    expect(jsonTextTooDeepAt('{"x":"[[[[{{{{"}', 1)).toBeUndefined();
    expect(jsonTextTooDeepAt('{"x":"say \\"[[[[\\" twice"}', 1)).toBeUndefined();
    // An escaped backslash before the quote: the string ends there, the bracket after it counts.
    expect(jsonTextTooDeepAt('{"x":"a\\\\",[[1]]}', 2)).toBe(12);
  });

  it("an unterminated string ends the scan without a depth error (JSON.parse reports it)", () => {
    expect(jsonTextTooDeepAt('{"x":"[[[[', 1)).toBeUndefined();
  });

  it("agrees with a one-character-at-a-time reading on generated texts", () => {
    const alphabet = ['"', "\\", "[", "]", "{", "}", "a", ",", ":"];
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 20_000; n++) {
      const len = next() % 40;
      let text = "";
      for (let i = 0; i < len; i++) text += alphabet[next() % alphabet.length];
      const limit = next() % 5;
      expect([text, limit, jsonTextTooDeepAt(text, limit)]).toEqual([text, limit, reference(text, limit)]);
    }
  });
});
