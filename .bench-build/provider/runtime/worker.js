"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Worker = void 0;
exports.failedRecord = failedRecord;
const redaction_1 = require("../delivery/redaction");
const errors_1 = require("../errors");
const retrySchedule_1 = require("./retrySchedule");
class Worker {
    options;
    running = false;
    inFlight = 0;
    perOrigin = new Map();
    /** Attempts (with their completion) still running. */
    active = new Set();
    claim;
    claimAgain = false;
    /**
     * What the last short claim proved: every claimable due delivery belongs to one of these origins
     * (those then at capacity). Until a wake, claiming only helps when one of them has room again,
     * which keeps a large backlog for a busy origin from being scanned on every completion.
     */
    dueOnlyIn;
    /** Bumped by every wake, so a claim that started before it cannot restore stale knowledge. */
    generation = 0;
    timer;
    timerAt = Infinity;
    /** The `now` of the latest claim. */
    lastClaimAt = -Infinity;
    pollMs;
    constructor(options) {
        this.options = options;
        this.pollMs = options.pollMs ?? 500;
    }
    /** Attempts running now. */
    get busy() {
        return this.inFlight;
    }
    start() {
        this.running = true;
        this.wake();
    }
    /** Something may be due now (new events, a retry, another process): claim. */
    wake() {
        if (!this.running)
            return;
        this.generation += 1;
        this.dueOnlyIn = undefined;
        this.pump();
    }
    /** Wake at `at` (ms) unless a wake is already planned sooner. */
    wakeAt(at) {
        if (!this.running || (this.timer !== undefined && this.timerAt <= at))
            return;
        if (this.timer !== undefined)
            clearTimeout(this.timer);
        this.timerAt = at;
        // +1: a timer may fire a little before the wall clock reaches `at`, and would then claim nothing.
        const delay = Math.max(0, at - this.options.now() + 1);
        this.timer = setTimeout(() => {
            this.timer = undefined;
            this.timerAt = Infinity;
            this.wake();
        }, delay);
        // The runtime's server keeps the process alive; a sleeping worker alone should not.
        this.timer.unref();
    }
    /** Stops claiming and waits up to drainMs for the attempts in flight; true when all finished. */
    async stop(drainMs) {
        this.running = false;
        if (this.timer !== undefined)
            clearTimeout(this.timer);
        this.timer = undefined;
        let timedOut = false;
        let deadline;
        const expired = new Promise((resolve) => {
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
        }
        finally {
            clearTimeout(deadline);
        }
        return this.claim === undefined && this.active.size === 0;
    }
    plan() {
        const { concurrency, perOriginConcurrency } = this.options;
        const free = concurrency - this.inFlight;
        if (free <= 0)
            return undefined;
        const exclude = [];
        let busiest = 0;
        for (const [origin, n] of this.perOrigin) {
            if (n >= perOriginConcurrency)
                exclude.push(origin);
            else
                busiest = Math.max(busiest, n);
        }
        if (this.dueOnlyIn !== undefined && ![...this.dueOnlyIn].some((o) => (this.perOrigin.get(o) ?? 0) < perOriginConcurrency)) {
            return undefined;
        }
        // No origin may pass its limit whatever the claim returns: the limit is the smallest room left.
        return { limit: Math.min(free, perOriginConcurrency - busiest), exclude };
    }
    pump() {
        if (!this.running)
            return;
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
            .then((claimed) => {
            for (const delivery of claimed)
                this.run(delivery);
            if (claimed.length < plan.limit) {
                if (generation === this.generation)
                    this.dueOnlyIn = new Set(plan.exclude);
            }
            else {
                this.claimAgain = true;
            }
        }, (error) => {
            failed = true;
            this.options.observer.log("error", "claiming due deliveries failed; trying again shortly", errorFields(error));
        })
            .finally(() => {
            this.claim = undefined;
            // After a failure, wait for the poll rather than spin on a broken store.
            if (this.claimAgain && !failed) {
                this.claimAgain = false;
                this.pump();
            }
            else {
                this.claimAgain = false;
                this.armPoll();
            }
        });
    }
    armPoll() {
        if (!this.running)
            return;
        const fallback = () => this.wakeAt(this.options.now() + this.pollMs);
        const claimedAt = this.lastClaimAt;
        this.options.store.nextDueAt().then((due) => {
            const now = this.options.now();
            if (due !== undefined && due > claimedAt) {
                // Due after the last claim looked (possibly already): wake then.
                this.wakeAt(Math.min(due, now + this.pollMs));
            }
            else {
                // Due at the last claim yet not claimed: its origin is full; a completion or the poll picks it up.
                this.wakeAt(now + this.pollMs);
            }
        }, fallback);
    }
    run(delivery) {
        const { origin } = delivery;
        this.inFlight += 1;
        this.perOrigin.set(origin, (this.perOrigin.get(origin) ?? 0) + 1);
        const task = this.attemptAndRecord(delivery);
        this.active.add(task);
        void task.finally(() => this.active.delete(task));
    }
    async attemptAndRecord(delivery) {
        const { store, observer, owner, now } = this.options;
        let record;
        try {
            record = await this.options.attempt(delivery);
        }
        catch (error) {
            if (!(0, errors_1.isWebhookError)(error))
                observer.log("error", "a delivery attempt failed unexpectedly", { deliveryId: delivery.id, ...errorFields(error) });
            record = failedRecord(delivery, error, now());
        }
        const outcome = (0, retrySchedule_1.attemptOutcome)(record, {
            maxAttempts: this.options.maxAttempts,
            backoff: this.options.backoff,
            now: now(),
            ...(this.options.random === undefined ? {} : { random: this.options.random }),
        });
        const recorded = store.completeAttempt(delivery.id, owner, outcome, now());
        // The slot is free before the result commits, so the next claim can share that transaction.
        this.release(delivery.origin);
        try {
            await recorded;
        }
        catch (error) {
            // The lease stays: after it expires the delivery is claimed and sent again (at-least-once).
            observer.log("error", "recording a delivery attempt failed; it will be retried when its lease expires", {
                deliveryId: delivery.id,
                ...errorFields(error),
            });
            return;
        }
        if (outcome.status === "retrying" && outcome.nextAttemptAt !== undefined)
            this.wakeAt(outcome.nextAttemptAt);
        try {
            observer.attemptFinished(record, outcome.status);
        }
        catch (error) {
            // An observer's failure (metrics) must not turn into an unhandled rejection of the worker.
            observer.log("error", "the observer failed on a finished attempt", errorFields(error));
        }
    }
    release(origin) {
        this.inFlight -= 1;
        const n = (this.perOrigin.get(origin) ?? 1) - 1;
        if (n <= 0)
            this.perOrigin.delete(origin);
        else
            this.perOrigin.set(origin, n);
        if (this.dueOnlyIn === undefined || this.dueOnlyIn.has(origin))
            this.pump();
    }
}
exports.Worker = Worker;
function errorFields(error) {
    if ((0, errors_1.isWebhookError)(error))
        return { code: error.code, error: error.message };
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
/**
 * The record of an attempt that could not be made (the template no longer compiles, or a bug):
 * a WebhookError keeps its code and retryability; anything else is retried, as its cause may pass.
 */
function failedRecord(delivery, error, now) {
    const { config } = delivery.webhook;
    const own = (0, errors_1.isWebhookError)(error);
    const record = {
        deliveryId: delivery.id,
        webhookId: delivery.webhookId,
        eventId: delivery.eventId,
        eventType: delivery.event.eventType,
        isTest: false,
        attempt: delivery.attempts,
        startedAt: new Date(now).toISOString(),
        durationMs: 0,
        request: { method: config.method, url: (0, redaction_1.maskUrl)(config.url), headers: {}, body: "" },
        validators: [],
        result: "failure",
        error: own
            ? { code: error.code, message: error.message, retryable: error.retryable, ...(error.path === "" ? {} : { path: error.path }) }
            : {
                // errors.ts has no internal-error code; this one keeps it retryable and the message says what happened.
                code: "CONNECTION_ERROR",
                message: "the attempt could not be made because of an internal error in the runtime (see its log); it is retried",
                retryable: true,
            },
    };
    return (0, redaction_1.scrubDeep)(record, (0, redaction_1.scrubberFor)((0, redaction_1.configSecrets)(config)));
}
