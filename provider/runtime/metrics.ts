// Prometheus metrics, in the text exposition format (no client library: the
// format is a few lines, and the runtime adds no dependency for it). Counters
// and the attempt histogram are fed by the engine's observer and kept in memory:
// they are per node, since its start. The queue gauges come from the store
// (global on PostgreSQL, right after a restart) through a snapshot at most
// STATS_MAX_AGE_MS old, so a scrape never runs a full count of its own.
// Labels only ever hold values from closed sets (kinds, statuses, error codes),
// never a URL, a name or anything a user typed, so no secret reaches a label.
import type { InvocationRecord } from "../delivery/deliverOnce";
import type { EventKind } from "../model/events";
import { EVENT_KINDS } from "../model/events";
import type { EngineObserver } from "./engine";
import { StatsSnapshot, STATS_MAX_AGE_MS } from "./statsSnapshot";
import { DELIVERY_STATUSES, type Store } from "./store/store";

export type AttemptStatus = "delivered" | "retrying" | "dead";
const ATTEMPT_STATUSES: readonly AttemptStatus[] = ["delivered", "retrying", "dead"];

/** Seconds: 5 ms to 60 s, the longest timeout a webhook may have. */
export const DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Histogram {
  counts: number[]; // per bucket, not cumulative
  sum: number;
  count: number;
}

