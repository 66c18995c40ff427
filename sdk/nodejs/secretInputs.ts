// Header values, the bearer token, the OAuth client secret and the signing
// secret are secret in state and in preview even when the program passes plain
// strings: each is wrapped in pulumi.secret before the engine sees it. Pulumi
// sends an object that holds a secret as one secret, so `headers` and an
// `authentication` with a token or client secret show as [secret] in previews;
// `{type: "none"}` and the other fields stay readable. (The provider's outputs
// mark only the secret leaves, so state keeps header names readable.)
import * as pulumi from "@pulumi/pulumi";
import { SECRET_FIELD_PATHS, isSecretFieldPath } from "../../provider/model/webhookConfig";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v) && !(v instanceof Promise);

/** Whether a secret field lies at or below `path`. */
function mayHoldSecret(path: readonly PropertyKey[]): boolean {
  return SECRET_FIELD_PATHS.some((pattern) => {
    const parts = pattern.split(".");
    return path.length <= parts.length && path.every((p, i) => parts[i] === "*" || parts[i] === String(p));
  });
}

function wrap(value: unknown, path: PropertyKey[]): unknown {
  if (value === undefined) return value;
  if (path.length > 0 && isSecretFieldPath(path)) return pulumi.secret(value);
  if (!mayHoldSecret(path)) return value;
  if (Array.isArray(value)) return value.map((v, i) => wrap(v, [...path, i]));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrap(v, [...path, k])]));
  // An Output or a Promise: its keys are not known yet, so the whole value is secret.
  return pulumi.secret(value);
}

/** The args with the value at every secret field path (SECRET_FIELD_PATHS) wrapped in pulumi.secret. */
export function withSecretInputs<T extends object>(args: T): T {
  return wrap(args, []) as T;
}
