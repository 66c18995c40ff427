// The delivery loop: claims due deliveries up to the free capacity (overall and
// per origin), makes one attempt each, and records the outcome. It sleeps until
// the next delivery is due or something wakes it (ingest, retry, invoke), and
// polls at least every 500 ms because another process may have written.
import type { InvocationRecord } from "../delivery/deliverOnce";
import { configSecrets, maskUrl, scrubberFor, scrubDeep } from "../delivery/redaction";
import { isWebhookError, WebhookError } from "../errors";
import type { EngineObserver } from "./engine";
import { LeaseKeeper } from "./leaseKeeper";
import { attemptOutcome, type Backoff } from "./retrySchedule";
import type { ClaimedDelivery, Store } from "./store/store";

/**
 * Claims in a row that may end without an outcome (each attempt ended with the process: a crash, an OOM
 * kill) before the delivery is given up as DELIVERY_ABANDONED, so one delivery cannot crash-loop the runtime.
 */
export const MAX_UNFINISHED_CLAIMS = 10;

export interface WorkerOptions {
  store: Store;
  /** Lease owner: unique per process run (for operators; completions are fenced by each claim's token). */
  owner: string;
  concurrency: number;
  perOriginConcurrency: number;
  /** Each claim's lease; renewed every third of it while the attempt runs. */
  leaseMs: number;
  maxAttempts: number;
  backoff: Backoff;
  /**
   * One attempt, number `delivery.attempts + 1`; should not throw for an outcome (a throw is recorded as a
   * retryable failure). It stops when `signal` aborts (its lease is lost), with the signal's reason.
   */
  attempt: (delivery: ClaimedDelivery, signal: AbortSignal) => Promise<InvocationRecord>;
  observer: EngineObserver;
  now: () => number;
  /** Longest sleep between claims; default 500 ms. */
  pollMs?: number;
  /**
   * How often a poll looks again at origins that were full (when their backlog was found to be all that
   * is due); default 10 s. New events, retries and completions on those origins look sooner.
   */
  rescanMs?: number;
  random?: () => number;
}

interface ClaimPlan {
  limit: number;
  exclude: string[];
}

export class Worker {
  private running = false;
  private inFlight = 0;
  private readonly perOrigin = new Map<string, number>();
  /** Attempts (with their completion) still running. */
  private readonly active = new Set<Promise<void>>();
  private claim: Promise<void> | undefined;
  private claimAgain = false;
  /**
   * What the last short claim proved: every claimable due delivery belongs to one of these origins
   * (those then at capacity). Until a wake, claiming only helps when one of them has room again,
   * which keeps a large backlog for a busy origin from being scanned on every completion.
   */
  private dueOnlyIn: Set<string> | undefined;
  /** Bumped by every wake, so a claim that started before it cannot restore stale knowledge. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  /** The `now` of the latest claim. */
  private lastClaimAt = -Infinity;
  private readonly pollMs: number;
  private readonly rescanMs: number;
  /** When the knowledge in dueOnlyIn was last dropped. */
  private forgotAt = -Infinity;

  constructor(private readonly options: WorkerOptions) {
    this.pollMs = options.pollMs ?? 500;
    this.rescanMs = options.rescanMs ?? 10_000;
  }

  private stale = 0;

  /** Completions dropped because their claim no longer held the lease (since start). */
  get staleCompletions(): number {
    return this.stale;
  }

  /** Attempts running now. */
  get busy(): number {
    return this.inFlight;
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Something may be due now (new events, a retry): claim. */
  wake(): void {
    if (!this.running) return;
    this.forget();
    this.pump();
  }

  /** Wake at `at` (ms), when something becomes due then, unless a wake is already planned sooner. */
  wakeAt(at: number): void {
    this.setTimer(at, "due");
  }

  private forget(): void {
    this.generation += 1;
    this.dueOnlyIn = undefined;
    this.forgotAt = this.options.now();
  }

  private setTimer(at: number, kind: "due" | "poll"): void {
    if (!this.running || (this.timer !== undefined && this.timerAt <= at)) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    // +1: a timer may fire a little before the wall clock reaches `at`, and would then claim nothing.
    const delay = Math.max(0, at - this.options.now() + 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      if (!this.running) return;
      // A plain poll keeps what the last claims proved about full origins for a while: proving it
      // again means scanning their backlog, which is costly when it is large. "Nothing due" is cheap to check.
      const stale = this.dueOnlyIn === undefined || this.dueOnlyIn.size === 0 || this.options.now() - this.forgotAt >= this.rescanMs;
      if (kind === "due" || stale) this.forget();
      this.pump();
    }, delay);
    // The runtime's server keeps the process alive; a sleeping worker alone should not.
    this.timer.unref();
  }

