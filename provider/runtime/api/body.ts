// Reading a JSON request body with a size limit. Above the limit the body is
// not read any further (a client must not be able to make the runtime buffer
// an arbitrary amount): the request is refused with 413 and the connection is
// closed after the answer.
import type { IncomingMessage } from "node:http";
import { tooDeepAt } from "../../model/nesting";
import { apiError } from "./apiError";

/**
 * No body the API takes nests deeper than a batch of events (2 levels) around an event (64, see parseEvent);
 * handlers walk bodies recursively, so anything deeper is refused before they run.
 */
export const MAX_BODY_DEPTH = 128;

// Fatal: a replacement character would silently change what the client sent (and what a signature covers).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function tooLarge(limit: number) {
  return apiError("API_BODY_TOO_LARGE", `the request body is larger than ${limit} bytes (ingest.maxBodyBytes); send fewer events per request`);
}

/** The raw body, or API_BODY_TOO_LARGE as soon as more than `limit` bytes are announced or arrive. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const announced = Number(req.headers["content-length"]);
  if (Number.isFinite(announced) && announced > limit) return Promise.reject(tooLarge(limit));
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
      if (size > limit) {
        req.pause();
        finish(() => reject(tooLarge(limit)));
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

/** The body parsed as JSON; API_INVALID_JSON when it is empty, not UTF-8, not JSON, or nested too deep. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readBody(req, limit);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw apiError("API_INVALID_JSON", "the request body is not valid UTF-8; send the JSON document encoded as UTF-8");
  }
  if (text.trim() === "") throw apiError("API_INVALID_JSON", "the request body is empty; send a JSON document");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    // JSON.parse may quote part of the text, which can be a secret (a token in a registration): only the position is kept.
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : "");
    throw apiError("API_INVALID_JSON", `the request body is not valid JSON${at === null ? "" : ` (at character ${at[1]})`}; send a JSON document`);
  }
  if (tooDeepAt(value, MAX_BODY_DEPTH) !== undefined) {
    throw apiError("API_INVALID_JSON", `the request body nests arrays or objects more than ${MAX_BODY_DEPTH} levels deep; no endpoint takes that`);
  }
  return value;
}
