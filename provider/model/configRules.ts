// Field-level rules of the webhook configuration (product.md §3), as plain
// functions returning problems, so the zod schemas and their tests share them.
// Messages never quote a value that may be secret: header values, tokens,
// client secrets, signing secrets, and URLs (their query may carry a token).
import type { ConfigCode } from "../errors";
import { parseJsonPath } from "./jsonPathSyntax";

/** One rule violation; `path` is relative to the value checked. */
export interface Problem {
  code: ConfigCode;
  message: string;
  path: PropertyKey[];
}

const problem = (code: ConfigCode, message: string, path: PropertyKey[] = []): Problem => ({ code, message, path });

export const METHODS = ["POST", "PUT", "PATCH", "DELETE", "GET"] as const;
export type HttpMethod = (typeof METHODS)[number];
/** Methods whose request carries the rendered body, so a template is required. */
export const BODY_METHODS: readonly string[] = ["POST", "PUT", "PATCH"];

export const AUTH_TYPES = ["none", "bearer", "oauth"] as const;

/** Set by the transport or by the runtime itself (Standard Webhooks), never by the user. */
export const FORBIDDEN_HEADERS = [
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
] as const;

export const MAX_URL_LENGTH = 2048;
export const TIMEOUT_RANGE = { min: 1, max: 60 } as const;
export const NAME_MAX_LENGTH = 100;

const NAME_CHARS = /^[A-Za-z0-9 ._-]*$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 9110 §5.6.2
// What undici accepts in a field value: HTAB, visible ASCII, and obs-text.
const BAD_FIELD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const WHITESPACE_OR_CONTROL = /[\s\x00-\x1f\x7f]/;

export function nameProblems(name: string): Problem[] {
  const code = "CONFIG_INVALID_NAME";
  if (name.length === 0) return [problem(code, "name is empty; give the webhook a name of 1-100 letters, digits, spaces, -, _ or .")];
  const out: Problem[] = [];
  if (name.length > NAME_MAX_LENGTH) {
    out.push(problem(code, `name is ${name.length} characters long; shorten it to at most ${NAME_MAX_LENGTH}`));
  }
  if (!NAME_CHARS.test(name)) {
    const bad = [...new Set([...name].filter((c) => !NAME_CHARS.test(c)))].map((c) => JSON.stringify(c)).join(", ");
    out.push(problem(code, `name contains ${bad}; use only letters A-Z a-z, digits, spaces, -, _ and .`));
  }
  if (name.trim() === "") {
    out.push(problem(code, "name is blank; give the webhook a name with at least one letter or digit"));
  } else if (name !== name.trim()) {
    out.push(problem(code, "name starts or ends with a space; remove the surrounding spaces"));
  }
  return out;
}

export interface HttpsUrlRules {
  code: ConfigCode;
  /** The field's name in messages, e.g. `url`. */
  field: string;
  /** The webhook URL must use the default port (Apono's rule); a token endpoint may use any. */
  allowPort: boolean;
}

/** The rules of an https URL. The URL itself is never quoted: its query may carry a token. */
export function httpsUrlProblems(raw: string, rules: HttpsUrlRules): Problem[] {
  const { code, field } = rules;
  if (raw.length === 0) return [problem(code, `${field} is empty; set it to an https:// URL`)];
  if (raw.length > MAX_URL_LENGTH) {
    return [problem(code, `${field} is ${raw.length} characters long; the limit is ${MAX_URL_LENGTH}`)];
  }
  if (WHITESPACE_OR_CONTROL.test(raw)) {
    return [problem(code, `${field} contains whitespace or control characters; percent-encode them (a space is %20)`)];
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [problem(code, `${field} is not a valid URL; write it in full, like https://hooks.example.com/path`)];
  }
  const out: Problem[] = [];
  if (url.protocol !== "https:") {
    const scheme = url.protocol.replace(/:$/, "");
    out.push(problem(code, `${field} uses ${scheme}:; only https:// is allowed, so change the scheme to https`));
  }
  if (url.hostname === "") out.push(problem(code, `${field} has no host; write it like https://hooks.example.com/path`));
  if (/@/.test(authorityOf(raw)) || url.username !== "" || url.password !== "") {
    out.push(
      problem(code, `${field} contains user credentials (user:password@); remove them and use authentication or headers instead`),
    );
  }
  if (!rules.allowPort && url.port !== "") {
    out.push(problem(code, `${field} has port ${url.port}; only the default https port (443) is allowed, so remove the port`));
  }
  if (raw.includes("#")) {
    out.push(problem(code, `${field} has a fragment (#...); it is never sent to the server, so remove it`));
  }
  return out;
}

