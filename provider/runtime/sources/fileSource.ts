// An NDJSON file of events, one per line, read from the byte offset saved in
// the store. Each batch of complete lines commits together with the offset after
// it, so a restart neither reads a line twice nor skips one. With `follow`, the
// file is polled for growth (tail -F style: a shrunk file is read again from 0).
import { createHash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import { isWebhookError } from "../../errors";
import type { FileSourceConfig } from "../../model/runtimeConfig";
import type { EngineObserver } from "../engine";
import { parseOneEvent } from "../ingestBody";
import type { IngestResult, NewEvent, Store } from "../store/store";

export interface FileSourceOptions {
  source: FileSourceConfig;
  store: Store;
  observer: EngineObserver;
  now: () => number;
  /** After a batch committed (the engine wakes its workers). */
  onCommitted: (result: IngestResult) => void;
  /** Events per commit; default 1000. */
  maxBatch?: number;
  /** A longer line is skipped (and logged); default 5 MiB. */
  maxLineBytes?: number;
  /** How often a followed file is checked for growth; default 200 ms. */
  pollMs?: number;
}

const READ_CHUNK = 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * The id of a line without one: the same line at the same place always gets the same id. The line's bytes
 * are part of it so a file truncated and rewritten (log rotation) does not make new lines look like old ones.
 */
export function lineEventId(sourceName: string, offset: number, line: Buffer): string {
  const hash = createHash("sha256").update(sourceName).update("\0").update(String(offset)).update("\0").update(line);
  return `file_${hash.digest("hex").slice(0, 40)}`;
}

export class FileSource {
  /** The offset key in the store. */
  readonly name: string;
  private offset = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private missingWarned = false;
  private readonly maxBatch: number;
  private readonly maxLineBytes: number;
  private readonly pollMs: number;

  constructor(private readonly options: FileSourceOptions) {
    this.name = options.source.name ?? options.source.path;
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxLineBytes = options.maxLineBytes ?? 5 * 1024 * 1024;
    this.pollMs = options.pollMs ?? 200;
  }

  /** Loads the saved offset and starts reading (in the background). */
  async start(): Promise<void> {
    this.offset = await this.options.store.sourceOffset(this.name);
    this.schedule(0);
  }

  /** Stops polling; a batch being read is committed first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pass = this.readOnce()
        .catch((error: unknown) => {
          this.log("error", "file source: reading failed; trying again", {
            error: isWebhookError(error) ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error),
          });
        })
        .finally(() => {
          this.pass = undefined;
          if (this.options.source.follow) this.schedule(this.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
    this.options.observer.log(level, message, { source: this.name, path: this.options.source.path, ...fields });
  }

  /** Reads from the saved offset to the current end of the file. */
  private async readOnce(): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await open(this.options.source.path, "r");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        if (!this.missingWarned) this.log("warn", `file source: the file does not exist${this.options.source.follow ? "; waiting for it" : ""}`);
        this.missingWarned = true;
        return;
      }
      throw e;
    }
    this.missingWarned = false;
    try {
      const { size } = await fh.stat();
      if (size < this.offset) {
        this.log("warn", "file source: the file is shorter than the saved offset (truncated or replaced); reading it again from the start", {
          offset: this.offset,
          size,
        });
        await this.commit([], 0, 0);
      }
      if (size > this.offset) await this.readRange(fh, size);
    } finally {
      await fh.close();
    }
  }

  private async readRange(fh: FileHandle, end: number): Promise<void> {
    const { kind, follow } = this.options.source;
    let readPos = this.offset;
    /** Bytes after the last complete line, starting at `pendingAt`. */
    let pending = Buffer.alloc(0);
    let pendingAt = this.offset;
    /** Inside a line longer than maxLineBytes, which is skipped up to its newline. */
    let skippingFrom: number | undefined;
    let batch: NewEvent[] = [];
    let skipped = 0;
    let batchEnd = this.offset;

    const line = (bytes: Buffer, at: number) => {
      const text = bytes.toString("utf8").replace(/\r$/, "");
      if (text.trim() === "") return;
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        // JSON.parse's own message quotes the line, which may hold anything: it is not logged.
        skipped += 1;
        this.log("warn", "file source: skipped a line that is not JSON", { offset: at, code: "EVENT_INVALID", errorPath: "" });
        return;
      }
      try {
        const event = parseOneEvent(kind, input);
        batch.push({ id: event.id ?? lineEventId(this.name, at, bytes), kind, event });
      } catch (e) {
        if (!isWebhookError(e)) throw e;
        skipped += 1;
        this.log("warn", "file source: skipped a line that is not a valid event", {
          offset: at,
          code: e.code,
          errorPath: e.path,
          error: e.message,
        });
      }
    };

    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    while (readPos < end && !this.stopped) {
      const { bytesRead } = await fh.read(buffer, 0, Math.min(READ_CHUNK, end - readPos), readPos);
      if (bytesRead === 0) break;
      const chunk = Buffer.from(buffer.subarray(0, bytesRead));
      const chunkAt = readPos;
      readPos += bytesRead;

      let start = 0;
      if (skippingFrom !== undefined) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl < 0) continue;
        start = nl + 1;
        pendingAt = chunkAt + start;
        batchEnd = pendingAt;
        skippingFrom = undefined;
      }
      let data = pending.length === 0 ? chunk.subarray(start) : Buffer.concat([pending, chunk.subarray(start)]);
      let dataAt = pending.length === 0 ? chunkAt + start : pendingAt;
      for (let nl = data.indexOf(NEWLINE); nl >= 0; nl = data.indexOf(NEWLINE)) {
        line(data.subarray(0, nl), dataAt);
        dataAt += nl + 1;
        data = data.subarray(nl + 1);
        batchEnd = dataAt;
        if (batch.length >= this.maxBatch) {
          await this.commit(batch, skipped, batchEnd);
          batch = [];
          skipped = 0;
        }
      }
      pending = Buffer.from(data);
      pendingAt = dataAt;
      if (pending.length > this.maxLineBytes) {
        skipped += 1;
        this.log("warn", `file source: skipped a line longer than ${this.maxLineBytes} bytes`, { offset: pendingAt, code: "EVENT_TOO_LARGE" });
        skippingFrom = pendingAt;
        pending = Buffer.alloc(0);
      }
    }
    // Without follow the file is complete: a last line without a newline is still a line.
    if (!follow && !this.stopped && readPos >= end && pending.length > 0 && skippingFrom === undefined) {
      line(pending, pendingAt);
      batchEnd = end;
    }
    if (!follow && skippingFrom !== undefined && readPos >= end) batchEnd = end;
    if (batch.length > 0 || batchEnd > this.offset) await this.commit(batch, skipped, batchEnd);
  }

  private async commit(events: NewEvent[], skipped: number, offset: number): Promise<void> {
    const result = await this.options.store.ingestEvents(events, this.options.now(), { name: this.name, offset });
    this.offset = offset;
    if (events.length > 0) {
      const duplicates = result.events.filter((e) => e.duplicate).length;
      this.options.observer.eventsIngested(this.options.source.kind, events.length, duplicates);
      this.options.onCommitted(result);
      const conflicts = result.events.filter((e) => e.conflict).map((e) => e.id);
      if (conflicts.length > 0) {
        this.log("warn", "file source: event id(s) seen before with a different payload were not stored", { ids: conflicts.slice(0, 10), count: conflicts.length });
      }
    }
    if (skipped > 0) this.log("info", `file source: committed up to byte ${offset}, ${skipped} line(s) skipped`, { offset });
  }
}
