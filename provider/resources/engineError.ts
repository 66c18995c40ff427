// What a failure looks like when it reaches the Pulumi engine, the same for both
// providers: one line, the message and its stable code, no stack trace. The
// engine prints the gRPC status message as given; the code in the text is what
// a user searches docs/troubleshooting.md for.
import { isWebhookError } from "../errors";

/** `WEBHOOKS_DEBUG=1` (in the environment of `pulumi`, which its plugins inherit) keeps the stack traces. */
export const DEBUG_ENV = "WEBHOOKS_DEBUG";

export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[DEBUG_ENV];
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

/** `message (CODE)`: the code once, even when the message already names it. An unexpected error says how to see its stack. */
export function engineMessage(e: unknown): string {
  if (isWebhookError(e)) return e.message.includes(`(${e.code})`) ? e.message : `${e.message} (${e.code})`;
  const error = e as { message?: unknown; id?: unknown } | undefined;
  const message = typeof error?.message === "string" ? error.message : String(e);
  // A partial failure (registered, step not finished: webhookCore's afterRegistration) carries its cause's code already.
  if (typeof error?.id === "string" && error.id !== "") return message;
  return `${message} (unexpected: run with ${DEBUG_ENV}=1 for the stack trace, and report it)`;
}
