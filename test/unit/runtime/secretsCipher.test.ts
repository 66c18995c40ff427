// Issue 13 item 9: the at-rest cipher. A sealed value opens only with its key and
// only where it was sealed (webhook id and field path are its authenticated
// data); errors name the key id and the field, never a key or a secret.
import { randomBytes } from "node:crypto";
import { isWebhookError } from "../../../provider/errors";
import type { WebhookConfig } from "../../../provider/model/webhookConfig";
import { isSealed, keyIdOf, Keyring } from "../../../provider/runtime/secrets/keyring";
import { openConfig, resealConfigText, sealConfig } from "../../../provider/runtime/secrets/sealConfig";

const SECRET = "s3cr3t-bearer-value-xyz";
const SIGNING = "whsec_" + randomBytes(24).toString("base64");
const config = {
  name: "c",
  url: "https://hooks.test/in",
  headers: { "X-Api-Key": "header-secret-abc" },
  authentication: { type: "bearer", token: SECRET },
  signingSecret: SIGNING,
} as unknown as WebhookConfig;

/** The fields these tests look at in a sealed config. */
interface Stored {
  url: string;
  signingSecret: string;
  authentication: { token: string };
}

function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (!isWebhookError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error("did not throw");
}

describe("at-rest cipher", () => {
  const key = randomBytes(32);
  const ring = new Keyring([key]);

  it("round-trips a value and a whole config; only the secret fields are sealed", () => {
    const sealed = ring.seal(SECRET, "aad");
    expect(sealed).toMatch(new RegExp(`^enc:v1:${ring.primaryId}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain(SECRET);
    expect(ring.open(sealed, "aad", "here")).toBe(SECRET);
    // A fresh IV each time.
    expect(ring.seal(SECRET, "aad")).not.toBe(sealed);

    const stored = sealConfig(config, "wh_1", ring) as unknown as Stored;
    const text = JSON.stringify(stored);
    for (const s of [SECRET, SIGNING, "header-secret-abc"]) expect(text).not.toContain(s);
    expect(stored.url).toBe("https://hooks.test/in");
    expect(isSealed(stored.signingSecret)).toBe(true);
    expect(openConfig(stored as WebhookConfig, "wh_1", ring)).toEqual(config);
  });

  it("a value moved to another webhook or another field fails to open (ENCRYPTION_DECRYPT_FAILED)", () => {
    const stored = sealConfig(config, "wh_1", ring) as unknown as Stored;
    const otherWebhook = thrown(() => openConfig(stored as WebhookConfig, "wh_2", ring));
    expect(otherWebhook.code).toBe("ENCRYPTION_DECRYPT_FAILED");
    expect(otherWebhook.message).toContain("wh_2");

    const moved = { ...stored, signingSecret: stored.authentication.token };
    const otherField = thrown(() => openConfig(moved as WebhookConfig, "wh_1", ring));
    expect(otherField.code).toBe("ENCRYPTION_DECRYPT_FAILED");
    expect(otherField.message).toContain("signingSecret");
    for (const m of [otherWebhook.message, otherField.message]) {
      for (const s of [SECRET, SIGNING, key.toString("base64")]) expect(m).not.toContain(s);
    }
  });

  it("an unknown key id gives ENCRYPTION_KEY_UNKNOWN naming the id, never a key or secret", () => {
    const stored = JSON.stringify(sealConfig(config, "wh_1", ring));
    const otherKey = randomBytes(32);
    const other = new Keyring([otherKey]);
    for (const f of [() => openConfig(JSON.parse(stored) as WebhookConfig, "wh_1", other), () => resealConfigText(stored, "wh_1", other, false)]) {
      const e = thrown(f);
      expect(e.code).toBe("ENCRYPTION_KEY_UNKNOWN");
      expect(e.message).toContain(keyIdOf(key));
      for (const s of [SECRET, SIGNING, "header-secret-abc", key.toString("base64"), otherKey.toString("base64")]) expect(e.message).not.toContain(s);
    }
  });

  it("reseal seals plaintext always, rekeys only when asked, and a rotated keyring opens both", () => {
    const plain = JSON.stringify(config);
    const sealedText = resealConfigText(plain, "wh_1", ring, false)!;
    expect(sealedText).not.toContain(SECRET);
    expect(resealConfigText(sealedText, "wh_1", ring, false)).toBeUndefined();
    const rotated = new Keyring([randomBytes(32), key]);
    expect(resealConfigText(sealedText, "wh_1", rotated, false)).toBeUndefined();
    const rekeyed = resealConfigText(sealedText, "wh_1", rotated, true)!;
    expect(rekeyed).toContain(`enc:v1:${rotated.primaryId}:`);
    expect(rekeyed).not.toContain(`enc:v1:${ring.primaryId}:`);
    expect(openConfig(JSON.parse(rekeyed) as WebhookConfig, "wh_1", rotated)).toEqual(config);
  });
});
