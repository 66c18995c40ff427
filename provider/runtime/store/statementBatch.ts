// Many callers, one statement: items submitted while the previous statement is in flight
// are sent together in the next one, so a busy worker pays one database round trip for
// many attempt results instead of one each (PostgreSQL: what lets N nodes share a server).
// Idle, an item waits only for the end of the current loop turn.

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class StatementBatch<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight: Promise<void> | undefined;
  private scheduled = false;
  private closedError: unknown;
  /** Statements sent so far (tests compare it with the items). */
  statements = 0;

  /**
   * @param run sends one statement for `items` and returns one result per item, in order
   * @param maxItems the most items in one statement
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxItems = 256,
  ) {}

  submit(item: I): Promise<O> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Sends what is queued, waits for every statement, then refuses new items with `error`. */
  async close(error: unknown): Promise<void> {
    while (this.inFlight !== undefined || this.queue.length > 0) {
      if (this.inFlight === undefined) this.send();
      await this.inFlight;
    }
    this.closedError = error;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight !== undefined) return;
    this.scheduled = true;
    // setImmediate, not a microtask: results whose I/O completed in this loop turn join the statement.
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight === undefined) this.send();
    });
  }

  private send(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxItems);
    this.statements += 1;
    this.inFlight = this.run(batch.map((p) => p.item)).then(
      (results) => batch.forEach((p, i) => p.resolve(results[i])),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
    void this.inFlight.finally(() => {
      this.inFlight = undefined;
      // What queued meanwhile goes at once: it has waited one statement already.
      if (this.queue.length > 0) this.send();
    });
  }
}
