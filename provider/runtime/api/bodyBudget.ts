// The bytes of request bodies the API holds at once, across all requests
// (ingest.maxBytesInFlight). A parsed body weighs many times its bytes (a wide
// event ~12×, see docs/runtime.md "Memory"), so without a bound N concurrent
// big bodies need N × that much heap. A request reserves its Content-Length (or
// each chunk as it arrives) before the bytes are buffered, and keeps the
// reservation until its answer is sent; one that does not fit is refused with
// 503 API_BUSY and Retry-After.
export class BodyBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Takes `bytes` when they fit; false (nothing taken) when they do not. */
  tryTake(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}

/** One request's share of the budget: grows as its body is read, released once when it is answered. */
export class BodyReservation {
  private held = 0;

  constructor(private readonly budget: BodyBudget) {}

  grow(bytes: number): boolean {
    if (!this.budget.tryTake(bytes)) return false;
    this.held += bytes;
    return true;
  }

  release(): void {
    this.budget.give(this.held);
    this.held = 0;
  }
}
