// The commands that need the runtime's own dependencies (undici for real HTTP calls, the SQLite and
// PostgreSQL stores). They are loaded only when run, by a path the compiler does not follow, so the
// light `pulumi-webhooks` package (the SDK a Pulumi program installs: no runtime modules, no runtime
// dependencies) still starts its CLI; there these say which package has them. Their names and
// summaries live here once: the command modules take theirs from this list.
import type { Command } from "./command";

export interface RuntimeCommandEntry {
  name: string;
  summary: string;
  /** The module under ./commands/ and its export. */
  file: string;
  exportName: string;
}

export const RUNTIME_PACKAGE = "pulumi-webhooks-runtime";

export const RUNTIME_COMMANDS: readonly RuntimeCommandEntry[] = [
  { name: "test", summary: "send the Test invocation (one real call with mock data) and show what happened", file: "test", exportName: "testCommand" },
  { name: "runtime start", summary: "run the delivery runtime: API, ingest, sources, delivery workers, store", file: "runtimeStart", exportName: "runtimeStartCommand" },
  { name: "runtime rotate-key", summary: "seal every stored secret with a new encryption key", file: "rotateKey", exportName: "rotateKeyCommand" },
];

export function runtimeCommandSummary(name: string): string {
  const entry = RUNTIME_COMMANDS.find((c) => c.name === name);
  if (entry === undefined) throw new Error(`no runtime command ${name}`);
  return entry.summary;
}

/** The command, or undefined when this install has no runtime modules (the `pulumi-webhooks` package alone). */
export async function loadRuntimeCommand(entry: RuntimeCommandEntry): Promise<Command | undefined> {
  const path = `./commands/${entry.file}`;
  try {
    return ((await import(path)) as Record<string, Command>)[entry.exportName];
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "MODULE_NOT_FOUND" && /Cannot find module '(\.\/commands\/|undici|pg|better-sqlite3)/.test(err.message)) return undefined;
    throw e;
  }
}
