// `webhooks runtime rotate-key`: a new primary key, then every stored secret
// sealed again with it. The old keys stay in the keyring, so a run that is
// interrupted leaves every row readable, and running it again finishes it.
import { readRuntimeConfig, type ConfigSources } from "./loadRuntimeConfig";
import { openStore } from "./createEngine";
import { Keyring } from "./secrets/keyring";
import { loadKeyring, newKey, readKeyFile, writeKeyFile } from "./secrets/loadKeyring";

export interface RotationResult {
  primaryId: string;
  /** Keys still in the keyring besides the primary: remove them once no runtime uses them. */
  oldIds: string[];
  /** Where the keyring is kept; undefined when it came from encryption.keys (WEBHOOKS_ENCRYPTION_KEY). */
  file?: string;
  versions: number;
  resealed: number;
}

/**
 * With a key file (configured or generated in the data dir), a new key is written first in it.
 * With encryption.keys the operator puts the new key first there; this reseals every row with it.
 */
export async function rotateKey(sources: ConfigSources): Promise<RotationResult> {
  const config = readRuntimeConfig(sources);
  const loaded = loadKeyring(config);
  let keyring = loaded.keyring;
  if (loaded.file !== undefined) {
    const keys = [newKey(), ...readKeyFile(loaded.file, "encryption.keyFile")];
    // Written before any row uses the new key: a crash after this loses nothing.
    writeKeyFile(loaded.file, keys);
    keyring = new Keyring(keys);
  }
  const store = openStore(config, keyring);
  try {
    await store.migrate();
    const { versions, resealed } = await store.resealSecrets({ rekey: true });
    return {
      primaryId: keyring.primaryId,
      oldIds: keyring.ids.filter((id) => id !== keyring.primaryId),
      ...(loaded.file === undefined ? {} : { file: loaded.file }),
      versions,
      resealed,
    };
  } finally {
    await store.close();
  }
}
