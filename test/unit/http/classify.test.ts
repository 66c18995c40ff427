import { classifyError, classifyStatus, parseRetryAfter } from "../../../provider/http/classify";
import { WebhookError } from "../../../provider/errors";

describe("classifyStatus", () => {
  it.each([
    [200, undefined],
    [204, undefined],
    [299, undefined],
    [301, { code: "HTTP_REDIRECT", retryable: false }],
    [302, { code: "HTTP_REDIRECT", retryable: false }],
    [304, { code: "HTTP_REDIRECT", retryable: false }],
    [308, { code: "HTTP_REDIRECT", retryable: false }],
    [400, { code: "HTTP_STATUS", retryable: false }],
    [401, { code: "HTTP_STATUS", retryable: false }],
    [404, { code: "HTTP_STATUS", retryable: false }],
    [408, { code: "HTTP_STATUS", retryable: true }],
    [409, { code: "HTTP_STATUS", retryable: false }],
    [422, { code: "HTTP_STATUS", retryable: false }],
    [429, { code: "HTTP_STATUS", retryable: true }],
    [500, { code: "HTTP_STATUS", retryable: true }],
    [502, { code: "HTTP_STATUS", retryable: true }],
    [503, { code: "HTTP_STATUS", retryable: true }],
    [599, { code: "HTTP_STATUS", retryable: true }],
  ])("%i → %j", (status, expected) => {
    expect(classifyStatus(status)).toEqual(expected);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 10, 21, 12, 0, 0); // Sat, 21 Nov 2026 12:00:00 GMT

  it.each([
    ["120", 120_000],
    ["0", 0],
    [" 5 ", 5_000],
    ["Sat, 21 Nov 2026 12:01:30 GMT", 90_000], // IMF-fixdate
    ["Saturday, 21-Nov-26 12:00:10 GMT", 10_000], // RFC 850
    ["Sat Nov 21 12:00:02 2026", 2_000], // asctime
    ["Sat Nov  1 12:00:00 2026", 0], // asctime, in the past → now
    ["Fri, 20 Nov 2026 12:00:00 GMT", 0], // in the past → now
  ])("%j → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([[undefined], [""], ["-5"], ["1.5"], ["soon"], ["Sat, 21 Foo 2026 12:00:00 GMT"], ["2026-11-21T12:00:00Z"]])(
    "%j → undefined",
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});

describe("classifyError", () => {
  const err = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`boom ${code} https://h/?token=q`), { code, ...extra });

  it.each([
    ["ENOTFOUND", "DNS_ERROR"],
    ["EAI_AGAIN", "DNS_ERROR"],
    ["ECONNREFUSED", "CONNECTION_ERROR"],
    ["ECONNRESET", "CONNECTION_ERROR"],
    ["EPIPE", "CONNECTION_ERROR"],
    ["UND_ERR_SOCKET", "CONNECTION_ERROR"],
    ["HPE_INVALID_CONSTANT", "CONNECTION_ERROR"],
    ["UND_ERR_CONNECT_TIMEOUT", "TIMEOUT"],
    ["UND_ERR_HEADERS_TIMEOUT", "TIMEOUT"],
    ["UND_ERR_BODY_TIMEOUT", "TIMEOUT"],
    ["ETIMEDOUT", "TIMEOUT"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "TLS_ERROR"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "TLS_ERROR"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "TLS_ERROR"],
    ["CERT_HAS_EXPIRED", "TLS_ERROR"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "TLS_ERROR"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "TLS_ERROR"],
    ["EPROTO", "TLS_ERROR"],
    ["SOMETHING_NEW", "CONNECTION_ERROR"],
  ])("%s → %s, retryable, path url, host named, error text not copied", (code, expected) => {
    const out = classifyError(err(code), { host: "hooks.example.com" });
    expect(out).toMatchObject({ code: expected, retryable: true, path: "url" });
    expect(out.message).toContain("hooks.example.com");
    expect(out.message).not.toContain("token=q");
  });

  it.each(["EMFILE", "ENFILE", "ENOBUFS", "ENOMEM"])("%s → LOCAL_RESOURCE_EXHAUSTED: the runtime's own fault, retryable, never DNS_ERROR", (code) => {
    const out = classifyError(err(code, { syscall: "connect" }), { host: "hooks.example.com" });
    expect(out).toMatchObject({ code: "LOCAL_RESOURCE_EXHAUSTED", retryable: true });
    expect(out.message).toContain("no request to hooks.example.com was made");
    // The lookup reports a DNS failure seen while out of descriptors as EMFILE, with the DNS error as its cause.
    const viaDns = err(code, { syscall: "getaddrinfo", cause: err("EAI_AGAIN") });
    expect(classifyError(viaDns, { host: "h" }).code).toBe("LOCAL_RESOURCE_EXHAUSTED");
  });

  it("finds the code on a wrapped cause", () => {
    const wrapped = new Error("fetch failed", { cause: err("ECONNREFUSED") });
    expect(classifyError(wrapped, { host: "h" }).code).toBe("CONNECTION_ERROR");
  });

  it("the caller's deadline wins over whatever undici reports", () => {
    expect(classifyError(err("ECONNRESET"), { host: "h", timedOut: true })).toMatchObject({ code: "TIMEOUT", retryable: true });
  });

  it("passes a WebhookError through unchanged (ADDRESS_REFUSED from the connector)", () => {
    const refused = new WebhookError({ code: "ADDRESS_REFUSED", message: "x", path: "url" });
    expect(classifyError(refused, { host: "h" })).toBe(refused);
  });
});
