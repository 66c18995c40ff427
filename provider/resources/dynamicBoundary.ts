// Where the dynamic provider's failures leave this package for Pulumi's
// dynamic-provider host (@pulumi/pulumi cmd/dynamic-provider). For check, diff,
// read and delete the host prints `${e}: ${e.stack}` to the provider's stderr
// before it answers the engine, so the engine showed the message twice and a
// stack trace into runtimeApi.ts. Here every failure becomes one Error whose
// message carries the code (engineMessage), and the host's print of exactly
// that error is dropped unless WEBHOOKS_DEBUG is set. A partial failure keeps
// id/properties/reasons, which the host packs for the engine.
import { debugEnabled, engineMessage } from "./engineError";
import type { WebhookProvider } from "./webhookProvider";

type Method = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";
const METHODS: readonly Method[] = ["configure", "check", "diff", "create", "read", "update", "delete"];

/** The provider as the host calls it: the same methods, failures made engine-ready. */
export function forEngine(provider: WebhookProvider, env: NodeJS.ProcessEnv = process.env): WebhookProvider {
  const facade = Object.create(provider) as WebhookProvider;
  for (const method of METHODS) {
    const inner = provider[method].bind(provider) as (...args: unknown[]) => Promise<unknown>;
    (facade as unknown as Record<Method, (...args: unknown[]) => Promise<unknown>>)[method] = async (...args: unknown[]) => {
      try {
        return await inner(...args);
      } catch (e) {
        throw engineFailure(e, env);
      }
    };
  }
  return facade;
}

/** One Error for the engine; without debug, the host's stderr print of it is swallowed once. */
export function engineFailure(e: unknown, env: NodeJS.ProcessEnv = process.env): Error {
  // The host's partial-failure shape: the resource exists (webhookCore's afterRegistration).
  const partial = e as { id?: unknown; properties?: unknown; reasons?: unknown } | undefined;
  const failure = Object.assign(new Error(engineMessage(e)), {
    ...(typeof partial?.id === "string" ? { id: partial.id, properties: partial.properties, reasons: partial.reasons } : {}),
  });
  if (debugEnabled(env)) {
    if (e instanceof Error && e.stack !== undefined) failure.stack = e.stack;
    return failure;
  }
  swallowHostPrint(`${String(failure)}: ${failure.stack ?? ""}`);
  return failure;
}

/**
 * The host prints from its catch, in the microtasks right after the rejection: drop exactly that
 * text, once, and restore console.error after this turn whether or not the print came.
 */
function swallowHostPrint(text: string): void {
  const original = console.error;
  const filter = (...args: unknown[]): void => {
    if (args.length === 1 && args[0] === text) {
      restore();
      return;
    }
    original.apply(console, args);
  };
  const restore = () => {
    if (console.error === filter) console.error = original;
  };
  console.error = filter;
  setImmediate(restore);
}
