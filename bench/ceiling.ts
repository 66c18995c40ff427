// The baseline of the delivery benchmarks (product.md §8): how many requests/s a raw undici
// keep-alive pool gets from the SAME loopback receiver the runtime delivers to, with a body of
// the same size, measured in the same run. Closed loop: each connection sends its next request
// as soon as the previous response is read.
import { performance } from "node:perf_hooks";
// The benches measure undici itself for the baseline; product code uses it only in provider/http.
import { Pool } from "undici";

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
  /** Keep-alive connections, each with one request at a time. Default 50. */
  connections?: number;
}

export interface Ceiling {
  requestsPerSecond: number;
  requests: number;
  seconds: number;
  connections: number;
}

export async function measureCeiling(options: CeilingOptions): Promise<Ceiling> {
  const { address, caPem, body, servername = "hooks.test", path = "/bench", seconds = 5, connections = 50 } = options;
  const pool = new Pool(`https://${servername}`, {
    connections,
    connect: { ca: caPem, servername, lookup: (_h, _o, cb) => cb(null, [{ address, family: 4 }]) },
  });
  let requests = 0;
  const end = performance.now() + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
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
  return { requestsPerSecond: requests / seconds, requests, seconds, connections };
}
