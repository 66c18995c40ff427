// Structured logs: one JSON object per line, `{time, level, msg, ...fields}`.
// Logs are shipped to places with wider access than the runtime's data dir, so
// redaction happens here, for every line, whoever called: fields named like a
// credential, header values and URL query values are masked, and the secrets
// registered at start (the API tokens) are scrubbed from every string.
import { MASK, maskUrl, scrubberFor, type Scrub } from "../delivery/redaction";
import { urlCarriesCredential } from "../model/urlSecrets";

export type LogLevel = "debug" | "info" | "warn" | "error";
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Registers values that must never appear in a line (tokens); scrubbed from every string from now on. */
  addSecrets(...secrets: string[]): void;
}

export interface LoggerOptions {
  /** Receives each line, with its "\n"; default process.stderr. */
  write?: (line: string) => void;
  /** Lines below this level are dropped; default info. */
  level?: LogLevel;
  now?: () => number;
  secrets?: readonly string[];
}

/** Field names whose values are credentials whatever they hold. */
const SECRET_NAME = /token|secret|passw|authorization|cookie|api[-_]?key|credential/i;
/** Field names holding HTTP headers: names stay, values are masked. */
const HEADERS_NAME = /^(request|response)?headers$/i;
/** A URL, anywhere in a string. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>#]*/gi;
// Keeps a pathological object (a cycle, a huge tree) from stalling the process.
const MAX_DEPTH = 8;

/** Masks the credentials (query values, secret paths) of every URL in the text. */
function maskUrlsIn(text: string): string {
  return text.includes("://") ? text.replace(URL_IN_TEXT, (url) => (urlCarriesCredential(url) ? maskUrl(url) : url)) : text;
}

function redactValue(value: unknown, scrub: Scrub, depth: number): unknown {
  if (typeof value === "string") return maskUrlsIn(scrub(value));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (typeof value === "bigint") return value.toString();
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return redactValue({ name: value.name, message: value.message, ...(typeof code === "string" ? { code } : {}) }, scrub, depth + 1);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, scrub, depth + 1));
  return redactFields(value as Record<string, unknown>, scrub, depth + 1);
}

/** A copy of the fields as a log line may show them. */
export function redactFields(fields: Record<string, unknown>, scrub: Scrub = (t) => t, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(fields)) {
    const key = scrub(rawKey);
    if (value === undefined) continue;
    if (SECRET_NAME.test(key)) {
      out[key] = MASK;
    } else if (HEADERS_NAME.test(key) && value !== null && typeof value === "object" && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.keys(value).map((name) => [scrub(name), MASK]));
    } else {
      out[key] = redactValue(value, scrub, depth);
    }
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const min = LOG_LEVELS.indexOf(options.level ?? "info");
  const now = options.now ?? Date.now;
  const secrets = [...(options.secrets ?? [])];
  let scrub = scrubberFor(secrets);

  const log = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    // time, level and msg come first and cannot be overwritten by a field of the same name.
    const line = { time: new Date(now()).toISOString(), level, msg: maskUrlsIn(scrub(msg)), ...withoutReserved(redactFields(fields, scrub)) };
    write(JSON.stringify(line) + "\n");
  };
  return {
    log,
    debug: (msg, fields) => log("debug", msg, fields),
    info: (msg, fields) => log("info", msg, fields),
    warn: (msg, fields) => log("warn", msg, fields),
    error: (msg, fields) => log("error", msg, fields),
    addSecrets(...more) {
      secrets.push(...more);
      scrub = scrubberFor(secrets);
    },
  };
}

function withoutReserved(fields: Record<string, unknown>): Record<string, unknown> {
  const { time: _t, level: _l, msg: _m, ...rest } = fields;
  return rest;
}

/** The level named by WEBHOOKS_LOG_LEVEL, or info. */
export function logLevelOf(text: string | undefined): LogLevel {
  const t = text?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(t ?? "") ? (t as LogLevel) : "info";
}
