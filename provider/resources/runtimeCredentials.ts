// Which admin token a call uses (issue 15 item 8). The configured runtime gets
// the configured token, so a rotated token is used as soon as the provider
// config says so; a webhook registered with another runtime (the stack moved)
// is read and deleted there with the token kept in its state for that runtime.
// A refusal says what to do, since the engine passes `destroy` and `refresh` the
// provider config saved in state at the last `pulumi up`.
import { RuntimeApi } from "./runtimeApi";
import type { RuntimeSettings } from "./runtimeSettings";
import { PULUMI_WORDS, type ToolWords } from "./toolWords";

/**
 * @param configured the provider's runtime and token (config, or the environment)
 * @param runtimeUrl the runtime in the webhook's state; undefined for a new webhook
 * @param stateToken the token kept in the webhook's state for that runtime
 */
export function runtimeApiFor(configured: RuntimeSettings, runtimeUrl?: string, stateToken?: string, words: ToolWords = PULUMI_WORDS): RuntimeApi {
  if (runtimeUrl === undefined || runtimeUrl === configured.url) return new RuntimeApi(configured, words.tokenRefused, words);
  const how =
    `this webhook is registered with the runtime at ${runtimeUrl}, not the configured ${configured.url} (the stack moved), and ` +
    (stateToken === undefined ? "its state keeps no token for that runtime (written by an older provider version)" : "that runtime refused the token kept in its state for it (its adminToken changed since)") +
    `. ${words.moveHint}`;
  return new RuntimeApi({ url: runtimeUrl, token: stateToken ?? configured.token }, how, words);
}