/** The `user@host:port` part of a URL as written. */
function authorityOf(raw: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(raw);
  return m ? m[1] : "";
}

/** Drops an explicit default port (`:443`, or a bare `:`) so equal URLs compare equal. */
export function normaliseHttpsUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#]*?):(?:0*443)?(?=[/?#]|$)/i, "$1");
}

/** Rules on the header map as a whole; values are secret and never quoted. */
export function headerProblems(headers: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) {
      out.push(
        problem(
          "CONFIG_INVALID_HEADER",
          `header name ${JSON.stringify(name)} is not a valid HTTP field name; use letters, digits and !#$%&'*+-.^_\`|~ only (no spaces or colons)`,
          [name],
        ),
      );
    } else if ((FORBIDDEN_HEADERS as readonly string[]).includes(lower)) {
      out.push(problem("CONFIG_FORBIDDEN_HEADER", forbiddenHeaderMessage(name), [name]));
    }
    const first = seen.get(lower);
    if (first !== undefined) {
      out.push(
        problem(
          "CONFIG_INVALID_HEADER",
          `headers ${JSON.stringify(first)} and ${JSON.stringify(name)} are the same header (names ignore case); keep one of them`,
          [name],
        ),
      );
    } else {
      seen.set(lower, name);
    }
    if (typeof value === "string" && BAD_FIELD_VALUE_CHAR.test(value)) {
      out.push(
        problem(
          "CONFIG_INVALID_HEADER",
          `the value of header ${JSON.stringify(name)} contains a line break, NUL or another control character ` +
            `(or a character above U+00FF); put the value on one line of printable text`,
          [name],
        ),
      );
    }
  }
  return out;
}

function forbiddenHeaderMessage(name: string): string {
  const lower = name.toLowerCase();
  const why = lower.startsWith("webhook-")
    ? "the runtime sets the Standard Webhooks headers on every delivery (webhook-signature when signingSecret is set)"
    : "the HTTP client sets it from the request itself";
  return `header ${JSON.stringify(name)} cannot be set: ${why}; remove it from headers`;
}

/** A bearer token goes into the Authorization header, so it must be a valid field value. */
export function bearerTokenProblems(token: string): Problem[] {
  if (token.length === 0) return [problem("CONFIG_INVALID_AUTH", "authentication.token is empty; set it to the API token the target expects")];
  if (BAD_FIELD_VALUE_CHAR.test(token)) {
    return [
      problem(
        "CONFIG_INVALID_AUTH",
        "authentication.token contains a line break or another control character; remove it (a trailing newline from a file is the usual cause)",
      ),
    ];
  }
  return [];
}

/** `field` must not be empty (OAuth client id and secret). */
export function nonEmptyProblems(value: string, field: string, what: string): Problem[] {
  return value.length === 0 ? [problem("CONFIG_INVALID_AUTH", `${field} is empty; set it to ${what}`)] : [];
}

export function scopeProblems(scope: string): Problem[] {
  if (scope.length === 0) return [problem("CONFIG_INVALID_AUTH", "an OAuth scope is empty; remove it or name the scope")];
  if (/\s/.test(scope)) {
    return [
      problem(
        "CONFIG_INVALID_AUTH",
        `OAuth scope ${JSON.stringify(scope)} contains whitespace; list each scope as its own string, e.g. ["read", "write"]`,
      ),
    ];
  }
  return [];
}

