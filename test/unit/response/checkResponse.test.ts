import { evaluateValidators, type ResponseValidator } from "../../../provider/response/checkResponse";

const response = (body: string, status = 200, headers: Record<string, string> = { "content-type": "application/json" }) => ({
  body,
  status,
  headers,
});

const body = JSON.stringify({
  status: "ok",
  count: 3,
  ok: true,
  missing: null,
  items: [{ state: "queued" }, { state: "done" }],
  nested: { a: 1 },
});

describe("evaluateValidators", () => {
  // [name, validator, passed, actual]
  it.each<[string, ResponseValidator, boolean, unknown[]]>([
    ["a string field", { jsonPath: "$.data.status", expectedValues: ["ok"] }, true, ["ok"]],
    ["any of several expected values", { jsonPath: "$.data.status", expectedValues: ["accepted", "ok"] }, true, ["ok"]],
    ["a wrong value", { jsonPath: "$.data.status", expectedValues: ["accepted"] }, false, ["ok"]],
    ["a number compared as a string", { jsonPath: "$.data.count", expectedValues: ["3"] }, true, [3]],
    ["a boolean compared as a string", { jsonPath: "$.data.ok", expectedValues: ["true"] }, true, [true]],
    ["null compared as a string", { jsonPath: "$.data.missing", expectedValues: ["null"] }, true, [null]],
    ["an object compared as JSON", { jsonPath: "$.data.nested", expectedValues: ['{"a":1}'] }, true, [{ a: 1 }]],
    ["multiple matches, one equal", { jsonPath: "$.data.items[*].state", expectedValues: ["done"] }, true, ["queued", "done"]],
    ["multiple matches, none equal", { jsonPath: "$.data.items[*].state", expectedValues: ["failed"] }, false, ["queued", "done"]],
    ["recursive descent", { jsonPath: "$..state", expectedValues: ["queued"] }, true, ["queued", "done"]],
    ["no match at all", { jsonPath: "$.data.nope", expectedValues: ["x"] }, false, []],
    ["the status root", { jsonPath: "$.status", expectedValues: ["200", "201"] }, true, [200]],
    ["the headers root, lower-cased", { jsonPath: "$.headers['content-type']", expectedValues: ["application/json"] }, true, ["application/json"]],
  ])("%s", (_name, validator, passed, actual) => {
    const { results, error } = evaluateValidators([validator], response(body));
    expect(results).toEqual([{ jsonPath: validator.jsonPath, expectedValues: validator.expectedValues, actual, passed }]);
    expect(error?.code).toBe(passed ? undefined : "VALIDATION_FAILED");
  });

  it("passes only when all pass; VALIDATION_FAILED lists each failure with path, actual and expected", () => {
    const { results, error } = evaluateValidators(
      [
        { jsonPath: "$.status", expectedValues: ["200"] },
        { jsonPath: "$.data.status", expectedValues: ["accepted"] },
        { jsonPath: "$.data.items[*].state", expectedValues: ["failed"] },
      ],
      response(body),
    );
    expect(results.map((r) => r.passed)).toEqual([true, false, false]);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", path: "responseValidators[1]", retryable: true });
    expect(error!.message).toBe(
      "the response failed 2 of 3 validators: " +
        'responseValidators[1] $.data.status matched ["ok"], expected one of ["accepted"]; ' +
        'responseValidators[2] $.data.items[*].state matched ["queued","done"], expected one of ["failed"]',
    );
  });

  it("lower-cases header names before evaluation", () => {
    const { error } = evaluateValidators([{ jsonPath: "$.headers.x-request-id", expectedValues: ["abc"] }], response(body, 200, { "X-Request-Id": "abc" }));
    expect(error).toBeUndefined();
  });

  it("RESPONSE_NOT_JSON when a validator reads the body and it is not JSON", () => {
    const { results, error } = evaluateValidators(
      [
        { jsonPath: "$.status", expectedValues: ["200"] },
        { jsonPath: "$.data.status", expectedValues: ["ok"] },
      ],
      response("<html>ok</html>", 200, { "content-type": "text/html" }),
    );
    expect(error).toMatchObject({ code: "RESPONSE_NOT_JSON", path: "responseValidators[1].jsonPath", retryable: true });
    expect(error!.message).toContain("status 200");
    expect(results).toEqual([
      { jsonPath: "$.status", actual: [200], expectedValues: ["200"], passed: true },
      { jsonPath: "$.data.status", actual: [], expectedValues: ["ok"], passed: false },
    ]);
  });

  it("an empty body is not JSON either", () => {
    expect(evaluateValidators([{ jsonPath: "$..ok", expectedValues: ["true"] }], response("", 204)).error?.code).toBe("RESPONSE_NOT_JSON");
  });

  it("validators on status and headers alone do not need a JSON body", () => {
    const { results, error } = evaluateValidators(
      [
        { jsonPath: "$.status", expectedValues: ["204"] },
        { jsonPath: "$['headers']['x-ok']", expectedValues: ["1"] },
      ],
      response("", 204, { "x-ok": "1" }),
    );
    expect(error).toBeUndefined();
    expect(results.every((r) => r.passed)).toBe(true);
  });

  it("RESPONSE_TOO_LARGE (not retryable) when the body was cut at the size limit", () => {
    const { error } = evaluateValidators([{ jsonPath: "$.data.status", expectedValues: ["ok"] }], {
      ...response('{"status":"o'),
      bodyTruncated: true,
    });
    expect(error).toMatchObject({ code: "RESPONSE_TOO_LARGE", path: "responseValidators[0].jsonPath", retryable: false });
  });

  it("accepts a body with a byte-order mark", () => {
    expect(evaluateValidators([{ jsonPath: "$.data.a", expectedValues: ["1"] }], response('\uFEFF{"a":1}')).error).toBeUndefined();
  });

  it("no validators: nothing to check, whatever the body", () => {
    expect(evaluateValidators([], response("not json"))).toEqual({ results: [] });
  });

  it("never evaluates script: a filter expression is CONFIG_INVALID_VALIDATOR", () => {
    (globalThis as { pwned?: boolean }).pwned = false;
    const { error } = evaluateValidators(
      [
        { jsonPath: "$.status", expectedValues: ["200"] },
        { jsonPath: "$.data.items[?(globalThis.pwned = true)]", expectedValues: ["x"] },
      ],
      response(body),
    );
    expect(error).toMatchObject({ code: "CONFIG_INVALID_VALIDATOR", path: "responseValidators[1].jsonPath", retryable: false });
    expect((globalThis as { pwned?: boolean }).pwned).toBe(false);
  });

  it("shortens long actual values in the message", () => {
    const big = JSON.stringify({ blob: "z".repeat(5000) });
    const { error } = evaluateValidators([{ jsonPath: "$.data.blob", expectedValues: ["x"] }], response(big));
    expect(error!.message.length).toBeLessThan(600);
  });
});