  /** Stops claiming and waits up to drainMs for the attempts in flight; true when all finished. */
  async stop(drainMs: number): Promise<boolean> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    let timedOut = false;
    let deadline: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        timedOut = true;
        resolve();
      }, drainMs);
    });
    try {
      // A claim in progress may still hand over leases: those attempts are made and waited for too.
      while (!timedOut && (this.claim !== undefined || this.active.size > 0)) {
        await Promise.race([Promise.allSettled([this.claim, ...this.active]), expired]);
      }
    } finally {
      clearTimeout(deadline);
    }
    return this.claim === undefined && this.active.size === 0;
  }

  private plan(): ClaimPlan | undefined {
    const { concurrency, perOriginConcurrency } = this.options;
    const free = concurrency - this.inFlight;
    if (free <= 0) return undefined;
    const exclude: string[] = [];
    let busiest = 0;
    for (const [origin, n] of this.perOrigin) {
      if (n >= perOriginConcurrency) exclude.push(origin);
      else busiest = Math.max(busiest, n);
    }
    if (this.dueOnlyIn !== undefined && ![...this.dueOnlyIn].some((o) => (this.perOrigin.get(o) ?? 0) < perOriginConcurrency)) {
      return undefined;
    }
    // No origin may pass its limit whatever the claim returns: the limit is the smallest room left.
    return { limit: Math.min(free, perOriginConcurrency - busiest), exclude };
  }

  private pump(): void {
    if (!this.running) return;
    if (this.claim !== undefined) {
      this.claimAgain = true;
      return;
    }
    const plan = this.plan();
    if (plan === undefined) {
      this.armPoll();
      return;
    }
    const generation = this.generation;
    let failed = false;
    this.lastClaimAt = this.options.now();
    this.claim = this.options.store
      .claimDue({
        now: this.lastClaimAt,
        limit: plan.limit,
        leaseMs: this.options.leaseMs,
        owner: this.options.owner,
        excludeOrigins: plan.exclude,
      })
      .then(
        (claimed) => {
          for (const delivery of claimed) this.run(delivery);
          if (claimed.length < plan.limit) {
            if (generation === this.generation) this.dueOnlyIn = new Set(plan.exclude);
          } else {
            this.claimAgain = true;
          }
        },
        (error: unknown) => {
          failed = true;
          this.options.observer.log("error", "claiming due deliveries failed; trying again shortly", errorFields(error));
        },
      )
      .finally(() => {
        this.claim = undefined;
        // After a failure, wait for the poll rather than spin on a broken store.
        if (this.claimAgain && !failed) {
          this.claimAgain = false;
          this.pump();
        } else {
          this.claimAgain = false;
          this.armPoll();
        }
      });
  }

  private armPoll(): void {
    if (!this.running) return;
    const poll = () => this.setTimer(this.options.now() + this.pollMs, "poll");
    const claimedAt = this.lastClaimAt;
    this.options.store.nextDueAt().then((due) => {
      // Due after the last claim looked (possibly already): wake then. Due before, yet not claimed:
      // its origin is full, and a completion there or the poll picks it up.
      if (due !== undefined && due > claimedAt && due < this.options.now() + this.pollMs) this.setTimer(due, "due");
      else poll();
    }, poll);
  }

  private run(delivery: ClaimedDelivery): void {
    const { origin } = delivery;
    this.inFlight += 1;
    this.perOrigin.set(origin, (this.perOrigin.get(origin) ?? 0) + 1);
    const task = this.attemptAndRecord(delivery);
    this.active.add(task);
    void task.finally(() => this.active.delete(task));
  }

  private async attemptAndRecord(delivery: ClaimedDelivery): Promise<void> {
    const { store, observer, now } = this.options;
    let record: InvocationRecord;
    if (delivery.claims > MAX_UNFINISHED_CLAIMS) {
      record = failedRecord(delivery, abandoned(delivery.claims - 1), now());
    } else {
      const lease = new LeaseKeeper(delivery, { store, leaseMs: this.options.leaseMs, now, observer });
      try {
        record = await this.options.attempt(delivery, lease.signal);
      } catch (error) {
        if (!isWebhookError(error)) observer.log("error", "a delivery attempt failed unexpectedly", { deliveryId: delivery.id, ...errorFields(error) });
        record = failedRecord(delivery, error, now());
      } finally {
        lease.stop();
      }
    }
    const outcome = attemptOutcome(record, {
      maxAttempts: this.options.maxAttempts,
      backoff: this.options.backoff,
      now: now(),
      ...(this.options.random === undefined ? {} : { random: this.options.random }),
    });
    const recorded = store.completeAttempt(delivery.id, delivery.leaseToken, outcome, now());
    // The slot is free before the result commits, so the next claim can share that transaction.
    this.release(delivery.origin);
    let applied: boolean;
    try {
      applied = await recorded;
    } catch (error) {
      // The lease stays: after it expires the delivery is claimed and sent again (at-least-once).
      observer.log("error", "recording a delivery attempt failed; it will be retried when its lease expires", {
        deliveryId: delivery.id,
        ...errorFields(error),
      });
      return;
    }
    if (!applied) {
      // Fenced out: the lease ran out and another claim owns the delivery (or it finished). Its outcome stands.
      this.stale += 1;
      observer.log("warn", "a stale attempt's outcome was dropped: its lease had run out and the delivery was claimed again", {
        deliveryId: delivery.id,
        attempt: record.attempt,
        result: record.result,
      });
      return;
    }
    if (outcome.status === "retrying" && outcome.nextAttemptAt !== undefined) this.wakeAt(outcome.nextAttemptAt);
    try {
      observer.attemptFinished(record, outcome.status);
    } catch (error) {
      // An observer's failure (metrics) must not turn into an unhandled rejection of the worker.
      observer.log("error", "the observer failed on a finished attempt", errorFields(error));
    }
  }

  private release(origin: string): void {
    this.inFlight -= 1;
    const n = (this.perOrigin.get(origin) ?? 1) - 1;
    if (n <= 0) this.perOrigin.delete(origin);
    else this.perOrigin.set(origin, n);
    if (this.dueOnlyIn === undefined || this.dueOnlyIn.has(origin)) this.pump();
  }
}

