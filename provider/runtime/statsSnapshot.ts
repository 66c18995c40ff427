// The store's queue gauges for /metrics, read at most once per STATS_MAX_AGE_MS
// by one query at a time (single flight). Each read counts the deliveries by
// status, a scan of the table: with one per scrape, 64 scrapers against a
// 1M-delivery store moved ingest p50 from 2 ms to seconds. On PostgreSQL the
// snapshot is global (every node reads the same tables); it is per node only
// in that each node keeps its own copy.
import type { Store, StoreStats } from "./store/store";

export const STATS_MAX_AGE_MS = 5000;

export interface Snapshot {
  stats: StoreStats;
  /** `now` of the read that produced it (ms). */
  at: number;
}

export class StatsSnapshot {
  private last: Snapshot | undefined;
  private inflight: Promise<Snapshot> | undefined;

  constructor(
    private readonly store: Pick<Store, "stats">,
    private readonly maxAgeMs = STATS_MAX_AGE_MS,
  ) {}

  /** The last snapshot when younger than maxAgeMs, else a new read (shared by concurrent callers). Rejects when the read fails. */
  get(now: number): Promise<Snapshot> {
    const last = this.last;
    if (last !== undefined && now - last.at < this.maxAgeMs) return Promise.resolve(last);
    this.inflight ??= this.store
      .stats(now)
      .then((stats) => (this.last = { stats, at: now }))
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
