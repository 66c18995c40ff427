// A Test invocation's record turned into the `lastTest` output and into the
// error that fails `pulumi up`: every part a person needs, no secret.
import type { InvocationRecord } from "../../../provider/delivery/invocationRecord";
import { lastTestOf, testFailureError } from "../../../provider/resources/testResult";
import { TERRAFORM_WORDS } from "../../../provider/resources/toolWords";

const base: InvocationRecord = {
  deliveryId: "dlv_t",
  eventType: "RequestCreated",
  isTest: true,
  attempt: 1,
  startedAt: "2026-02-03T04:05:06.000Z",
  durationMs: 41,
  request: { method: "POST", url: "https://hooks.example.com/in?token=raw-query-secret", headers: {}, body: "{}" },
  response: { status: 200, headers: {}, body: '{"status":"nope"}', bodyBytes: 17, bodyTruncated: false },
  validators: [],
  result: "success",
};

describe("Test invocation results", () => {
  it("lastTest of a success has the status and no error code", () => {
    expect(lastTestOf(base)).toEqual({ success: true, statusCode: 200, durationMs: 41, testedAt: "2026-02-03T04:05:06.000Z" });
  });

  it("lastTest of a connection failure has the error code and no status", () => {
    const failed: InvocationRecord = { ...base, response: undefined, result: "failure", error: { code: "TLS_ERROR", message: "certificate", retryable: false } };
    expect(lastTestOf(failed)).toEqual({ success: false, durationMs: 41, testedAt: base.startedAt, errorCode: "TLS_ERROR" });
  });

  it("a validator failure names the validator, the response lines, and masks the URL query", () => {
    const body = Array.from({ length: 14 }, (_, i) => `line ${i + 1}`).join("\n");
    const failed: InvocationRecord = {
      ...base,
      response: { ...base.response!, body },
      validators: [{ jsonPath: "$.data.status", actual: ["nope"], expectedValues: ["ok"], passed: false }],
      result: "failure",
      error: { code: "VALIDATION_FAILED", message: "1 of 1 response validators failed", retryable: true },
    };
    const e = testFailureError(failed, "Hook");
    expect(e.code).toBe("VALIDATION_FAILED");
    expect(e.message.split("\n").slice(0, 4)).toEqual([
      'webhook "Hook": Test invocation failed: VALIDATION_FAILED: 1 of 1 response validators failed',
      "POST https://hooks.example.com/in?token=**** → 200 (41 ms)",
      'validator $.data.status: got ["nope"], expected one of ["ok"]',
      "Response body (first lines):",
    ]);
    expect(e.message).toContain("  line 10\n  … 4 more line(s)\n");
    expect(e.message).not.toContain("line 11");
    expect(e.message).not.toContain("raw-query-secret");
  });

  it("a failure without a response says so and still says nothing was registered", () => {
    const failed: InvocationRecord = {
      ...base,
      response: undefined,
      result: "failure",
      error: { code: "DNS_ERROR", message: "hooks.example.com does not resolve", retryable: true },
    };
    const lines = testFailureError(failed, "Hook").message.split("\n");
    expect(lines[1]).toBe("POST https://hooks.example.com/in?token=**** → no response (41 ms)");
    expect(lines[2]).toMatch(/^Nothing was registered\./);
  });

  it("names the tool's own command and settings: Pulumi's by default, Terraform's when the adapter says so", () => {
    const failed: InvocationRecord = { ...base, response: undefined, result: "failure", error: { code: "TIMEOUT", message: "no answer", retryable: true } };
    expect(testFailureError(failed, "Hook").message).toContain("run pulumi up again; set testBeforeApply: false to register without the test");
    const tf = testFailureError(failed, "Hook", TERRAFORM_WORDS).message;
    expect(tf).toContain("(or the webhook's url, headers, authentication or response_validators) and run terraform apply (tofu apply) again; set test_before_apply = false");
    expect(tf).not.toMatch(/pulumi|testBeforeApply/i);
  });
});