function abandoned(unfinished: number): WebhookError {
  return new WebhookError({
    code: "DELIVERY_ABANDONED",
    retryable: false,
    message: `the delivery was claimed ${unfinished} times in a row without an outcome (each attempt ended with the runtime process: a crash, an out-of-memory kill); it is not tried again until retried by hand`,
  });
}

function errorFields(error: unknown): Record<string, unknown> {
  if (isWebhookError(error)) return { code: error.code, error: error.message };
  return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/**
 * The record of an attempt that could not be made (the template no longer compiles, or a bug):
 * a WebhookError keeps its code and retryability; anything else is retried, as its cause may pass.
 */
export function failedRecord(delivery: ClaimedDelivery, error: unknown, now: number): InvocationRecord {
  const { config } = delivery.webhook;
  const own = isWebhookError(error);
  const record: InvocationRecord = {
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    eventType: delivery.event.eventType,
    isTest: false,
    attempt: delivery.attempts + 1,
    startedAt: new Date(now).toISOString(),
    durationMs: 0,
    request: { method: config.method, url: maskUrl(config.url), headers: {}, body: "" },
    validators: [],
    result: "failure",
    error: own
      ? { code: error.code, message: error.message, retryable: error.retryable, ...(error.path === "" ? {} : { path: error.path }) }
      : {
          code: "INTERNAL_ERROR",
          message: "the attempt could not be made because of an internal error in the runtime (see its log); it is retried",
          retryable: true,
        },
  };
  return scrubDeep(record, scrubberFor(configSecrets(config)));
}
