"use strict";
// Group commit: writes that arrive while the event loop is busy are queued and
// committed together in one transaction, so one fsync (synchronous=FULL) pays
// for many callers. Each caller's work runs in its own savepoint: a failing job
// fails alone, and every caller is resolved only after the shared COMMIT.
Object.defineProperty(exports, "__esModule", { value: true });
exports.GroupCommit = void 0;
class GroupCommit {
    options;
    queue = [];
    weight = 0;
    scheduled = false;
    closedError;
    maxWeight;
    /** Transactions committed so far (tests compare it with the number of calls). */
    transactions = 0;
    constructor(options) {
        this.options = options;
        this.maxWeight = options.maxWeight ?? 5000;
    }
    /** Queues `run` for the next group transaction; resolves with its result after the commit. */
    submit(run, weight = 1) {
        if (this.closedError !== undefined)
            return Promise.reject(this.closedError);
        return new Promise((resolve, reject) => {
            this.queue.push({ run, weight, resolve: resolve, reject });
            this.weight += weight;
            if (this.weight >= this.maxWeight)
                this.flush();
            else if (!this.scheduled) {
                this.scheduled = true;
                // setImmediate, not a microtask: callers whose I/O completed in this loop turn join the batch.
                setImmediate(() => {
                    this.scheduled = false;
                    this.flush();
                });
            }
        });
    }
    /** Commits everything queued now (synchronously). */
    flush() {
        if (this.queue.length === 0)
            return;
        const batch = this.queue;
        this.queue = [];
        this.weight = 0;
        let results = [];
        try {
            this.options.transaction(() => {
                // Reset: a retried transaction body must not append to a previous try's results.
                results = [];
                for (const job of batch) {
                    try {
                        results.push({ ok: true, value: this.options.savepoint(job.run) });
                    }
                    catch (error) {
                        results.push({ ok: false, error });
                    }
                }
            });
        }
        catch (error) {
            const wrapped = this.options.wrapError ? this.options.wrapError(error) : error;
            for (const job of batch)
                job.reject(wrapped);
            return;
        }
        this.transactions += 1;
        batch.forEach((job, i) => {
            const r = results[i];
            if (r.ok)
                job.resolve(r.value);
            else
                job.reject(r.error);
        });
    }
    /** Commits what is queued, then refuses new work with `error`. */
    close(error) {
        this.flush();
        this.closedError = error;
    }
}
exports.GroupCommit = GroupCommit;
