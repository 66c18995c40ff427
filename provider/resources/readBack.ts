// `read` turns the runtime's view of a registration back into resource fields.
// The API masks secret values as "****" and URL query values likewise; where the
// masked value matches what state holds, state's real value is kept, so refresh
// neither leaks nor flaps, and a real change (a different URL, a header added or
// removed, a new non-secret value) shows up as drift.
import type { EventKind } from "../model/events";
import { MASK, maskUrlQuery } from "../model/maskConfig";
import { isSecretFieldPath } from "../model/webhookConfig";
import { fieldsOf } from "./resourceState";

const URL_FIELDS: ReadonlyArray<readonly string[]> = [["url"], ["authentication", "tokenEndpointUrl"]];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function fieldsFromRuntime(kind: EventKind, registration: unknown, state: unknown): Record<string, unknown> {
  const remote = fieldsOf(kind, registration);
  const known = fieldsOf(kind, state);
  return restore(remote, known, []) as Record<string, unknown>;
}

function restore(remote: unknown, known: unknown, path: PropertyKey[]): unknown {
  if (remote === MASK && isSecretFieldPath(path)) return known === undefined ? remote : known;
  if (typeof remote === "string" && typeof known === "string" && isUrlField(path)) {
    return maskUrlQuery(known) === remote ? known : remote;
  }
  if (Array.isArray(remote)) return remote.map((v, i) => restore(v, Array.isArray(known) ? known[i] : undefined, [...path, i]));
  if (isRecord(remote)) {
    const k = isRecord(known) ? known : {};
    // The authentication of another type is another secret: never borrow values across types.
    if (path.length === 1 && path[0] === "authentication" && remote.type !== k.type) return remote;
    return Object.fromEntries(Object.entries(remote).map(([key, v]) => [key, restore(v, k[key], [...path, key])]));
  }
  return remote;
}

const isUrlField = (path: readonly PropertyKey[]): boolean =>
  URL_FIELDS.some((f) => f.length === path.length && f.every((p, i) => p === path[i]));
