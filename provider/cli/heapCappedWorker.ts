// The heap cap of `webhooks runtime start` (memory.maxHeapMb). Node cannot lower V8's old-space
// limit after start, so the runtime runs in a worker thread with resourceLimits: still one process
// (one pid, one RSS, a SIGKILL takes it all), where a re-exec would leave a parent whose kill
// orphans the runtime. The main thread forwards SIGTERM/SIGINT and exits with the worker's code;
// a worker that runs out of heap ends the process with exit 1 and a log line naming the limit.
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { parseArgs } from "node:util";
import { readRuntimeConfig } from "../runtime/loadRuntimeConfig";

const EXIT_FAILED = 1;

type SignalListener = (signal: NodeJS.Signals) => void;

/** Whether this thread is the capped runtime (its signals arrive as messages from the main thread). */
export const inHeapCappedWorker = !isMainThread && parentPort !== null;

/**
 * memory.maxHeapMb for `runtime start <args>`, or 0 to run in this thread: for --help, bad
 * arguments or a config that does not read (the in-thread run reports those), and for a cap of 0.
 */
export function heapCapFor(args: readonly string[]): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help === true || positionals.length > 0) return 0;
    const file = values.config;
    return readRuntimeConfig({ ...(file === undefined ? {} : { file }), env: process.env }).memory.maxHeapMb;
  } catch {
    return 0;
  }
}

/** Calls `listener` on SIGTERM/SIGINT (forwarded as messages inside the capped worker); returns the unsubscribe. */
export function onStopSignal(listener: SignalListener): () => void {
  const port = parentPort;
  if (inHeapCappedWorker && port !== null) {
    const onMessage = (m: { signal?: NodeJS.Signals }) => {
      if (m.signal !== undefined) listener(m.signal);
    };
    port.on("message", onMessage);
    // The port must not keep the worker alive once the runtime has stopped.
    port.unref();
    return () => port.off("message", onMessage);
  }
  process.on("SIGTERM", listener);
  process.on("SIGINT", listener);
  return () => {
    process.off("SIGTERM", listener);
    process.off("SIGINT", listener);
  };
}

/**
 * The young generation, fixed: Node 20 and 22 give a capped worker 48 MB, Node 24 picks 192 MB for the same
 * cap, which would double the heap behind the default (seen: heap limit 240 vs 384 MB). Fixed, the limit is
 * `maxHeapMb + 48` on every Node.
 */
export const YOUNG_GENERATION_MB = 48;

/** Runs `script` with `argv` in a worker whose old space is capped at `maxHeapMb`; resolves with its exit code. */
export function runHeapCapped(script: string, argv: readonly string[], maxHeapMb: number): Promise<number> {
  const worker = new Worker(script, {
    argv: [...argv],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const forward = (signal: NodeJS.Signals) => worker.postMessage({ signal });
  process.on("SIGTERM", forward);
  process.on("SIGINT", forward);
  return new Promise((resolve) => {
    let failed = false;
    worker.on("error", (e: Error & { code?: string }) => {
      failed = true;
      const outOfHeap = e.code === "ERR_WORKER_OUT_OF_MEMORY";
      const msg = outOfHeap
        ? `the runtime ran out of heap (memory.maxHeapMb = ${maxHeapMb}) and stopped; acknowledged events are stored and are delivered after a restart. Raise memory.maxHeapMb or lower ingest.maxBytesInFlight`
        : "the runtime failed";
      const error = { code: outOfHeap ? "RUNTIME_OUT_OF_HEAP" : e.code, message: e.message, ...(outOfHeap ? {} : { stack: e.stack }) };
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", msg, error })}\n`);
    });
    worker.on("exit", (code) => {
      process.off("SIGTERM", forward);
      process.off("SIGINT", forward);
      resolve(failed && code === 0 ? EXIT_FAILED : code);
    });
  });
}
