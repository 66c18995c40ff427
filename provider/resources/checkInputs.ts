// `check`: the whole offline validation (product.md §3, §4) of one resource's
// inputs, run on every preview, so it never calls the runtime. Values not
// known yet in preview are tolerated. Returns the normalised inputs (defaults
// filled, `:443` dropped) so diff compares like with like.
import type { WebhookError } from "../errors";
import { checkWebhook } from "../check/checkWebhook";
import type { EventKind } from "../model/events";
import { urlCarriesCredential } from "../model/urlSecrets";
import { isSecretFieldPath, SECRET_FIELD_PATHS } from "../model/webhookConfig";
import { fieldsOf, MANAGED_BY_INPUT } from "./resourceState";
import { UNKNOWN, unwrapSecrets, wrapSecrets } from "./secretValues";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function checkInputs(kind: EventKind, news: unknown): CheckOutcome {
  const given = unwrapSecrets(news);
  const { __provider: _provider, [MANAGED_BY_INPUT]: managedBy, ...input } = isRecord(given) ? given : {};
  // Keys set to undefined were never given (the SDK seeds outputs that way).
  const fields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  // The dynamic SDK's label of the resource is no webhook field: it passes through to create and update.
  const hidden = managedBy === undefined ? {} : { [MANAGED_BY_INPUT]: managedBy };
  const result = checkWebhook(fields, { kind, unknownSentinel: UNKNOWN });
  if (!result.ok) {
    return { inputs: { ...wrapSecrets(fields), ...hidden }, failures: result.errors.map((e) => failureOf(e, fields)) };
  }
  return { inputs: { ...wrapSecrets(fieldsOf(kind, result.config)), ...hidden }, failures: [] };
}

/**
 * The engine prints `property <p> value {<inputs[p]>} has a problem` and does not
 * redact secrets, so a failure whose property would echo a secret (or a URL
 * whose query may carry a key) is reported with property "" and the path in the reason.
 * It looks `p` up as a top-level key only (pulumi 3.248 issueCheckFailures), so a
 * nested path (`responseValidators[0].jsonPath`) would print `value {<nil>}`: it
 * goes in the reason too, where the engine prints it as given.
 */
function failureOf(error: WebhookError, fields: Record<string, unknown>): CheckFailure {
  const reason = `${error.message} (${error.code})`;
  if (error.path === "" || isNested(error.path) || echoesSecret(error.path, fields)) {
    const named = error.path === "" || error.message.startsWith(error.path);
    return { property: "", reason: named ? reason : `${error.path}: ${reason}` };
  }
  return { property: error.path, reason };
}

const isNested = (path: string): boolean => /[.[]/.test(path);

function echoesSecret(path: string, fields: Record<string, unknown>): boolean {
  const segments = path.split(/[.[\]]+/).filter((s) => s !== "");
  if (isSecretFieldPath(segments)) return true;
  // A whole object that holds a secret field (e.g. `authentication`) would be printed with it.
  if (SECRET_FIELD_PATHS.some((p) => p.split(".")[0] === segments[0]) && segments.length === 1) return true;
  const value = fields[path];
  // A URL with a credential (model/urlSecrets.ts), or with a fragment, which may hold one too.
  return typeof value === "string" && (urlCarriesCredential(value) || /[?#]/.test(value)) && /^[a-z][a-z0-9+.-]*:/i.test(value);
}
