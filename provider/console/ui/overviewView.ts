// Overview: queue depth, deliveries/s, failure rate and p99 attempt latency as
// small charts, from the runtime's own /metrics read every 2 s (rates are the
// difference of two reads; p99 from the histogram's bucket deltas).
import { call } from "./api.js";
import { h, replace } from "./dom.js";
import { POLL_MS } from "./deliveriesView.js";

const POINTS = 60;
const SVG = "http://www.w3.org/2000/svg";

interface Sample {
  at: number;
  queue: number;
  attempts: number;
  failed: number;
  buckets: Map<number, number>;
}

/** The samples of one metric family, summed per `le` for histograms. */
export function parseMetrics(text: string, at: number): Sample {
  const sample: Sample = { at, queue: 0, attempts: 0, failed: 0, buckets: new Map() };
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+|\+Inf|NaN)$/.exec(line);
    if (m === null) continue;
    const [, name, labels = "", raw] = m;
    const value = Number(raw);
    if (name === "webhooks_queue_depth") sample.queue = value;
    if (name === "webhooks_deliveries_total") {
      sample.attempts += value;
      if (!labels.includes('outcome="delivered"')) sample.failed += value;
    }
    if (name === "webhooks_attempt_duration_seconds_bucket") {
      const le = /le="([^"]+)"/.exec(labels)?.[1];
      const bound = le === "+Inf" ? Infinity : Number(le);
      sample.buckets.set(bound, (sample.buckets.get(bound) ?? 0) + value);
    }
  }
  return sample;
}

function p99(a: Sample, b: Sample): number | undefined {
  const bounds = [...b.buckets.keys()].sort((x, y) => x - y);
  const total = (b.buckets.get(Infinity) ?? 0) - (a.buckets.get(Infinity) ?? 0);
  if (total <= 0) return undefined;
  for (const bound of bounds) if ((b.buckets.get(bound) ?? 0) - (a.buckets.get(bound) ?? 0) >= total * 0.99) return bound;
  return undefined;
}

function chart(title: string, unit: string): { el: HTMLElement; push(v: number | undefined): void } {
  const values: number[] = [];
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${POINTS} 30`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${title} over the last ${(POINTS * POLL_MS) / 1000} seconds`);
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", "currentColor");
  line.setAttribute("stroke-width", "1");
  line.setAttribute("vector-effect", "non-scaling-stroke");
  svg.append(line);
  const now = h("strong", { class: "metric-value" }, "—");
  return {
    el: h("figure", { class: "chart" }, h("figcaption", {}, title, ": ", now), svg),
    push(v) {
      values.push(v ?? 0);
      if (values.length > POINTS) values.shift();
      const max = Math.max(...values, 1e-9);
      line.setAttribute("points", values.map((x, i) => `${i + POINTS - values.length},${(30 - (x / max) * 28).toFixed(2)}`).join(" "));
      now.textContent = v === undefined ? "—" : `${Number.isInteger(v) ? v : v.toFixed(2)} ${unit}`;
    },
  };
}

export async function overviewView(main: HTMLElement): Promise<() => void> {
  const queue = chart("Queue depth", "deliveries");
  const rate = chart("Deliveries per second", "/s");
  const failures = chart("Failure rate", "%");
  const latency = chart("p99 attempt latency", "s");
  replace(main, h("h2", {}, "Overview"), h("div", { class: "charts" }, queue.el, rate.el, failures.el, latency.el), h("p", { class: "muted" }, "From the runtime's /metrics, read every 2 s while this page is open."));
  let last: Sample | undefined;
  const read = async () => {
    const text = await call<string>("GET", "/metrics");
    const s = parseMetrics(text, Date.now());
    queue.push(s.queue);
    if (last !== undefined) {
      const seconds = Math.max(0.001, (s.at - last.at) / 1000);
      const done = s.attempts - last.attempts;
      rate.push(done / seconds);
      failures.push(done === 0 ? 0 : ((s.failed - last.failed) / done) * 100);
      latency.push(p99(last, s));
    }
    last = s;
  };
  await read();
  const timer = setInterval(() => {
    if (document.visibilityState === "visible") void read().catch(() => undefined);
  }, POLL_MS);
  return () => clearInterval(timer);
}
