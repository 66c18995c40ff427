// Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256
// over `id.timestamp.body`, keyed with the bytes the `whsec_` secret encodes,
// so receivers can verify deliveries with any Standard Webhooks library.
import { createHmac } from "node:crypto";

const PREFIX = "whsec_";

/** The HMAC key a `whsec_<base64>` secret stands for (the secret is validated by the config rules). */
export function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
}

/** `v1,<base64 HMAC-SHA256>` with a key from signingKey(). */
export function signWithKey(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`, "utf8").digest("base64");
  return `v1,${mac}`;
}

/** The `webhook-signature` value for one request: `v1,<base64>`. */
export function signPayload(secret: string, id: string, timestampSeconds: number, body: string): string {
  return signWithKey(signingKey(secret), id, timestampSeconds, body);
}
