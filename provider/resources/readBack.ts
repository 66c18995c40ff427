// `read` turns the runtime's view of a registration back into resource fields.
// The API masks secret values as "****" and URL credentials likewise, and sends
// a keyed fingerprint of each secret value (`secretFingerprints`). Where the
// masked value matches what state holds AND the fingerprint is the one state
// kept, state's real value is kept, so refresh neither leaks nor flaps. Where the
// fingerprint differs (a secret changed outside Pulumi) the field becomes "****":
// refresh shows it changed ([secret]) and the next up writes the program's value.
import type { EventKind } from "../model/events";
import { isUrlField, MASK } from "../model/maskConfig";
import { maskUrl } from "../model/urlSecrets";
import { isSecretFieldPath } from "../model/webhookConfig";
import { fieldsOf, fingerprintsIn, outputsOf } from "./resourceState";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function fieldsFromRuntime(kind: EventKind, registration: unknown, state: unknown): Record<string, unknown> {
  const remote = fieldsOf(kind, registration);
  const known = fieldsOf(kind, state);
  const now = fingerprintsIn(registration);
  const kept = outputsOf(state).secretFingerprints;
  // State from before fingerprints (or a runtime without them) cannot tell: the value is kept, as before.
  const drifted = (path: PropertyKey[]): boolean => now !== undefined && kept !== undefined && now[path.join(".")] !== kept[path.join(".")];
  return restore(remote, known, [], drifted) as Record<string, unknown>;
}

function restore(remote: unknown, known: unknown, path: PropertyKey[], drifted: (path: PropertyKey[]) => boolean): unknown {
  if (remote === MASK && isSecretFieldPath(path)) return known === undefined || drifted(path) ? remote : known;
  if (typeof remote === "string" && typeof known === "string" && isUrlField(path)) {
    return maskUrl(known) === remote && !drifted(path) ? known : remote;
  }
  if (Array.isArray(remote)) return remote.map((v, i) => restore(v, Array.isArray(known) ? known[i] : undefined, [...path, i], drifted));
  if (isRecord(remote)) {
    const k = isRecord(known) ? known : {};
    // The authentication of another type is another secret: never borrow values across types.
    if (path.length === 1 && path[0] === "authentication" && remote.type !== k.type) return remote;
    return Object.fromEntries(Object.entries(remote).map(([key, v]) => [key, restore(v, k[key], [...path, key], drifted)]));
  }
  return remote;
}
