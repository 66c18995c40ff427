"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.JITTER = void 0;
exports.retryDelayMs = retryDelayMs;
exports.attemptOutcome = attemptOutcome;
/** ±20 %: spreads retries of deliveries that failed together (one outage) so they do not return together. */
exports.JITTER = 0.2;
/**
 * Milliseconds to wait after failed attempt `attempt` (1-based):
 * min(maxSeconds, initialSeconds × multiplier^(attempt-1)) with ±20 % jitter, never above maxSeconds.
 * A longer Retry-After from the target wins, clamped to maxSeconds.
 */
function retryDelayMs(attempt, backoff, options = {}) {
    const maxMs = backoff.maxSeconds * 1000;
    const baseMs = Math.min(maxMs, backoff.initialSeconds * 1000 * Math.pow(backoff.multiplier, Math.max(0, attempt - 1)));
    const random = options.random ?? Math.random;
    let delay = Math.min(maxMs, baseMs * (1 + (random() * 2 - 1) * exports.JITTER));
    if (options.retryAfterMs !== undefined && options.retryAfterMs > delay)
        delay = Math.min(maxMs, options.retryAfterMs);
    return Math.max(0, Math.round(delay));
}
/**
 * What an attempt's record means for its delivery: success → delivered; a retryable failure with
 * attempts left → retrying at the scheduled time; anything else → dead.
 */
function attemptOutcome(record, settings) {
    if (record.result === "success")
        return { record, status: "delivered" };
    const retryable = record.error?.retryable === true;
    if (!retryable || record.attempt >= settings.maxAttempts)
        return { record, status: "dead" };
    const delay = retryDelayMs(record.attempt, settings.backoff, {
        ...(record.retryAfterMs === undefined ? {} : { retryAfterMs: record.retryAfterMs }),
        ...(settings.random === undefined ? {} : { random: settings.random }),
    });
    return { record, status: "retrying", nextAttemptAt: settings.now + delay };
}
