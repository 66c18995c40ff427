import { describeInvocation, type InvocationRecord } from "../../../provider/delivery";

const base: InvocationRecord = {
  deliveryId: "test_1",
  eventType: "RequestCreated",
  isTest: true,
  attempt: 1,
  startedAt: "2026-05-01T00:00:00.000Z",
  durationMs: 42,
  request: {
    method: "POST",
    url: "https://hooks.test/in?token=****",
    headers: { "X-Api-Key": "****", "Content-Type": "application/json", "webhook-id": "test_1" },
    body: '{"a": 1}',
  },
  response: { status: 200, headers: { "content-type": "application/json" }, body: '{"status":"ok"}', bodyBytes: 15, bodyTruncated: false },
  validators: [{ jsonPath: "$.data.status", actual: ["ok"], expectedValues: ["ok"], passed: true }],
  result: "success",
};

describe("describeInvocation", () => {
  it("shows a success: headline, request line, masked headers, bodies and validators", () => {
    expect(describeInvocation(base)).toBe(
      [
        "Test invocation succeeded",
        "POST https://hooks.test/in?token=**** → 200 (42 ms)",
        "Request headers:",
        "  X-Api-Key: ****",
        "  Content-Type: application/json",
        "  webhook-id: test_1",
        "Request body:",
        '  {"a": 1}',
        "Response headers:",
        "  content-type: application/json",
        "Response body:",
        '  {"status":"ok"}',
        "Validators:",
        '  ✓ $.data.status: actual ["ok"], expected one of ["ok"]',
        "",
      ].join("\n"),
    );
  });

  it("shows a failure with its code and message first, and a failed validator with ✗", () => {
    const text = describeInvocation({
      ...base,
      validators: [{ jsonPath: "$.data.status", actual: [], expectedValues: ["ok", "queued"], passed: false }],
      result: "failure",
      error: { code: "VALIDATION_FAILED", message: "the response failed 1 of 1 validators", retryable: true, path: "responseValidators[0]" },
    });
    expect(text.split("\n")[0]).toBe("Test invocation failed: VALIDATION_FAILED: the response failed 1 of 1 validators");
    expect(text).toContain('  ✗ $.data.status: actual [], expected one of ["ok","queued"]\n');
  });

  it("shows 'no response' when nothing came back, and names a runtime attempt by number", () => {
    const text = describeInvocation({
      ...base,
      isTest: false,
      attempt: 4,
      response: undefined,
      validators: [],
      result: "failure",
      error: { code: "TIMEOUT", message: "no complete response from hooks.test within the timeout", retryable: true, path: "url" },
    });
    expect(text.split("\n").slice(0, 2)).toEqual([
      "Delivery attempt 4 failed: TIMEOUT: no complete response from hooks.test within the timeout",
      "POST https://hooks.test/in?token=**** → no response (42 ms)",
    ]);
    expect(text).not.toContain("Response");
  });

  it("shows the first 20 lines of a long response body and says how many are left out", () => {
    const body = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join("\n");
    const text = describeInvocation({ ...base, response: { ...base.response!, body, bodyBytes: body.length } });
    expect(text).toContain("  line 20\n  … 5 more line(s)\n");
    expect(text).not.toContain("line 21");
  });

  it("says when the record kept only part of the response body, and shows an empty one as (empty)", () => {
    expect(describeInvocation({ ...base, response: { ...base.response!, bodyBytes: 200_000, bodyTruncated: true } })).toContain(
      "Response body (first part of 200000 bytes):\n",
    );
    expect(describeInvocation({ ...base, response: { ...base.response!, body: "", bodyBytes: 0 } })).toContain("Response body: (empty)\n");
  });

  it("mentions the OAuth refresh and the Retry-After delay", () => {
    const text = describeInvocation({ ...base, oauthTokenRefreshed: true, retryAfterMs: 120_000 });
    expect(text).toContain("a new OAuth token was fetched and the request sent again");
    expect(text).toContain("Retry-After: 120 s\n");
  });
});
