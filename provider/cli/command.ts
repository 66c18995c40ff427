// The shape every `webhooks` sub-command has: its help text and a run function
// that returns the exit code. Commands write through `Io` so tests can run them
// in-process and read exactly what a person would see.
import type { ParseArgsConfig } from "node:util";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help: usage, options and examples. */
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: Record<string, unknown>, positionals: string[], io: Io): Promise<number>;
}

/** Exit codes: 0 success, 1 the thing checked failed, 2 the command line itself is wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}
