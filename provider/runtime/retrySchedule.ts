// When a failed delivery is tried again, and whether it is tried again at all.
// Pure: the random source is injected, so the schedule is table-tested.
import type { InvocationRecord } from "../delivery/deliverOnce";
import type { RuntimeConfig } from "../model/runtimeConfig";
import type { AttemptOutcome } from "./store/store";

export type Backoff = RuntimeConfig["delivery"]["backoff"];

/** ±20 %: spreads retries of deliveries that failed together (one outage) so they do not return together. */
export const JITTER = 0.2;

/**
 * Milliseconds to wait after failed attempt `attempt` (1-based):
 * min(maxSeconds, initialSeconds × multiplier^(attempt-1)) with ±20 % jitter, never above maxSeconds.
 * A longer Retry-After from the target wins, clamped to maxSeconds.
 */
export function retryDelayMs(
  attempt: number,
  backoff: Backoff,
  options: { retryAfterMs?: number; random?: () => number } = {},
): number {
  const maxMs = backoff.maxSeconds * 1000;
  const baseMs = Math.min(maxMs, backoff.initialSeconds * 1000 * Math.pow(backoff.multiplier, Math.max(0, attempt - 1)));
  const random = options.random ?? Math.random;
  let delay = Math.min(maxMs, baseMs * (1 + (random() * 2 - 1) * JITTER));
  if (options.retryAfterMs !== undefined && options.retryAfterMs > delay) delay = Math.min(maxMs, options.retryAfterMs);
  return Math.max(0, Math.round(delay));
}

/**
 * Outcome codes of an attempt that sent nothing: no request left this process (the runtime ran out of file
 * descriptors, or the delivery was abandoned after crash loops). They do not count toward maxAttempts.
 */
const NOT_MADE: ReadonlySet<string> = new Set(["LOCAL_RESOURCE_EXHAUSTED", "DELIVERY_ABANDONED"]);

/** Whether the attempt of this record was made: a request left this process. */
export function attemptWasMade(record: InvocationRecord): boolean {
  return record.result === "success" || !NOT_MADE.has(record.error?.code ?? "");
}

/**
 * What an attempt's record means for its delivery: success → delivered; a retryable failure with
 * attempts left → retrying at the scheduled time; anything else → dead. An attempt that was not made
 * and may pass is tried again after the first backoff step, attempts left or not.
 */
export function attemptOutcome(
  record: InvocationRecord,
  settings: { maxAttempts: number; backoff: Backoff; now: number; random?: () => number },
): AttemptOutcome {
  if (record.result === "success") return { record, status: "delivered", attemptMade: true };
  const attemptMade = attemptWasMade(record);
  const retryable = record.error?.retryable === true;
  if (!retryable || (attemptMade && record.attempt >= settings.maxAttempts)) return { record, status: "dead", attemptMade };
  const delay = retryDelayMs(attemptMade ? record.attempt : 1, settings.backoff, {
    ...(record.retryAfterMs === undefined ? {} : { retryAfterMs: record.retryAfterMs }),
    ...(settings.random === undefined ? {} : { random: settings.random }),
  });
  return { record, status: "retrying", nextAttemptAt: settings.now + delay, attemptMade };
}
