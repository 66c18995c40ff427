// The one place where transport failures and response statuses become delivery
// codes. Callers (Test invocation, runtime retries) branch on code/retryable.
// Messages are built from error codes, never from the error's own text, which
// can carry a URL with its query string.
import { isWebhookError, WebhookError } from "../errors";

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL", "ENODATA", "ESERVFAIL"]);

// The runtime's own resources, not the target: a retry later may succeed, and no request was made.
const LOCAL_CODES: Record<string, string> = {
  EMFILE: "the runtime has no file descriptor left (its open-file limit is reached)",
  ENFILE: "the system has no file descriptor left (the system-wide open-file limit is reached)",
  ENOBUFS: "the system has no socket buffer space left",
  ENOMEM: "the runtime is out of memory",
};

const TIMEOUT_CODES = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: "the connection was refused (nothing listens on that port)",
  ECONNRESET: "the connection was reset by the server",
  EPIPE: "the server closed the connection while the request was being sent",
  ECONNABORTED: "the connection was aborted",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  EADDRNOTAVAIL: "no local address is available to connect from",
  UND_ERR_SOCKET: "the server closed the connection before the response was complete",
  UND_ERR_CLOSED: "the connection was closed",
  UND_ERR_HEADERS_OVERFLOW: "the response headers are too large",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the response body does not match its Content-Length",
};

// Node's names for certificate verification failures (OpenSSL X509_V_ERR_* minus the prefix).
const TLS_REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the certificate is not issued by a trusted CA",
  UNABLE_TO_GET_ISSUER_CERT: "the certificate is not issued by a trusted CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the certificate is not issued by a trusted CA",
  SELF_SIGNED_CERT_IN_CHAIN: "the certificate chain ends in an untrusted self-signed CA",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the certificate is self-signed",
  CERT_HAS_EXPIRED: "the certificate has expired",
  CERT_NOT_YET_VALID: "the certificate is not valid yet",
  CERT_REVOKED: "the certificate is revoked",
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate does not cover this host name",
  HOSTNAME_MISMATCH: "the certificate does not cover this host name",
};

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The error and its causes, outermost first (undici and Node wrap socket errors). */
function chain(e: unknown): unknown[] {
  const out: unknown[] = [];
  let cur = e;
  while (cur !== undefined && cur !== null && out.length < 8 && !out.includes(cur)) {
    out.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

function isTlsError(e: unknown, code: string | undefined): boolean {
  if (code && (code in TLS_REASONS || code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_") || code.startsWith("CERT_"))) {
    return true;
  }
  const library = (e as { library?: unknown } | null)?.library;
  return code === "EPROTO" || (typeof library === "string" && /SSL|TLS/i.test(library));
}

/**
 * Maps an error thrown while sending to `host` to a WebhookError.
 * `timedOut` says the caller's deadline fired (its abort is the cause, whatever undici reports).
 */
export function classifyError(err: unknown, ctx: { host: string; timedOut?: boolean; path?: string }): WebhookError {
  const path = ctx.path ?? "url";
  const fail = (code: WebhookError["code"], retryable: boolean, message: string) =>
    new WebhookError({ code, retryable, path, message, cause: err });
  if (ctx.timedOut) {
    return fail("TIMEOUT", true, `no complete response from ${ctx.host} within the timeout; raise timeoutSeconds or make the target answer sooner`);
  }
  const errors = chain(err);
  const own = errors.find(isWebhookError);
  if (own) return own as WebhookError;
  for (const e of errors) {
    const code = errorCode(e);
    if (code && code in LOCAL_CODES) {
      return fail(
        "LOCAL_RESOURCE_EXHAUSTED",
        true,
        `no request to ${ctx.host} was made: ${LOCAL_CODES[code]} (${code}); raise the runtime's open-file limit (ulimit -n) or lower server.maxConnections / delivery.concurrency`,
      );
    }
    if (code && DNS_CODES.has(code)) {
      return fail("DNS_ERROR", true, `DNS lookup of ${ctx.host} failed (${code}); check the host name in the URL`);
    }
    if (code && TIMEOUT_CODES.has(code)) {
      return fail("TIMEOUT", true, `no complete response from ${ctx.host} within the timeout (${code}); raise timeoutSeconds or make the target answer sooner`);
    }
    if (isTlsError(e, code)) {
      const reason = (code && TLS_REASONS[code]) ?? "the TLS handshake failed";
      const hint =
        reason === TLS_REASONS.HOSTNAME_MISMATCH
          ? "use a host name the certificate covers, or fix the certificate"
          : "fix the server's certificate, or have the runtime operator trust its CA with tls.caFile";
      return fail("TLS_ERROR", true, `TLS with ${ctx.host} failed: ${reason}${code ? ` (${code})` : ""}; ${hint}`);
    }
    if (code && code in CONNECTION_CODES) {
      return fail("CONNECTION_ERROR", true, `could not get a response from ${ctx.host}: ${CONNECTION_CODES[code]} (${code})`);
    }
    if (code && code.startsWith("HPE_")) {
      return fail("CONNECTION_ERROR", true, `${ctx.host} sent a response that is not valid HTTP/1.1 (${code})`);
    }
  }
  const code = errors.map(errorCode).find((c) => c !== undefined);
  const name = (err as { name?: unknown } | null)?.name;
  return fail("CONNECTION_ERROR", true, `request to ${ctx.host} failed (${code ?? (typeof name === "string" ? name : "unknown error")})`);
}

export interface StatusClass {
  code: "HTTP_REDIRECT" | "HTTP_STATUS";
  retryable: boolean;
}

/** 2xx → undefined (success); 3xx → not followed, not retryable; 408, 429, 5xx → retryable; other 4xx → final. */
export function classifyStatus(status: number): StatusClass | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return { code: "HTTP_REDIRECT", retryable: false };
  const retryable = status === 408 || status === 429 || status >= 500 || status < 200;
  return { code: "HTTP_STATUS", retryable };
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// The three HTTP-date forms of RFC 9110 §5.6.7, all in GMT.
const IMF_FIXDATE = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 = /^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function httpDate(value: string, now: number): number | undefined {
  let day: string, mon: string, year: number, hh: string, mm: string, ss: string;
  let m = IMF_FIXDATE.exec(value);
  if (m) {
    [, day, mon, , hh, mm, ss] = m;
    year = Number(m[3]);
  } else if ((m = RFC850.exec(value))) {
    [, day, mon, , hh, mm, ss] = m;
    // Two-digit years: a date more than 50 years ahead means the previous century (RFC 9110).
    year = 2000 + Number(m[3]);
    if (year > new Date(now).getUTCFullYear() + 50) year -= 100;
  } else if ((m = ASCTIME.exec(value))) {
    [, mon, day, hh, mm, ss] = m;
    year = Number(m[6]);
  } else {
    return undefined;
  }
  const month = MONTHS.indexOf(mon.toLowerCase());
  if (month < 0) return undefined;
  const t = Date.UTC(year, month, Number(day.trim()), Number(hh), Number(mm), Number(ss));
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The delay a `Retry-After` value asks for, in ms from `now` (epoch ms): delay-seconds or an
 * HTTP-date (a date in the past → 0). undefined when absent or malformed. Clamping is the caller's.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = httpDate(v, now);
  return at === undefined ? undefined : Math.max(0, at - now);
}