export function timeoutProblems(seconds: number): Problem[] {
  if (Number.isInteger(seconds) && seconds >= TIMEOUT_RANGE.min && seconds <= TIMEOUT_RANGE.max) return [];
  return [
    problem(
      "CONFIG_INVALID_TIMEOUT",
      `timeoutSeconds is ${seconds}; it must be a whole number of seconds from ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max}`,
    ),
  ];
}

/** Where a response validator may look: the evaluation context is `{data, status, headers}` (product.md §3). */
export const VALIDATOR_ROOTS = ["data", "status", "headers"] as const;

export function validatorPathProblems(path: string): Problem[] {
  const code = "CONFIG_INVALID_VALIDATOR";
  const parsed = parseJsonPath(path);
  if (!parsed.ok) return [problem(code, `jsonPath is not valid JSONPath: ${parsed.reason}`)];
  const selectors = parsed.segments.flatMap((s) => s.selectors);
  if (selectors.some((s) => s.type === "filter" || s.type === "script")) {
    return [
      problem(
        code,
        "jsonPath uses a filter or script expression (?(...) or (...)); script evaluation is never enabled, " +
          "so select the value by name or index instead, e.g. $.data.items[0].status",
      ),
    ];
  }
  const [first, second] = parsed.segments;
  const root = first?.selectors.length === 1 ? first.selectors[0] : undefined;
  if (
    first === undefined ||
    first.descendant ||
    root?.type !== "name" ||
    !(VALIDATOR_ROOTS as readonly string[]).includes(root.name)
  ) {
    return [
      problem(
        code,
        "jsonPath must start with $.data (the response JSON body), $.status (the status code) or $.headers (the response headers), e.g. $.data.status",
      ),
    ];
  }
  const header = second?.selectors.length === 1 ? second.selectors[0] : undefined;
  if (root.name === "headers" && header?.type === "name" && header.name !== header.name.toLowerCase()) {
    return [
      problem(
        code,
        `jsonPath selects response header "${header.name}", but header names are lower-cased before validation, so it never matches; ` +
          `write it as "${header.name.toLowerCase()}"`,
      ),
    ];
  }
  return [];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SIGNING_SECRET_HOWTO = "make one with: echo whsec_$(openssl rand -base64 32)";

/** Standard Webhooks secret: `whsec_` + base64 of 24-64 random bytes. The value is never quoted. */
export function signingSecretProblems(secret: string): Problem[] {
  const code = "CONFIG_INVALID_SIGNING_SECRET";
  if (!secret.startsWith("whsec_")) {
    return [problem(code, `signingSecret must have the Standard Webhooks form whsec_<base64>; ${SIGNING_SECRET_HOWTO}`)];
  }
  const b64 = secret.slice("whsec_".length);
  if (b64.length === 0 || !BASE64.test(b64)) {
    return [problem(code, `signingSecret is not valid base64 after "whsec_"; ${SIGNING_SECRET_HOWTO}`)];
  }
  const bytes = (b64.length / 4) * 3 - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0);
  if (bytes < 24 || bytes > 64) {
    return [problem(code, `signingSecret decodes to ${bytes} bytes; it must be 24 to 64 bytes, so ${SIGNING_SECRET_HOWTO}`)];
  }
  return [];
}

/** Each value appears once; the path of every repeat is `[index]`. */
export function duplicateProblems(values: readonly unknown[], code: ConfigCode, field: string): Problem[] {
  const out: Problem[] = [];
  values.forEach((v, i) => {
    const first = values.indexOf(v);
    if (first !== i) out.push(problem(code, `${field}[${i}] repeats ${JSON.stringify(v)} (already at [${first}]); remove the repeat`, [i]));
  });
  return out;
}

/** A filter value must name something: blank strings never match and are a mistake. */
export function filterValueProblems(value: string, field: string): Problem[] {
  return value.trim() === ""
    ? [problem("CONFIG_INVALID_FILTER", `a value in ${field} is empty; remove it or write the id or name to match`)]
    : [];
}
