#!/usr/bin/env node
// `webhooks`: the process entry. `runtime start` runs in a worker thread whose V8 heap is capped
// at memory.maxHeapMb (heapCappedWorker.ts); every other command, and the runtime inside that
// worker, runs cli.ts. Kept lean: a capped runtime's main thread loads only this, the config
// reader and the worker, never the runtime itself.
import { isMainThread } from "node:worker_threads";

async function entry(argv: string[]): Promise<void> {
  if (isMainThread && argv[0] === "runtime" && argv[1] === "start") {
    const { heapCapFor, runHeapCapped } = await import("./heapCappedWorker");
    const cap = heapCapFor(argv.slice(2));
    if (cap > 0) {
      process.exitCode = await runHeapCapped(__filename, argv, cap);
      return;
    }
  }
  (await import("./cli")).runCli(argv);
}

if (require.main === module) {
  entry(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`webhooks: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  });
}
