// Group commit: writes that arrive while the event loop is busy are queued and
// committed together in one transaction, so one fsync (synchronous=FULL) pays
// for many callers. Each caller's work runs in its own savepoint: a failing job
// fails alone, and every caller is resolved only after the shared COMMIT.

export interface GroupCommitOptions {
  /** Runs `body` in one write transaction (BEGIN IMMEDIATE … COMMIT); throws when the commit fails. */
  transaction(body: () => void): void;
  /** Runs `fn` in a savepoint inside that transaction, rolling back only its own work when it throws. */
  savepoint<T>(fn: () => T): T;
  /** Flush at once when the queued weight (e.g. events) reaches this, instead of waiting for the next tick. */
  maxWeight?: number;
  /**
   * Wait this long (ms) after the first queued job before committing; 0 (default): the next loop turn.
   * Each commit writes every page it touched, so for writes that nobody waits on in a hurry
   * (attempt results) a few ms of gathering means fewer, fuller commits.
   */
  delayMs?: number;
  /** Wraps an error of the shared transaction for the callers (e.g. as STORE_UNAVAILABLE). */
  wrapError?: (error: unknown) => unknown;
}

interface Job {
  run: () => unknown;
  weight: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Job[] = [];
  private weight = 0;
  private scheduled = false;
  private closedError: unknown;
  private readonly maxWeight: number;
  private readonly delayMs: number;
  /** Transactions committed so far (tests compare it with the number of calls). */
  transactions = 0;

  constructor(private readonly options: GroupCommitOptions) {
    this.maxWeight = options.maxWeight ?? 5000;
    this.delayMs = options.delayMs ?? 0;
  }

  /** Queues `run` for the next group transaction; resolves with its result after the commit. */
  submit<T>(run: () => T, weight = 1): Promise<T> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, weight, resolve: resolve as (v: unknown) => void, reject });
      this.weight += weight;
      if (this.weight >= this.maxWeight) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        const flushNow = () => {
          this.scheduled = false;
          this.flush();
        };
        // setImmediate, not a microtask: callers whose I/O completed in this loop turn join the batch.
        if (this.delayMs > 0) setTimeout(flushNow, this.delayMs);
        else setImmediate(flushNow);
      }
    });
  }

  /** Commits everything queued now (synchronously). */
  flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.weight = 0;
    let results: Result[] = [];
    try {
      this.options.transaction(() => {
        // Reset: a retried transaction body must not append to a previous try's results.
        results = [];
        for (const job of batch) {
          try {
            results.push({ ok: true, value: this.options.savepoint(job.run) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      const wrapped = this.options.wrapError ? this.options.wrapError(error) : error;
      for (const job of batch) job.reject(wrapped);
      return;
    }
    this.transactions += 1;
    batch.forEach((job, i) => {
      const r = results[i];
      if (r.ok) job.resolve(r.value);
      else job.reject(r.error);
    });
  }

  /** Commits what is queued, then refuses new work with `error`. */
  close(error: unknown): void {
    this.flush();
    this.closedError = error;
  }
}
