// Keyed fingerprints of a registration's secret values, so the provider can see
// that a secret changed outside Pulumi without the API ever returning it. The key
// is the runtime's own (random, created once, kept sealed in the store so every
// PostgreSQL node shares it), not an encryption key: rotate-key reseals it and
// no webhook drifts. The HMAC binds webhook id and field path, so equal secrets
// of two webhooks (or two fields) have unrelated fingerprints.
import { createHmac, randomBytes } from "node:crypto";
import { secretFieldValues } from "../../model/maskConfig";
import type { WebhookConfig } from "../../model/webhookConfig";
import { isSealed, sealedKeyId, type Keyring } from "./keyring";

/** The row name in the store's runtime_secrets table. */
export const FINGERPRINT_KEY_NAME = "fingerprint-key";
const AAD = "pulumi-webhooks|runtime|fingerprint-key";
const KEY_BYTES = 32;
/** 22 base64url characters: 132 bits, plenty to tell two values apart. */
const FINGERPRINT_CHARS = 22;

/** A new fingerprint key, sealed for the store. */
export const newSealedFingerprintKey = (keyring: Keyring): string => keyring.seal(randomBytes(KEY_BYTES).toString("base64"), AAD);

export function openFingerprintKey(sealed: string, keyring: Keyring): Buffer {
  return Buffer.from(keyring.open(sealed, AAD, "the runtime's fingerprint key"), "base64");
}

/** The stored key sealed with the primary key, or undefined when it already is (rotate-key). */
export function resealFingerprintKey(sealed: string, keyring: Keyring): string | undefined {
  if (isSealed(sealed) && sealedKeyId(sealed) === keyring.primaryId) return undefined;
  return keyring.seal(keyring.open(sealed, AAD, "the runtime's fingerprint key"), AAD);
}

/** `{ "authentication.token": "hmac-sha256:…", "headers.X-Api-Key": "hmac-sha256:…" }` for every secret value. */
export function fingerprintsOf(config: WebhookConfig, webhookId: string, key: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, value] of Object.entries(secretFieldValues(config))) {
    const mac = createHmac("sha256", key).update(`${webhookId}\0${path}\0${value}`).digest("base64url");
    out[path] = `hmac-sha256:${mac.slice(0, FINGERPRINT_CHARS)}`;
  }
  return out;
}
