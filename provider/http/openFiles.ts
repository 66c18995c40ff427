// The process's open-file budget (Linux /proc). Used to size the API's connection
// budget and to tell a DNS failure caused by the runtime running out of
// descriptors (glibc then reports EAI_AGAIN/ENOTFOUND) from a real DNS answer.
import { readdirSync, readFileSync } from "node:fs";

/** The soft open-file limit (`ulimit -n`), or undefined where /proc is not there or says unlimited. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the process is (nearly) out of file descriptors now: listing /proc/self/fd itself
 * needs one, so EMFILE/ENFILE there is the answer; otherwise fewer than `margin` are left.
 */
export function descriptorsExhausted(limit: number | undefined = openFileLimit(), margin = 4): boolean {
  try {
    const open = readdirSync("/proc/self/fd").length;
    return limit !== undefined && open >= limit - margin;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "EMFILE" || code === "ENFILE";
  }
}
