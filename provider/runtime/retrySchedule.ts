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
 * What an attempt's record means for its delivery: success → delivered; a retryable failure with
 * attempts left → retrying at the scheduled time; anything else → dead.
 */
export function attemptOutcome(
  record: InvocationRecord,
  settings: { maxAttempts: number; backoff: Backoff; now: number; random?: () => number },
): AttemptOutcome {
  if (record.result === "success") return { record, status: "delivered" };
  const retryable = record.error?.retryable === true;
  if (!retryable || record.attempt >= settings.maxAttempts) return { record, status: "dead" };
  const delay = retryDelayMs(record.attempt, settings.backoff, {
    ...(record.retryAfterMs === undefined ? {} : { retryAfterMs: record.retryAfterMs }),
    ...(settings.random === undefined ? {} : { random: settings.random }),
  });
  return { record, status: "retrying", nextAttemptAt: settings.now + delay };
}
