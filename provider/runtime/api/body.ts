// Reading a JSON request body with a size limit and a share of the bytes-in-
// flight budget. Above the limit the body is not kept (a client must not be
// able to make the runtime buffer an arbitrary amount): the request is refused
// with 413, the rest of the body is read and dropped for a short while so the
// client sees the answer rather than a reset, and the connection is closed.
import type { IncomingMessage } from "node:http";
import { jsonTextTooDeepAt } from "../../model/nesting";
import { apiError } from "./apiError";
import type { BodyReservation } from "./bodyBudget";

/**
 * No body the API takes nests deeper than a batch of events (2 levels) around an event (64, see parseEvent);
 * handlers walk bodies recursively, so anything deeper is refused before they run.
 */
export const MAX_BODY_DEPTH = 128;

/** How long a refused body is still read (and dropped) so the client can finish writing and read the answer. */
export const DRAIN_REFUSED_MS = 2_000;

/** Seconds a client is asked to wait (Retry-After) when the bytes-in-flight budget is full. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

// Fatal: a replacement character would silently change what the client sent (and what a signature covers).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function tooLarge(limit: number) {
  return apiError("API_BODY_TOO_LARGE", `the request body is larger than ${limit} bytes (ingest.maxBodyBytes); send fewer events per request`);
}

function busy() {
  return apiError(
    "API_BUSY",
    `the runtime holds as many request bytes as ingest.maxBytesInFlight allows; send the request again after ${BUSY_RETRY_AFTER_SECONDS} s (Retry-After)`,
  );
}

/**
 * Reads and drops what is left of a refused body, for at most DRAIN_REFUSED_MS, so the answer goes to a client
 * that has finished writing (it sees the 413, not a reset); the server closes the connection after the answer.
 */
function drop(req: IncomingMessage): Promise<void> {
  req.removeAllListeners("data");
  req.on("data", () => undefined);
  req.on("error", () => undefined);
  req.resume();
  if (req.complete) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAIN_REFUSED_MS);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    req.once("end", done);
    req.once("close", done);
  });
}

/** Whether the Content-Type is JSON (`application/json`, `application/*+json`); absent counts as JSON for curl-style clients. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined || header.trim() === "") return true;
  const type = header.split(";")[0].trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * The raw body. API_UNSUPPORTED_MEDIA_TYPE for a non-JSON Content-Type, API_BODY_TOO_LARGE as soon as more than
 * `limit` bytes are announced or arrive, API_BUSY when the bytes would not fit in the budget.
 */
export function readBody(req: IncomingMessage, limit: number, reservation?: BodyReservation): Promise<Buffer> {
  const refuse = async (e: Error): Promise<never> => {
    await drop(req);
    throw e;
  };
  if (!isJsonContentType(req.headers["content-type"])) {
    return refuse(apiError("API_UNSUPPORTED_MEDIA_TYPE", "the request body must be JSON: send Content-Type: application/json"));
  }
  const announced = Number(req.headers["content-length"]);
  const known = req.headers["content-length"] !== undefined && Number.isFinite(announced);
  if (known && announced > limit) return refuse(tooLarge(limit));
  if (known && reservation !== undefined && !reservation.grow(announced)) return refuse(busy());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      const refused = size > limit ? tooLarge(limit) : !known && reservation !== undefined && !reservation.grow(chunk.length) ? busy() : undefined;
      if (refused !== undefined) {
        chunks.length = 0;
        finish(() => void drop(req).then(() => reject(refused)));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks, size)));
    const onError = (e: Error) => finish(() => reject(e));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** JSON text parsed; API_INVALID_JSON when it is empty, not JSON, or nested more than `maxDepth` levels. */
export function parseJsonText(text: string, maxDepth: number): unknown {
  if (text.trim() === "") throw apiError("API_INVALID_JSON", "the request body is empty; send a JSON document");
  // Before parsing: a too-deep document is never built, and nothing walks a parsed one per key.
  if (jsonTextTooDeepAt(text, maxDepth) !== undefined) {
    throw apiError("API_INVALID_JSON", `the request body nests arrays or objects more than ${maxDepth} levels deep; no endpoint takes that`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // JSON.parse may quote part of the text, which can be a secret (a token in a registration): only the position is kept.
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : "");
    throw apiError("API_INVALID_JSON", `the request body is not valid JSON${at === null ? "" : ` (at character ${at[1]})`}; send a JSON document`);
  }
}

/** The body parsed as JSON; API_INVALID_JSON when it is empty, not UTF-8, not JSON, or nested too deep. */
export async function readJson(req: IncomingMessage, limit: number, reservation?: BodyReservation): Promise<unknown> {
  const raw = await readBody(req, limit, reservation);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw apiError("API_INVALID_JSON", "the request body is not valid UTF-8; send the JSON document encoded as UTF-8");
  }
  return parseJsonText(text, MAX_BODY_DEPTH);
}
