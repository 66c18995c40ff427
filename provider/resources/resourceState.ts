// The shapes the provider passes to and from the engine. Inputs are the
// webhook's fields (WEBHOOK_FIELDS of the kind); state is those fields plus the
// outputs below. `__provider` and anything else the engine adds is ignored.
import type { EventKind } from "../model/events";
import { WEBHOOK_FIELDS } from "../model/webhookConfig";
import { unwrapSecrets } from "./secretValues";

/** The result of the last Test invocation the provider ran (absent when testBeforeApply was false throughout). */
export interface LastTest {
  success: boolean;
  /** Absent when nothing came back (DNS, connection, TLS, timeout). */
  statusCode?: number;
  durationMs: number;
  /** ISO time the test started. */
  testedAt: string;
  /** Absent on success. */
  errorCode?: string;
}

/** Outputs beyond the webhook's own fields. */
export interface WebhookOutputs {
  webhookId: string;
  version: number;
  lastTest?: LastTest;
  /** The runtime the webhook is registered with: a different one means a new registration (replace). */
  runtimeUrl: string;
  /**
   * The runtime's keyed fingerprint of each secret value at the last create/update/read, by field path:
   * how read tells a secret changed outside Pulumi. Not secret: an HMAC under a key only the runtime
   * holds, bound to the webhook id and path, reveals nothing of the value and cannot be brute-forced offline.
   */
  secretFingerprints?: Record<string, string>;
}

export const OUTPUT_KEYS: readonly (keyof WebhookOutputs)[] = ["webhookId", "version", "lastTest", "runtimeUrl", "secretFingerprints"];

/** The dynamic SDK's input naming the resource ({project, stack, resource}); the native plugin has the URN instead. */
export const MANAGED_BY_INPUT = "__managedBy";
/**
 * The admin token of the runtime in `runtimeUrl`, kept in state as a secret: when the stack moves to another
 * runtime, the old registration is deleted with its own runtime's token (the provider config then names the new one).
 */
export const RUNTIME_TOKEN_STATE = "__runtimeToken";
/**
 * The registration version Pulumi itself last wrote (create/update) or took in (import). `read` keeps it while
 * `version` follows the runtime, so a version moved outside Pulumi — even by a PUT of the same config — is drift
 * that diff sees: the engine judges a refresh by calling diff with the refreshed state, not by comparing versions.
 */
export const APPLIED_VERSION_STATE = "__appliedVersion";

/** The applied version kept in state; state from before it existed has only `version`. */
export function appliedVersionOf(props: unknown): number | undefined {
  const plain = unwrapSecrets(props);
  if (!isRecord(plain)) return undefined;
  const applied = plain[APPLIED_VERSION_STATE];
  return typeof applied === "number" ? applied : typeof plain.version === "number" ? plain.version : undefined;
}

/** The runtime token kept in state, if any. */
export function stateTokenOf(props: unknown): string | undefined {
  const plain = unwrapSecrets(props);
  const token = isRecord(plain) ? plain[RUNTIME_TOKEN_STATE] : undefined;
  return typeof token === "string" && token !== "" ? token : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The webhook's fields from inputs or state, plaintext, undefined values dropped. */
export function fieldsOf(kind: EventKind, props: unknown): Record<string, unknown> {
  const plain = unwrapSecrets(props);
  if (!isRecord(plain)) return {};
  const out: Record<string, unknown> = {};
  for (const f of WEBHOOK_FIELDS[kind]) {
    if (plain[f] !== undefined) out[f] = plain[f];
  }
  return out;
}

/** The outputs kept in state, read back leniently (state may come from an older provider). */
export function outputsOf(props: unknown): Partial<WebhookOutputs> {
  const plain = unwrapSecrets(props);
  if (!isRecord(plain)) return {};
  return {
    ...(typeof plain.webhookId === "string" ? { webhookId: plain.webhookId } : {}),
    ...(typeof plain.version === "number" ? { version: plain.version } : {}),
    ...(isRecord(plain.lastTest) ? { lastTest: plain.lastTest as unknown as LastTest } : {}),
    ...(typeof plain.runtimeUrl === "string" ? { runtimeUrl: plain.runtimeUrl } : {}),
    ...(fingerprintsIn(plain) === undefined ? {} : { secretFingerprints: fingerprintsIn(plain) }),
  };
}

/** The `secretFingerprints` of a registration answer or of state, when it is a map of strings. */
export function fingerprintsIn(props: unknown): Record<string, string> | undefined {
  const fps = isRecord(props) ? props.secretFingerprints : undefined;
  if (!isRecord(fps) || !Object.values(fps).every((v) => typeof v === "string")) return undefined;
  return fps as Record<string, string>;
}
