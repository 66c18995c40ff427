// Response validators (product §3): JSONPath over {data, status, headers}.
// jsonpath-plus runs with eval: false, so a filter or script expression in a
// validator is an error, never code execution.
import { JSONPath } from "jsonpath-plus";
import { WebhookError } from "../errors";
import { jsonTextTooDeepAt } from "../model/nesting";

export interface ResponseValidator {
  jsonPath: string;
  expectedValues: string[];
}

export interface ValidatorResult {
  jsonPath: string;
  /** Every value the path matched, as found in the response (in a record: capped, see invocationRecord). */
  actual: unknown[];
  /** In a record: set when `actual` was cut to RECORD_ACTUAL_BYTES; `actualBytes` is its full JSON size. */
  actualTruncated?: boolean;
  actualBytes?: number;
  expectedValues: string[];
  passed: boolean;
}

export interface CheckedResponse {
  body: string;
  status: number;
  /** Names are lower-cased before evaluation. */
  headers: Record<string, string>;
  /** Set when the HTTP layer kept only the first part of the body (HttpExchange.bodyTruncated). */
  bodyTruncated?: boolean;
}

/**
 * A response body nesting deeper than this is not parsed: JSONPath and the record walk values recursively, and
 * a receiver's 5,000-deep answer overflowed them (issue 13). It is the receiver's fault: RESPONSE_TOO_DEEP.
 */
export const MAX_RESPONSE_DEPTH = 64;

// Keeps messages readable when a path matches a large object.
const MAX_SHOWN = 200;

/** How a matched value is compared: strings as they are, everything else as JSON (so 200 → "200"). */
export function valueAsString(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "undefined";
  return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
}

/** Whether a validator's path can only see status or headers (so a non-JSON body does not matter to it). */
function readsBody(jsonPath: string): boolean {
  try {
    const [root, first] = JSONPath.toPathArray(jsonPath);
    return !(root === "$" && (first === "status" || first === "headers"));
  } catch {
    return true;
  }
}

function shown(values: unknown[]): string {
  const text = JSON.stringify(values.map(valueAsString));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * Evaluates every validator. A validator passes when any matched value, as a string, equals any
 * expected value; the response passes when all do. `error` is RESPONSE_TOO_LARGE or RESPONSE_NOT_JSON
 * when a validator needs the body and it cannot be read as JSON, else VALIDATION_FAILED when any
 * validator failed. RESPONSE_NOT_JSON and VALIDATION_FAILED are retryable (product §6).
 */
export function evaluateValidators(
  validators: ResponseValidator[],
  response: CheckedResponse,
): { results: ValidatorResult[]; error?: WebhookError } {
  if (validators.length === 0) return { results: [] };

  let data: unknown = undefined;
  let bodyIsJson = true;
  const text = response.body.replace(/^\uFEFF/, "");
  const tooDeep = jsonTextTooDeepAt(text, MAX_RESPONSE_DEPTH) !== undefined;
  try {
    if (tooDeep) throw new Error("too deep");
    data = JSON.parse(text);
  } catch {
    bodyIsJson = false;
  }
  const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const json = { data, status: response.status, headers };

  const results: ValidatorResult[] = [];
  for (const [i, v] of validators.entries()) {
    let actual: unknown[];
    try {
      actual = JSONPath({ path: v.jsonPath, json, eval: false, wrap: true }) as unknown[];
    } catch {
      return {
        results,
        error: new WebhookError({
          code: "CONFIG_INVALID_VALIDATOR",
          path: `responseValidators[${i}].jsonPath`,
          message: `responseValidators[${i}].jsonPath ${JSON.stringify(v.jsonPath)} cannot be evaluated (filter and script expressions are not supported); use a plain path such as $.data.status`,
        }),
      };
    }
    const passed = actual.some((a) => v.expectedValues.includes(valueAsString(a)));
    results.push({ jsonPath: v.jsonPath, actual, expectedValues: v.expectedValues, passed });
  }

  const needsBody = validators.findIndex((v) => readsBody(v.jsonPath));
  if (!bodyIsJson && needsBody >= 0) {
    const error = tooDeep
      ? new WebhookError({
          code: "RESPONSE_TOO_DEEP",
          path: `responseValidators[${needsBody}].jsonPath`,
          retryable: true,
          message: `the response body (status ${response.status}) nests arrays or objects more than ${MAX_RESPONSE_DEPTH} levels deep, so responseValidators[${needsBody}] (${validators[needsBody].jsonPath}) cannot read it; make the target answer with flatter JSON or validate $.status instead`,
        })
      : response.bodyTruncated
      ? new WebhookError({
          code: "RESPONSE_TOO_LARGE",
          path: `responseValidators[${needsBody}].jsonPath`,
          retryable: false,
          message: `the response body was cut at the size limit, so responseValidators[${needsBody}] cannot read it as JSON; make the target answer with a smaller body`,
        })
      : new WebhookError({
          code: "RESPONSE_NOT_JSON",
          path: `responseValidators[${needsBody}].jsonPath`,
          retryable: true,
          message: `the response body (status ${response.status}) is not JSON, so responseValidators[${needsBody}] (${validators[needsBody].jsonPath}) cannot read it; make the target answer with JSON or validate $.status instead`,
        });
    return { results, error };
  }

  const failed = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.passed);
  if (failed.length === 0) return { results };
  const lines = failed.map(({ r, i }) => `responseValidators[${i}] ${r.jsonPath} matched ${shown(r.actual)}, expected one of ${shown(r.expectedValues)}`);
  return {
    results,
    error: new WebhookError({
      code: "VALIDATION_FAILED",
      path: `responseValidators[${failed[0].i}]`,
      retryable: true,
      message: `the response failed ${failed.length} of ${results.length} validators: ${lines.join("; ")}`,
    }),
  };
}
