// A webhook config as the runtime's API shows it: every secret value replaced
// by "****". Driven by SECRET_FIELD_PATHS, so a new secret field is masked as
// soon as it is listed there. URL credentials (query values, known secret
// paths: urlSecrets.ts) are masked too.
import { MASK, maskUrl, urlCarriesCredential } from "./urlSecrets";
import { isSecretFieldPath } from "./webhookConfig";

export { MASK };

// Fields holding a URL whose query or path may carry a key.
const URL_FIELDS: ReadonlyArray<readonly string[]> = [["url"], ["authentication", "tokenEndpointUrl"]];

export const isUrlField = (path: readonly PropertyKey[]): boolean =>
  URL_FIELDS.some((f) => f.length === path.length && f.every((p, i) => p === path[i]));

function mask(value: unknown, path: PropertyKey[]): unknown {
  if (isSecretFieldPath(path)) {
    // A secret object (e.g. all of `headers.*` below a key) is masked leaf by leaf, so its shape stays visible.
    if (value !== null && typeof value === "object") return maskChildren(value, path);
    return value === undefined ? undefined : MASK;
  }
  if (typeof value === "string" && isUrlField(path)) return maskUrl(value);
  if (value !== null && typeof value === "object") return maskChildren(value, path);
  return value;
}

function maskChildren(value: object, path: PropertyKey[]): unknown {
  if (Array.isArray(value)) return value.map((v: unknown, i) => mask(v, [...path, i]));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, [...path, k])]));
}

/** A deep copy of a webhook config (file shape or resource fields) with every secret value masked. */
export function maskConfig<T extends object>(config: T): Record<string, unknown> {
  return mask(config, []) as Record<string, unknown>;
}

/**
 * Every secret value of a config by its dotted path ("headers.X-Api-Key", "authentication.token",
 * "signingSecret"), plus each URL field that carries a credential ("url"): what fingerprints cover.
 */
export function secretFieldValues(config: object): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === "string") {
      if (isSecretFieldPath(path) || (isUrlField(path) && urlCarriesCredential(value))) out[path.join(".")] = value;
      return;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(config, []);
  return out;
}

/** Whether a URL field's value is secret (it carries a credential): `url` is then a secret in state and preview. */
export function isSecretUrlValue(path: readonly PropertyKey[], value: unknown): boolean {
  return typeof value === "string" && isUrlField(path) && urlCarriesCredential(value);
}