const newHistogram = (): Histogram => ({ counts: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 });

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labels(pairs: Record<string, string>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

function num(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

class Family {
  private readonly lines: string[] = [];
  constructor(
    readonly name: string,
    readonly type: "counter" | "gauge" | "histogram",
    readonly help: string,
  ) {}
  sample(value: number, pairs: Record<string, string> = {}, suffix = ""): this {
    this.lines.push(`${this.name}${suffix}${labels(pairs)} ${num(value)}`);
    return this;
  }
  text(): string {
    const head = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n`;
    return head + this.lines.map((l) => `${l}\n`).join("");
  }
}

export class Metrics implements Pick<EngineObserver, "eventsIngested" | "attemptFinished"> {
  private readonly ingested = new Map<EventKind, number>(EVENT_KINDS.map((k) => [k, 0]));
  private readonly duplicates = new Map<EventKind, number>(EVENT_KINDS.map((k) => [k, 0]));
  private readonly outcomes = new Map<AttemptStatus, number>(ATTEMPT_STATUSES.map((s) => [s, 0]));
  private readonly durations = new Map<AttemptStatus, Histogram>(ATTEMPT_STATUSES.map((s) => [s, newHistogram()]));
  private readonly errors = new Map<string, number>();

  private snapshot: { store: Pick<Store, "stats">; stats: StatsSnapshot } | undefined;

  constructor(
    private readonly version = "0.0.0",
    private readonly statsMaxAgeMs = STATS_MAX_AGE_MS,
  ) {}

  private statsOf(store: Pick<Store, "stats">): StatsSnapshot {
    if (this.snapshot?.store !== store) this.snapshot = { store, stats: new StatsSnapshot(store, this.statsMaxAgeMs) };
    return this.snapshot.stats;
  }

  /** `count` events accepted of which `duplicates` were seen before (stored once, delivered once). */
  eventsIngested(kind: EventKind, count: number, duplicates: number): void {
    this.ingested.set(kind, (this.ingested.get(kind) ?? 0) + Math.max(0, count - duplicates));
    this.duplicates.set(kind, (this.duplicates.get(kind) ?? 0) + duplicates);
  }

  /** One delivery attempt finished; Test invocations are not deliveries and are not counted. */
  attemptFinished(record: InvocationRecord, status: AttemptStatus): void {
    if (record.isTest) return;
    this.outcomes.set(status, (this.outcomes.get(status) ?? 0) + 1);
    const h = this.durations.get(status);
    if (h !== undefined) {
      const seconds = record.durationMs / 1000;
      const i = DURATION_BUCKETS.findIndex((b) => seconds <= b);
      if (i >= 0) h.counts[i] += 1;
      h.sum += seconds;
      h.count += 1;
    }
    if (record.error !== undefined) this.errors.set(record.error.code, (this.errors.get(record.error.code) ?? 0) + 1);
  }

  /** The exposition text; the store's gauges from a snapshot at most statsMaxAgeMs old (a failing read shows as webhooks_store_up 0). */
  async render(store: Pick<Store, "stats">, now: number): Promise<string> {
    const families: Family[] = [];
    const counter = (name: string, help: string) => {
      const f = new Family(name, "counter", help);
      families.push(f);
      return f;
    };
    const gauge = (name: string, help: string) => {
      const f = new Family(name, "gauge", help);
      families.push(f);
      return f;
    };

    gauge("webhooks_build_info", "The runtime's version.").sample(1, { version: this.version });
    const ingested = counter("webhooks_events_ingested_total", "New events committed (duplicates not counted), by kind.");
    for (const [kind, n] of this.ingested) ingested.sample(n, { kind });
    const dup = counter("webhooks_events_duplicate_total", "Events accepted again with an id seen before (not stored twice), by kind.");
    for (const [kind, n] of this.duplicates) dup.sample(n, { kind });
    const outcomes = counter("webhooks_deliveries_total", "Delivery attempts finished, by the delivery's resulting status.");
    for (const [outcome, n] of this.outcomes) outcomes.sample(n, { outcome });

    const hist = new Family("webhooks_attempt_duration_seconds", "histogram", "Duration of delivery attempts (render, token, send, judge).");
    families.push(hist);
    for (const [outcome, h] of this.durations) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((b, i) => {
        cumulative += h.counts[i];
        hist.sample(cumulative, { outcome, le: String(b) }, "_bucket");
      });
      hist.sample(h.count, { outcome, le: "+Inf" }, "_bucket");
      hist.sample(h.sum, { outcome }, "_sum");
      hist.sample(h.count, { outcome }, "_count");
    }
    const errors = counter("webhooks_attempt_errors_total", "Failed delivery attempts, by error code.");
    for (const [code, n] of [...this.errors].sort(([a], [b]) => a.localeCompare(b))) errors.sample(n, { code });

    // The process's own memory, the names Prometheus client libraries use: what the soak benchmark watches.
    const memory = process.memoryUsage();
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.").sample(memory.rss);
    gauge("nodejs_heap_size_used_bytes", "V8 heap in use, in bytes.").sample(memory.heapUsed);
    gauge("nodejs_heap_size_total_bytes", "V8 heap reserved, in bytes.").sample(memory.heapTotal);
    gauge("nodejs_external_memory_bytes", "Memory outside the V8 heap held by JavaScript objects (buffers), in bytes.").sample(memory.external);

    const up = gauge("webhooks_store_up", "1 when the store answered the last read of the queue gauges, 0 when it failed.");
    try {
      const { stats, at } = await this.statsOf(store).get(now);
      up.sample(1);
      gauge("webhooks_store_stats_age_seconds", "Age of the queue gauges below: they are read at most every few seconds.").sample(
        Math.max(0, now - at) / 1000,
      );
      gauge("webhooks_queue_depth", "Deliveries waiting for an attempt (pending + retrying).").sample(stats.queueDepth);
      gauge("webhooks_oldest_due_delivery_age_seconds", "How long the oldest delivery that is due now has waited (0 when none is due).").sample(
        stats.oldestDueAgeMs / 1000,
      );
      const byStatus = gauge("webhooks_deliveries", "Deliveries in the store, by status.");
      for (const status of DELIVERY_STATUSES) byStatus.sample(stats.byStatus[status] ?? 0, { status });
    } catch {
      up.sample(0);
    }
    return families.map((f) => f.text()).join("");
  }
}

/** The Content-Type of the text exposition format. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
