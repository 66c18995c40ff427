import type { InvocationRecord } from "../../../provider/delivery";
import { Metrics } from "../../../provider/runtime/metrics";
import type { StoreStats } from "../../../provider/runtime/store/store";

const STATS: StoreStats = {
  byStatus: { pending: 3, retrying: 2, delivered: 40, dead: 1 },
  queueDepth: 5,
  oldestDueAgeMs: 1500,
};
const store = (stats: StoreStats = STATS) => ({ stats: async () => stats });

function record(durationMs: number, error?: InvocationRecord["error"], isTest = false): InvocationRecord {
  return {
    deliveryId: "dlv_1",
    eventType: "RequestCreated",
    isTest,
    attempt: 1,
    startedAt: "2025-06-01T12:00:00.000Z",
    durationMs,
    request: { method: "POST", url: "https://hooks.example.com/in?key=****", headers: { "x-api-key": "****" }, body: "{}" },
    validators: [],
    result: error === undefined ? "success" : "failure",
    ...(error === undefined ? {} : { error }),
  };
}

/** The sample lines of one metric name (and its _bucket/_sum/_count series). */
const samples = (text: string, name: string) => text.split("\n").filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe("Metrics", () => {
  it("counts new and duplicate events by kind, zero before any", async () => {
    const m = new Metrics("1.2.3");
    expect(samples(await m.render(store(), 0), "webhooks_events_ingested_total")).toEqual([
      'webhooks_events_ingested_total{kind="audit"} 0',
      'webhooks_events_ingested_total{kind="request"} 0',
    ]);
    m.eventsIngested("request", 10, 2);
    m.eventsIngested("request", 1, 0);
    m.eventsIngested("audit", 4, 4);
    const text = await m.render(store(), 0);
    expect(samples(text, "webhooks_events_ingested_total")).toEqual([
      'webhooks_events_ingested_total{kind="audit"} 0',
      'webhooks_events_ingested_total{kind="request"} 9',
    ]);
    expect(samples(text, "webhooks_events_duplicate_total")).toEqual([
      'webhooks_events_duplicate_total{kind="audit"} 4',
      'webhooks_events_duplicate_total{kind="request"} 2',
    ]);
  });

  it("counts attempts by outcome, errors by code, and skips Test invocations", async () => {
    const m = new Metrics();
    m.attemptFinished(record(20), "delivered");
    m.attemptFinished(record(20), "delivered");
    m.attemptFinished(record(900, { code: "HTTP_STATUS", message: "503", retryable: true }), "retrying");
    m.attemptFinished(record(5, { code: "TIMEOUT", message: "t", retryable: true }), "dead");
    m.attemptFinished(record(5, { code: "TIMEOUT", message: "t", retryable: true }), "retrying");
    m.attemptFinished(record(5, { code: "DNS_ERROR", message: "t", retryable: true }, true), "dead");
    const text = await m.render(store(), 0);
    expect(samples(text, "webhooks_deliveries_total")).toEqual([
      'webhooks_deliveries_total{outcome="delivered"} 2',
      'webhooks_deliveries_total{outcome="retrying"} 2',
      'webhooks_deliveries_total{outcome="dead"} 1',
    ]);
    expect(samples(text, "webhooks_attempt_errors_total")).toEqual([
      'webhooks_attempt_errors_total{code="HTTP_STATUS"} 1',
      'webhooks_attempt_errors_total{code="TIMEOUT"} 2',
    ]);
  });

  it("exposes attempt durations as a cumulative histogram in seconds, 5 ms to 60 s", async () => {
    const m = new Metrics();
    for (const ms of [3, 5, 40, 1200, 61000]) m.attemptFinished(record(ms), "delivered");
    const lines = samples(await m.render(store(), 0), "webhooks_attempt_duration_seconds_bucket").filter((l) => l.includes('outcome="delivered"'));
    expect(lines).toEqual([
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="0.005"} 2',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="0.01"} 2',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="0.025"} 2',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="0.05"} 3',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="0.1"} 3',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="0.25"} 3',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="0.5"} 3',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="1"} 3',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="2.5"} 4',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="5"} 4',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="10"} 4',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="30"} 4',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="60"} 4',
      'webhooks_attempt_duration_seconds_bucket{outcome="delivered",le="+Inf"} 5',
    ]);
    const text = await m.render(store(), 0);
    expect(text).toContain('webhooks_attempt_duration_seconds_sum{outcome="delivered"} 62.248\n');
    expect(text).toContain('webhooks_attempt_duration_seconds_count{outcome="delivered"} 5\n');
    expect(text).toContain("# TYPE webhooks_attempt_duration_seconds histogram\n");
  });

  it("reads the queue gauges from the store at scrape time", async () => {
    const text = await new Metrics().render(store(), 0);
    expect(text).toContain("# TYPE webhooks_queue_depth gauge\nwebhooks_queue_depth 5\n");
    expect(text).toContain("webhooks_oldest_due_delivery_age_seconds 1.5\n");
    expect(samples(text, "webhooks_deliveries")).toEqual([
      'webhooks_deliveries{status="pending"} 3',
      'webhooks_deliveries{status="retrying"} 2',
      'webhooks_deliveries{status="delivered"} 40',
      'webhooks_deliveries{status="dead"} 1',
    ]);
    expect(text).toContain("webhooks_store_up 1\n");
  });

  it("exposes the process's resident memory and V8 heap, in bytes", async () => {
    const text = await new Metrics().render(store(), 0);
    const value = (name: string) => Number(samples(text, name)[0]?.split(" ")[1]);
    expect(value("process_resident_memory_bytes")).toBeGreaterThan(10 * 1024 * 1024);
    expect(value("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(value("nodejs_heap_size_used_bytes")).toBeLessThanOrEqual(value("nodejs_heap_size_total_bytes"));
    expect(text).toContain("# TYPE process_resident_memory_bytes gauge");
  });

  it("still answers when the store fails, with webhooks_store_up 0 and no queue gauges", async () => {
    const failing = { stats: async (): Promise<StoreStats> => Promise.reject(new Error("SQLITE_BUSY")) };
    const text = await new Metrics().render(failing, 0);
    expect(text).toContain("webhooks_store_up 0\n");
    expect(text).not.toContain("webhooks_queue_depth");
    expect(text).toContain('webhooks_deliveries_total{outcome="delivered"} 0\n');
  });

  it("is valid exposition text: HELP and TYPE before each family, every sample line `name{labels} number`", async () => {
    const m = new Metrics('1.0.0-"beta"');
    m.attemptFinished(record(10, { code: "TLS_ERROR", message: "x", retryable: false }), "dead");
    const text = await m.render(store(), 0);
    expect(text.endsWith("\n")).toBe(true);
    const declared = new Set<string>();
    for (const line of text.trimEnd().split("\n")) {
      const type = /^# TYPE (\w+) (counter|gauge|histogram)$/.exec(line);
      if (type) declared.add(type[1]);
      else if (!line.startsWith("# HELP ")) {
        expect(line).toMatch(/^(\w+)(\{(\w+="(?:[^"\\]|\\.)*",?)+\})? (-?[\d.]+(e-?\d+)?|\+Inf|NaN)$/);
        const name = /^\w+/.exec(line)![0].replace(/_(bucket|sum|count)$/, "");
        expect(declared.has(name) || declared.has(/^\w+/.exec(line)![0])).toBe(true);
      }
    }
    expect(text).toContain('webhooks_build_info{version="1.0.0-\\"beta\\""} 1\n');
  });

  it("never puts a URL, header or message of a record into a label", async () => {
    const m = new Metrics();
    m.attemptFinished(record(10, { code: "HTTP_STATUS", message: "secret-ish message", retryable: true }), "retrying");
    const text = await m.render(store(), 0);
    expect(text).not.toContain("hooks.example.com");
    expect(text).not.toContain("secret-ish");
    expect(text).not.toContain("x-api-key");
  });
});
