// `diff`: only real changes. The engine's own diff would see every change of
// the serialized provider code (`__provider`) as an update, so the provider
// compares the normalised fields itself. Moving to another runtime is a new
// registration there (replace), created before the old one is deleted: names are
// unique per runtime, so the two never clash, and no event falls in a gap.
import type { EventKind } from "../model/events";
import { APPLIED_VERSION_STATE, fieldsOf, outputsOf } from "./resourceState";

/** One changed property: added, deleted or updated, and whether the change replaces the registration. */
export interface PropertyChange {
  kind: "add" | "delete" | "update";
  replace: boolean;
  /** False for an output the program does not set (`version`): the engine then shows the state's old and new values. */
  input?: boolean;
}

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Per top-level property (the native plugin's detailedDiff; the dynamic adapter passes `replaces` only). */
  detailed: Record<string, PropertyChange>;
}

/** Fields that configure the provider's own steps, not the registration: changing them alone updates nothing. */
const PROVIDER_ONLY_FIELDS: readonly string[] = ["testBeforeApply", "testEvent"];

/**
 * @param olds the state (outputs) of the last create/update/read
 * @param news the inputs `check` returned
 * @param currentRuntimeUrl the runtime configured now; undefined when not configured (then no replace is judged)
 */
export function diffState(kind: EventKind, olds: unknown, news: unknown, currentRuntimeUrl: string | undefined): DiffOutcome {
  const before = fieldsOf(kind, olds);
  const after = fieldsOf(kind, news);
  const changed = Object.keys({ ...before, ...after }).filter(
    (f) => !PROVIDER_ONLY_FIELDS.includes(f) && !sameValue(before[f], after[f]),
  );
  const oldRuntime = outputsOf(olds).runtimeUrl;
  const moved = oldRuntime !== undefined && currentRuntimeUrl !== undefined && oldRuntime !== currentRuntimeUrl;
  const replaces = moved ? ["runtimeUrl"] : [];
  const detailed: Record<string, PropertyChange> = {};
  for (const f of changed) {
    detailed[f] = { kind: before[f] === undefined ? "add" : after[f] === undefined ? "delete" : "update", replace: false };
  }
  if (moved) detailed.runtimeUrl = { kind: "update", replace: true };
  // Someone registered another version outside Pulumi (refresh took it in): drift even when every field reads the
  // same, and the next update writes the program's config back as a new version.
  const bumped = versionMovedOutside(olds);
  if (bumped) detailed.version = { kind: "update", replace: false, input: false };
  return { changes: changed.length > 0 || moved || bumped, replaces, deleteBeforeReplace: false, detailed };
}

function versionMovedOutside(olds: unknown): boolean {
  const state = typeof olds === "object" && olds !== null ? (olds as Record<string, unknown>) : {};
  const applied = state[APPLIED_VERSION_STATE];
  const version = outputsOf(olds).version;
  return typeof applied === "number" && version !== undefined && version !== applied;
}

/** Deep equality of JSON values; object key order does not matter, an absent key equals undefined. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    return [...keys].every((k) => sameValue(ra[k], rb[k]));
  }
  return false;
}
