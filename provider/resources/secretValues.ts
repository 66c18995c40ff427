// Secret values in what the provider hands back to the engine. The dynamic
// provider cannot declare secret outputs, and the engine only re-marks an output
// secret when the input of the same name was; so the provider wraps every
// secret field in the engine's wire form of a secret (the "secret envelope"),
// which the engine keeps as a secret in state and in preview whatever the
// program passed. Values coming back in are unwrapped: with acceptSecrets=false
// the engine normally sends plaintext, but state written elsewhere may not.
import { isSecretUrlValue } from "../model/maskConfig";
import { isSecretFieldPath } from "../model/webhookConfig";

/** The engine's signature key and value of a secret (pulumi.runtime.specialSigKey / specialSecretSig). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What preview passes for a value not known yet (pulumi.runtime.unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface SecretEnvelope {
  [SECRET_SIG_KEY]: typeof SECRET_SIG;
  value: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function isSecretEnvelope(v: unknown): v is SecretEnvelope {
  return isRecord(v) && v[SECRET_SIG_KEY] === SECRET_SIG;
}

export function secretEnvelope(value: unknown): SecretEnvelope {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** A deep copy with every secret envelope replaced by its value. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretEnvelope(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  return value;
}

/**
 * A deep copy with the value at every secret field path wrapped, and a URL that carries a credential
 * (model/urlSecrets.ts) too. Unknowns stay bare: the engine tracks them itself.
 */
export function wrapSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    const secret = (path.length > 0 && isSecretFieldPath(path)) || isSecretUrlValue(path, value);
    if (secret && !isRecord(value) && value !== undefined && value !== UNKNOWN) {
      return secretEnvelope(value);
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    return value;
  };
  return walk(fields, []) as Record<string, unknown>;
}
