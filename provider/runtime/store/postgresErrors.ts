// What a PostgreSQL or network failure means for a caller of the store. Every
// failure of the database becomes STORE_UNAVAILABLE (the API answers 503, the
// worker backs off), with a message that says what failed and what to check.
// Messages and causes never carry the store's password: pg's own texts can echo
// the host (fine), and a text or cause that contains the password is left out.
import { inspect } from "node:util";
import { isWebhookError, WebhookError } from "../../errors";

/** Network errors of Node's sockets and DNS: the server is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** pg's own errors carry no code; these texts are what it throws when a connection ends or cannot be made. */
const DRIVER_CONNECTION_TEXT =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|connection timeout|after calling end on the pool|client was closed/i;
const TLS_TEXT = /\bssl\b|\btls\b|certificate/i;

interface ErrorLike {
  code?: unknown;
  severity?: unknown;
  syscall?: unknown;
  constraint?: unknown;
  detail?: unknown;
  message?: unknown;
  errors?: unknown;
}

const fields = (e: unknown): ErrorLike => (typeof e === "object" && e !== null ? (e as ErrorLike) : {});

/** The SQLSTATE of an error the server sent (pg's DatabaseError), else undefined. */
export function sqlStateOf(e: unknown): string | undefined {
  const { code, severity } = fields(e);
  return typeof code === "string" && typeof severity === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function networkCodeOf(e: unknown): string | undefined {
  const { code, syscall } = fields(e);
  if (typeof code !== "string") return undefined;
  return NETWORK_CODES.has(code) || (typeof syscall === "string" && /^E[A-Z]+$/.test(code)) ? code : undefined;
}

const messageOf = (e: unknown): string => {
  const m = fields(e).message;
  return typeof m === "string" ? m : "";
};

/** The connection failed or was lost (not one statement): nothing of the open transaction was committed. */
export function isConnectionError(e: unknown): boolean {
  const state = sqlStateOf(e);
  if (state !== undefined) return state.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03" || state === "53300";
  return networkCodeOf(e) !== undefined || DRIVER_CONNECTION_TEXT.test(messageOf(e));
}

/** pg refused the query before sending it: the client had already lost its connection. */
export function isUnsent(e: unknown): boolean {
  return /is not queryable/.test(messageOf(e));
}

/** A deadlock or serialization failure: running the whole transaction again may well succeed. */
export function isTransactionConflict(e: unknown): boolean {
  const state = sqlStateOf(e);
  return state === "40001" || state === "40P01";
}

function isTlsError(e: unknown): boolean {
  const { code } = fields(e);
  return (typeof code === "string" && /CERT|TLS|SSL|SELF_SIGNED/.test(code)) || TLS_TEXT.test(messageOf(e));
}

/** Whether the error came from the database or the connection to it (not from our own code). */
export function isDatabaseError(e: unknown): boolean {
  return sqlStateOf(e) !== undefined || isConnectionError(e) || isTlsError(e);
}

interface Meaning {
  what: string;
  check: string;
  retryable: boolean;
}

function meaningOf(e: unknown): Meaning {
  const state = sqlStateOf(e) ?? "";
  if (state === "53300") {
    return {
      what: "the PostgreSQL server has no free connection slots",
      check: "lower poolSize on the runtime nodes or raise the server's max_connections",
      retryable: true,
    };
  }
  if (isConnectionError(e)) {
    return {
      what: "the PostgreSQL store could not be reached or dropped the connection",
      check: "check that the server is running and reachable at the store URL's host and port; the call was not acknowledged, so it can be sent again",
      retryable: true,
    };
  }
  if (state.startsWith("28")) {
    return { what: "the PostgreSQL server refused the store's login", check: "check the user name and password in the store URL", retryable: false };
  }
  if (state === "3D000") {
    return { what: "the store's PostgreSQL database does not exist", check: "create it, or fix the database name in the store URL", retryable: false };
  }
  if (isTransactionConflict(e)) {
    return {
      what: "a PostgreSQL transaction kept conflicting with another node's (deadlock or serialization failure)",
      check: "send the call again",
      retryable: true,
    };
  }
  if (state.startsWith("53")) {
    return { what: "the PostgreSQL server is out of resources", check: "check its disk space and memory", retryable: true };
  }
  if (state === "57014") {
    return { what: "a PostgreSQL statement was cancelled", check: "check the server's statement_timeout and its load", retryable: true };
  }
  if (state === "" && isTlsError(e)) {
    return { what: "the TLS connection to the PostgreSQL server failed", check: "check sslmode in the store URL and the server's certificate", retryable: false };
  }
  return {
    what: "the PostgreSQL store failed",
    check: "check the server's log, and that no one changed the webhooks schema by hand",
    // Bad data or a changed schema fails the same way again; anything else may be passing.
    retryable: !/^(22|23|42)/.test(state),
  };
}

const containsAny = (text: string, secrets: readonly string[]): boolean => secrets.some((s) => s !== "" && text.includes(s));

/** "57P01: terminating connection …", without any text that contains a secret. */
function detailOf(e: unknown, secrets: readonly string[]): string {
  const code = sqlStateOf(e) ?? networkCodeOf(e) ?? (typeof fields(e).code === "string" ? (fields(e).code as string) : "");
  const message = messageOf(e);
  const text = containsAny(message, secrets) ? "" : message;
  if (code === "") return text === "" ? "no detail" : text;
  return text === "" || text.includes(code) ? code : `${code}: ${text}`;
}

/** The name in a unique violation's detail: `Key (name)=(x) already exists.` */
function clashingName(e: unknown): string | undefined {
  const detail = fields(e).detail;
  return typeof detail === "string" ? /^Key \(name\)=\((.*)\) already exists\.$/s.exec(detail)?.[1] : undefined;
}

/**
 * A database failure as a WebhookError (STORE_UNAVAILABLE; API_NAME_TAKEN for the live-name index);
 * our own WebhookErrors and errors of our own code pass through. `secrets`: texts never to repeat (the password).
 */
export function storeErrorOf(e: unknown, secrets: readonly string[]): unknown {
  if (isWebhookError(e) || !isDatabaseError(e)) return e;
  if (sqlStateOf(e) === "23505" && fields(e).constraint === "webhooks_live_name") {
    const name = clashingName(e);
    return new WebhookError({
      code: "API_NAME_TAKEN",
      path: "name",
      message: `name ${name === undefined ? "" : `"${name}" `}is already used by another webhook; choose another name, or update or delete that webhook`,
    });
  }
  const { what, check, retryable } = meaningOf(e);
  // The cause helps an operator (stack, server fields) unless it could print the password.
  const cause = containsAny(inspect(e, { depth: 4 }), secrets) ? undefined : e;
  return new WebhookError({ code: "STORE_UNAVAILABLE", retryable, message: `${what} (${detailOf(e, secrets)}); ${check}`, cause });
}
