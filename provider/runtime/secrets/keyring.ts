// AES-256-GCM for secret values at rest. A sealed value names the key that
// sealed it, `enc:v1:<kid>:<base64url(iv | ciphertext | tag)>`, so several keys
// can be in use during a rotation. The key id is a fingerprint of the key (it
// reveals nothing of it), so a wrong key is told apart from a tampered value.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { WebhookError } from "../../errors";

const PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** The key id of a key: "k" + 12 hex digits of a domain-separated SHA-256. */
export function keyIdOf(key: Buffer): string {
  return "k" + createHash("sha256").update("pulumi-webhooks key id\0").update(key).digest("hex").slice(0, 12);
}

export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

/** The key id a sealed value names. */
export function sealedKeyId(value: string): string {
  return value.slice(PREFIX.length, value.indexOf(":", PREFIX.length));
}

/** Keys by id; the first given is the primary (new values are sealed with it), the others only open. */
export class Keyring {
  private readonly keys = new Map<string, Buffer>();
  readonly primaryId: string;

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new Error("Keyring: at least one key");
    for (const key of keys) {
      if (key.length !== KEY_BYTES) throw new Error("Keyring: keys are 32 bytes");
      this.keys.set(keyIdOf(key), key);
    }
    this.primaryId = keyIdOf(keys[0]);
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  /** Seals `plaintext`; `aad` (authenticated, not stored) binds it to where it is kept. */
  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.primaryId)!, iv);
    cipher.setAAD(Buffer.from(aad, "utf8"));
    const body = Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${this.primaryId}:${body.toString("base64url")}`;
  }

  /** Opens a sealed value; `where` names the row and field in errors (never the value). */
  open(sealed: string, aad: string, where: string): string {
    const kid = sealedKeyId(sealed);
    const key = this.keys.get(kid);
    if (key === undefined) throw unknownKey(kid, where);
    const body = Buffer.from(sealed.slice(PREFIX.length + kid.length + 1), "base64url");
    try {
      if (body.length < IV_BYTES + TAG_BYTES) throw new Error("short");
      const decipher = createDecipheriv("aes-256-gcm", key, body.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad, "utf8"));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch (e) {
      throw new WebhookError({
        code: "ENCRYPTION_DECRYPT_FAILED",
        path: where,
        message: `the sealed value of ${where} (key ${kid}) fails its authentication check: it was altered or copied from another row; register the webhook again`,
        cause: e,
      });
    }
  }
}

export function unknownKey(kid: string, where: string): WebhookError {
  return new WebhookError({
    code: "ENCRYPTION_KEY_UNKNOWN",
    path: where,
    message: `${where} is sealed with encryption key ${kid}, which this runtime does not have; add that key to the keyring (encryption.keyFile or WEBHOOKS_ENCRYPTION_KEY), see docs/runtime.md "Secrets at rest"`,
  });
}
