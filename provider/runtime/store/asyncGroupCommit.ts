// Group commit over an asynchronous driver: writes that arrive while earlier
// ones are committing are queued and run together in one transaction on one
// connection, so one commit (one WAL flush) pays for many callers. Each job runs
// in its own savepoint: a failing job fails alone, and every caller is resolved
// only after the shared COMMIT. A few transactions may be in flight at once
// (one connection each), so a slow commit does not stall the whole lane.

export interface AsyncGroupCommitOptions<Tx> {
  /**
   * Runs `body` in one transaction (BEGIN … COMMIT) and resolves after the COMMIT; rejects when the
   * transaction failed. May run `body` more than once (a transaction retried after a deadlock).
   */
  transaction(body: (tx: Tx) => Promise<void>): Promise<void>;
  /**
   * Runs one job in a savepoint. A failure of the job itself is thrown after rolling back to the
   * savepoint (the job fails alone); a failure that dooms the transaction is thrown as it is.
   */
  savepoint<T>(tx: Tx, job: (tx: Tx) => Promise<T>): Promise<T>;
  /** Whether an error thrown by `savepoint` dooms the whole transaction (lost connection, deadlock). */
  dooms(error: unknown): boolean;
  /** Most jobs per transaction. Default 64: PostgreSQL tracks up to 64 subtransactions per transaction cheaply. */
  maxJobs?: number;
  /** Most weight (e.g. events) per transaction; a heavier single job still runs alone. Default 5000. */
  maxWeight?: number;
  /** Transactions in flight at once. Default 1. */
  maxInFlight?: number;
}

interface Job<Tx> {
  run: (tx: Tx) => Promise<unknown>;
  weight: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

export class AsyncGroupCommit<Tx> {
  private queue: Array<Job<Tx>> = [];
  private scheduled = false;
  private inFlight = 0;
  private closedError: unknown;
  private idleWaiters: Array<() => void> = [];
  private readonly maxJobs: number;
  private readonly maxWeight: number;
  private readonly maxInFlight: number;
  /** Transactions committed so far (tests compare it with the number of calls). */
  transactions = 0;

  constructor(private readonly options: AsyncGroupCommitOptions<Tx>) {
    this.maxJobs = Math.max(1, options.maxJobs ?? 64);
    this.maxWeight = Math.max(1, options.maxWeight ?? 5000);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /** Queues `run` for a group transaction; resolves with its result after the commit. */
  submit<T>(run: (tx: Tx) => Promise<T>, weight = 1): Promise<T> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, weight, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Refuses new work with `error`, then resolves once what was queued has committed (or failed). */
  async close(error: unknown): Promise<void> {
    if (this.closedError === undefined) this.closedError = error;
    this.start();
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    // setImmediate, not a microtask: callers whose I/O completed in this loop turn join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        if (this.inFlight === 0 && this.queue.length === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const w of waiters) w();
        }
        // What queued meanwhile is the next group; after close it still commits (it was accepted).
        if (this.closedError !== undefined) this.start();
        else this.schedule();
      });
    }
  }

  private take(): Array<Job<Tx>> {
    let weight = 0;
    let n = 0;
    while (n < this.queue.length && n < this.maxJobs) {
      const w = this.queue[n].weight;
      if (n > 0 && weight + w > this.maxWeight) break;
      weight += w;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async run(batch: Array<Job<Tx>>): Promise<void> {
    let results: Result[] = [];
    try {
      await this.options.transaction(async (tx) => {
        // Reset: a retried transaction body must not append to a previous try's results.
        results = [];
        for (const job of batch) {
          try {
            results.push({ ok: true, value: await this.options.savepoint(tx, job.run) });
          } catch (error) {
            if (this.options.dooms(error)) throw error;
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    this.transactions += 1;
    batch.forEach((job, i) => {
      const r = results[i];
      if (r.ok) job.resolve(r.value);
      else job.reject(r.error);
    });
  }
}
