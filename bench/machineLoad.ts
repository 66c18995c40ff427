// What else the machine did during a measurement, so a loaded run is visible in its table:
// the machine's busy CPU (from /proc/stat) minus this process's own CPU, in cores, and the
// 1-minute load average. Linux only (the benches run on the CI machine).
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";

/** USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture we run on. */
const TICKS_PER_SECOND = 100;

export interface LoadMark {
  at: number;
  busySeconds: number;
  ownSeconds: number;
}

/** CPU seconds the whole machine has been busy since boot (every process, every core). */
export function machineBusySeconds(): number {
  const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
  // cpu user nice system idle iowait irq softirq steal ...
  const f = cpu.trim().split(/\s+/).slice(1).map(Number);
  const busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0);
  return busy / TICKS_PER_SECOND;
}

export function markLoad(): LoadMark {
  const own = process.cpuUsage();
  return { at: performance.now(), busySeconds: machineBusySeconds(), ownSeconds: (own.user + own.system) / 1e6 };
}

export interface OtherLoad {
  /** Cores busy with work other than this process's (and `alsoOurs`), averaged over the interval. */
  otherCores: number;
  loadAverage1m: number;
}

/** `alsoOursSeconds`: CPU seconds of our own child processes in the interval (runtime nodes), not "other" load. */
export function otherLoadSince(start: LoadMark, alsoOursSeconds = 0): OtherLoad {
  const end = markLoad();
  const wall = (end.at - start.at) / 1000;
  const other = end.busySeconds - start.busySeconds - (end.ownSeconds - start.ownSeconds) - alsoOursSeconds;
  return { otherCores: Math.max(0, other / Math.max(wall, 1e-3)), loadAverage1m: loadavg()[0] };
}

export const describeLoad = (l: OtherLoad): string => `${l.otherCores.toFixed(2)} other cores busy, load avg ${l.loadAverage1m.toFixed(2)}`;

/** CPU seconds (user + system) a live process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start after the last ")"; utime, stime are 14th, 15th.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
}

/**
 * How often a live process's threads went to sleep so far (voluntary context switches, summed over
 * /proc/<pid>/task/*): an event loop that waits for I/O or a timer sleeps, and on this VM each
 * sleep-and-wake costs tens of µs of CPU, so sleeps per delivery explain part of CPU per delivery.
 */
export function processSleeps(pid: number): number {
  let n = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const m = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${task}/status`, "utf8"));
      n += m ? Number(m[1]) : 0;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return n;
}
