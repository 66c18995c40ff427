// What a Test invocation leaves behind: the `lastTest` output, and, when it
// failed, the error that fails the step. The message is what a person reads in
// `pulumi up`: what was called, what came back, how long it took, why it
// failed, and the first lines of the response. The runtime has already masked
// secrets in the record; the URL's query is masked again here in case it was not.
import { WebhookError } from "../errors";
import { headline, requestLine } from "../delivery/describeInvocation";
import type { InvocationRecord } from "../delivery/invocationRecord";
import { maskUrl } from "../model/urlSecrets";
import type { LastTest } from "./resourceState";
import { PULUMI_WORDS, type ToolWords } from "./toolWords";

const RESPONSE_LINES = 10;
const LINE_CHARS = 200;

export function lastTestOf(record: InvocationRecord): LastTest {
  return {
    success: record.result === "success",
    ...(record.response === undefined ? {} : { statusCode: record.response.status }),
    durationMs: record.durationMs,
    testedAt: record.startedAt,
    ...(record.error === undefined ? {} : { errorCode: record.error.code }),
  };
}

export function testFailureError(record: InvocationRecord, name: string, words: ToolWords = PULUMI_WORDS): WebhookError {
  const masked: InvocationRecord = { ...record, request: { ...record.request, url: maskUrl(record.request.url) } };
  const lines = [`webhook ${JSON.stringify(name)}: ${headline(masked)}`, requestLine(masked)];
  for (const v of record.validators.filter((x) => !x.passed)) {
    lines.push(`validator ${v.jsonPath}: got ${short(JSON.stringify(v.actual) ?? "nothing")}, expected one of ${short(JSON.stringify(v.expectedValues))}`);
  }
  const body = record.response?.body ?? "";
  if (record.response !== undefined) {
    const all = body.split("\n");
    lines.push(body === "" ? "Response body: (empty)" : "Response body (first lines):");
    for (const l of all.slice(0, RESPONSE_LINES)) lines.push(`  ${short(l)}`);
    if (all.length > RESPONSE_LINES) lines.push(`  … ${all.length - RESPONSE_LINES} more line(s)`);
  }
  lines.push(
    `Nothing was registered. Fix the target (or the webhook's ${words.targetFields}) and run ${words.apply} again; ${words.skipTest} to register without the test (e.g. while the target is not live yet).`,
  );
  return new WebhookError({
    code: record.error?.code ?? "VALIDATION_FAILED",
    message: lines.join("\n"),
    ...(record.error?.path === undefined ? {} : { path: record.error.path }),
  });
}

const short = (s: string): string => (s.length > LINE_CHARS ? `${s.slice(0, LINE_CHARS)}…` : s);
