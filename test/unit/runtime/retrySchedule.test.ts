// The retry schedule: exponential backoff with ±20 % jitter, capped; Retry-After
// honoured when longer (clamped); and which results end a delivery.
import { attemptOutcome, retryDelayMs } from "../../../provider/runtime/retrySchedule";
import { failure, invocationRecord } from "../../integration/runtime/storeFixtures";

const backoff = { initialSeconds: 5, maxSeconds: 36000, multiplier: 8 };
// random() = 0.5 is no jitter, 0 is -20 %, just under 1 is +20 %.
const mid = () => 0.5;
const low = () => 0;
const high = () => 0.999999;

describe("retryDelayMs", () => {
  it.each([
    // attempt, random, expected ms
    [1, mid, 5_000],
    [2, mid, 40_000],
    [3, mid, 320_000],
    [4, mid, 2_560_000],
    [5, mid, 20_480_000],
    [6, mid, 36_000_000], // capped at maxSeconds
    [8, mid, 36_000_000],
    [1, low, 4_000],
    [1, high, 6_000],
    [3, low, 256_000],
    [6, low, 28_800_000], // jitter spreads below the cap…
    [6, high, 36_000_000], // …never above it
  ])("attempt %i → %p ms", (attempt, random, expected) => {
    expect(retryDelayMs(attempt, backoff, { random })).toBe(expected);
  });

  it("a longer Retry-After wins; a shorter one does not; it is clamped to maxSeconds", () => {
    expect(retryDelayMs(1, backoff, { random: mid, retryAfterMs: 120_000 })).toBe(120_000);
    expect(retryDelayMs(2, backoff, { random: mid, retryAfterMs: 1_000 })).toBe(40_000);
    expect(retryDelayMs(1, backoff, { random: mid, retryAfterMs: 999_999_999 })).toBe(36_000_000);
  });

  it("fractional seconds work (tiny backoffs in tests and benchmarks)", () => {
    expect(retryDelayMs(1, { initialSeconds: 0.05, maxSeconds: 1, multiplier: 2 }, { random: mid })).toBe(50);
    expect(retryDelayMs(3, { initialSeconds: 0.05, maxSeconds: 1, multiplier: 2 }, { random: mid })).toBe(200);
  });

  it("with the defaults, 8 attempts span about a day (the documented budget)", () => {
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + retryDelayMs(n, backoff, { random: mid }), 0);
    expect(total / 3_600_000).toBeGreaterThan(20);
    expect(total / 3_600_000).toBeLessThan(30);
  });
});

describe("attemptOutcome", () => {
  const settings = { maxAttempts: 3, backoff, now: 1_000_000, random: mid };

  it.each([
    ["success", invocationRecord("d", 1), "delivered", undefined],
    ["retryable failure with attempts left", failure("d", 1, "TIMEOUT", true), "retrying", 1_005_000],
    ["retryable failure, second attempt", failure("d", 2, "TIMEOUT", true), "retrying", 1_040_000],
    ["retryable failure on the last attempt", failure("d", 3, "TIMEOUT", true), "dead", undefined],
    ["non-retryable failure (a 4xx)", failure("d", 1, "HTTP_STATUS", false), "dead", undefined],
  ] as const)("%s → %s", (_name, record, status, nextAttemptAt) => {
    const outcome = attemptOutcome(record, settings);
    expect(outcome).toEqual({ record, status, attemptMade: true, ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }) });
  });

  it("an attempt that sent nothing (LOCAL_RESOURCE_EXHAUSTED) is not counted: retried after the first backoff step, even on the last attempt", () => {
    for (const attempt of [1, 3, 7]) {
      const record = failure("d", attempt, "LOCAL_RESOURCE_EXHAUSTED", true);
      expect(attemptOutcome(record, settings)).toEqual({ record, status: "retrying", nextAttemptAt: 1_005_000, attemptMade: false });
    }
  });

  it("an abandoned delivery (DELIVERY_ABANDONED, not retryable) is dead, with no attempt counted", () => {
    const record = failure("d", 2, "DELIVERY_ABANDONED", false);
    expect(attemptOutcome(record, settings)).toEqual({ record, status: "dead", attemptMade: false });
  });

  it("a failure after a manual retry past maxAttempts is dead at once", () => {
    expect(attemptOutcome(failure("d", 4, "TIMEOUT", true), settings).status).toBe("dead");
  });

  it("Retry-After from a 429 sets the next attempt", () => {
    const record = { ...failure("d", 1, "HTTP_STATUS", true), retryAfterMs: 90_000 };
    expect(attemptOutcome(record, settings)).toMatchObject({ status: "retrying", nextAttemptAt: 1_090_000 });
  });
});
