// Where the delivery runtime is and the admin token to call it with: stack
// config first (`webhooks:runtimeUrl`, secret `webhooks:runtimeToken`), then the
// environment. Read in the provider process, never captured in the serialized
// provider code; state holds the token only encrypted (the engine's copy of the
// provider config, and each webhook's __runtimeToken). `check` is offline and needs neither.
import { WebhookError } from "../errors";

export const CONFIG_KEYS = { url: "webhooks:runtimeUrl", token: "webhooks:runtimeToken" } as const;
export const ENV_KEYS = { url: "WEBHOOKS_RUNTIME_URL", token: "WEBHOOKS_RUNTIME_TOKEN" } as const;

/** The part of pulumi.dynamic.Config the provider uses. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface RuntimeSettings {
  /** Without a trailing slash. */
  url: string;
  token: string;
}

export interface ConfiguredValues {
  url?: string;
  token?: string;
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === "" ? undefined : v.trim());

/** What the stack config holds (the engine passes the whole config, namespaces kept). */
export function valuesFromConfig(config: ConfigSource): ConfiguredValues {
  const url = nonEmpty(config.get(CONFIG_KEYS.url));
  const token = nonEmpty(config.get(CONFIG_KEYS.token));
  return { ...(url === undefined ? {} : { url }), ...(token === undefined ? {} : { token }) };
}

/** The runtime URL alone (diff compares it with the one in state), or undefined when not set anywhere. */
export function configuredUrl(configured: ConfiguredValues, env: NodeJS.ProcessEnv): string | undefined {
  const url = configured.url ?? nonEmpty(env[ENV_KEYS.url]);
  return url === undefined ? undefined : normaliseRuntimeUrl(url);
}

/** Both values, or a WebhookError that names the config keys and the environment variables. */
export function requireSettings(configured: ConfiguredValues, env: NodeJS.ProcessEnv): RuntimeSettings {
  const url = configuredUrl(configured, env);
  const token = configured.token ?? nonEmpty(env[ENV_KEYS.token]);
  const missing = [
    ...(url === undefined ? [`the runtime URL (pulumi config set ${CONFIG_KEYS.url} http://host:8787, or ${ENV_KEYS.url})`] : []),
    ...(token === undefined
      ? [`the runtime's admin token (pulumi config set --secret ${CONFIG_KEYS.token} <adminToken>, or ${ENV_KEYS.token})`]
      : []),
  ];
  if (url === undefined || token === undefined) {
    throw new WebhookError({
      code: "CONFIG_REQUIRED",
      path: url === undefined ? CONFIG_KEYS.url : CONFIG_KEYS.token,
      message: `the webhooks provider needs ${missing.join(" and ")} to reach the delivery runtime`,
    });
  }
  if (!/^https?:\/\/[^/?#]+/i.test(url)) {
    throw new WebhookError({
      code: "CONFIG_INVALID_URL",
      path: CONFIG_KEYS.url,
      message: `${CONFIG_KEYS.url} (or ${ENV_KEYS.url}) must be the runtime's http:// or https:// base URL, e.g. http://127.0.0.1:8787`,
    });
  }
  return { url, token };
}

/** One spelling per runtime, so a trailing slash does not look like a move to another runtime. */
export function normaliseRuntimeUrl(url: string): string {
  return url.trim().replace(/\/+$/, "");
}
