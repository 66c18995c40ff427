// What the delivery benchmarks share: the body template they register, the
// three-column table they print, and the runtime's memory read from /proc.
import { readFileSync } from "node:fs";

/** A realistic request-event template (nested fields, JSON-in-JSON of the access groups). */
export const BENCH_TEMPLATE = JSON.stringify({
  id: "{{id}}",
  type: "{{event_type}}",
  request: "{{data.friendly_id}}",
  requester: { name: "{{data.requester.name}}", email: "{{data.requester.email}}" },
  justification: "{{data.justification}}",
  flow: "{{data.access_flow.name}}",
  integration: "{{data.access_groups.[0].integration.name}}",
  groups: "{{data.access_groups}}",
});

/** Rows of (what, value, verdict), aligned; an optional title line first. */
export function printTable(rows: ReadonlyArray<readonly [string, string, string]>, title?: string): void {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(title === undefined ? "\n" : `\n${title}\n`);
  for (const [a, b, c] of rows) process.stdout.write(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}\n`);
}

/** A process's VmRSS (now) or VmHWM (peak so far), in kB. */
export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}
