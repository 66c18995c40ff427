// The baseline of the delivery benchmarks (product.md §8): how many requests/s a raw undici
// keep-alive pool gets from the SAME loopback receiver the runtime delivers to, with a body of
// the same size, measured in the same run. Closed loop: each connection sends its next request
// as soon as the previous response is read (or, pipelined, keeps `pipelining` requests in flight
// on each). `sweepCeiling` measures a grid of connections × pipelining and keeps the best: the
// baseline is the most one client process gets from this receiver, not one guess of a pool size.
import { performance } from "node:perf_hooks";
// The benches measure undici itself for the baseline; product code uses it only in provider/http.
import { Pool } from "undici";
import { describeLoad, markLoad, otherLoadSince, type OtherLoad } from "./machineLoad";

export interface CeilingOptions {
  /** The receiver's address; `servername` is pinned to it. */
  address: string;
  /** The CA that issued the receiver's certificate. */
  caPem: string;
  /** A name the receiver's certificate covers. Default hooks.test. */
  servername?: string;
  /** Default /bench. */
  path?: string;
  /** The request body (use one the size of a delivery's). */
  body: string;
  /** Default 5. */
  seconds?: number;
  /** Keep-alive connections. Default 50. */
  connections?: number;
  /** Requests in flight on each connection (HTTP/1.1 pipelining). Default 1. */
  pipelining?: number;
}

export interface Ceiling {
  requestsPerSecond: number;
  requests: number;
  seconds: number;
  connections: number;
  pipelining: number;
}

export async function measureCeiling(options: CeilingOptions): Promise<Ceiling> {
  const { address, caPem, body, servername = "hooks.test", path = "/bench", seconds = 5, connections = 50, pipelining = 1 } = options;
  const pool = new Pool(`https://${servername}`, {
    connections,
    pipelining,
    connect: { ca: caPem, servername, lookup: (_h, _o, cb) => cb(null, [{ address, family: 4 }]) },
  });
  let requests = 0;
  const end = performance.now() + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections * pipelining }, async () => {
        while (performance.now() < end) {
          const r = await pool.request({ path, method: "POST", body, headers: { "content-type": "application/json" } });
          await r.body.dump();
          requests++;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return { requestsPerSecond: requests / seconds, requests, seconds, connections, pipelining };
}

export interface CeilingSweep {
  best: Ceiling;
  points: Ceiling[];
  /** What else the machine did while the sweep ran. */
  load: OtherLoad;
}

/** Default grid: 16–256 connections, without and with pipelining. */
export const SWEEP_CONNECTIONS = [16, 32, 64, 128, 256];
export const SWEEP_PIPELINING = [1, 4];

export async function sweepCeiling(
  options: Omit<CeilingOptions, "connections" | "pipelining"> & { connections?: number[]; pipelining?: number[] },
): Promise<CeilingSweep> {
  const { connections = SWEEP_CONNECTIONS, pipelining = SWEEP_PIPELINING, seconds = 3, ...rest } = options;
  const start = markLoad();
  const points: Ceiling[] = [];
  for (const p of pipelining) {
    for (const c of connections) points.push(await measureCeiling({ ...rest, seconds, connections: c, pipelining: p }));
  }
  const best = points.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  return { best, points, load: otherLoadSince(start) };
}

/** The sweep as table rows: one per point, the best marked, then the machine's other load. */
export function sweepRows(sweep: CeilingSweep): Array<[string, string, string]> {
  return [
    ...sweep.points.map((p): [string, string, string] => [
      `  ceiling sweep: ${p.connections} conns × ${p.pipelining} in flight`,
      `${p.requestsPerSecond.toFixed(0)} req/s`,
      p === sweep.best ? "best: the baseline" : `${(p.requestsPerSecond / sweep.best.requestsPerSecond).toFixed(2)} of best`,
    ]),
    ["  machine during the sweep", describeLoad(sweep.load), "0 other cores = a quiet run"],
  ];
}
