// Which parts of a stored webhook config are sealed: the values at
// SECRET_FIELD_PATHS (the list maskConfig masks), everything else stays
// readable. The authenticated data is the webhook id and the field path, so a
// sealed value moved to another webhook or another field does not open.
import { isSecretFieldPath, type WebhookConfig } from "../../model/webhookConfig";
import { isSealed, sealedKeyId, unknownKey, type Keyring } from "./keyring";

type Leaf = (value: string, aad: string, where: string) => string;

function walk(value: unknown, path: string[], webhookId: string, leaf: Leaf): unknown {
  if (typeof value === "string" && isSecretFieldPath(path)) {
    const field = path.join(".");
    return leaf(value, `pulumi-webhooks|${webhookId}|${field}`, `webhook ${webhookId} ${field}`);
  }
  if (Array.isArray(value)) return value.map((v: unknown, i) => walk(v, [...path, String(i)], webhookId, leaf));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], webhookId, leaf)]));
  }
  return value;
}

/** The config as a store row holds it: every secret value sealed with the primary key. */
export function sealConfig(config: WebhookConfig, webhookId: string, keyring: Keyring): WebhookConfig {
  return walk(config, [], webhookId, (v, aad) => keyring.seal(v, aad)) as WebhookConfig;
}

/** The config as the runtime uses it. A plaintext value (a row from before sealing) is returned as it is. */
export function openConfig(stored: WebhookConfig, webhookId: string, keyring: Keyring): WebhookConfig {
  return walk(stored, [], webhookId, (v, aad, where) => (isSealed(v) ? keyring.open(v, aad, where) : v)) as WebhookConfig;
}

/**
 * A row's config text sealed anew, or undefined when it needs no change. Plaintext values are
 * always sealed; with `rekey`, values sealed with another key are sealed with the primary. A
 * value whose key the keyring lacks throws ENCRYPTION_KEY_UNKNOWN, so a wrong key fails start.
 */
export function resealConfigText(text: string, webhookId: string, keyring: Keyring, rekey: boolean): string | undefined {
  let changed = false;
  const out = walk(JSON.parse(text), [], webhookId, (v, aad, where) => {
    if (!isSealed(v)) {
      changed = true;
      return keyring.seal(v, aad);
    }
    const kid = sealedKeyId(v);
    if (!keyring.has(kid)) throw unknownKey(kid, where);
    if (!rekey || kid === keyring.primaryId) return v;
    changed = true;
    return keyring.seal(keyring.open(v, aad, where), aad);
  });
  return changed ? JSON.stringify(out) : undefined;
}
