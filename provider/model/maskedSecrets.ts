// The one rule for "****" sent back to the runtime (docs/reference.md, "Masked
// values sent back"). The API shows every secret as "****"; a PUT may send
// that mask to mean "keep the stored secret", but only where a secret is stored
// at that path AND the destination it is sent to is unchanged (the url's origin
// for header values, the bearer token and the signing secret; the
// tokenEndpointUrl for the OAuth client secret), so a kept secret never goes
// anywhere but where it was registered for. Anywhere else (a POST, a path with
// nothing stored, a changed destination) the mask is refused: it would be sent
// to the target literally.
import { isUrlField, MASK } from "./maskConfig";
import { maskUrl, urlSecretParts } from "./urlSecrets";
import { isSecretFieldPath } from "./webhookConfig";

/** A mask that cannot stand: the field and why (never a secret value). */
export interface MaskProblem {
  path: string;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const SEND_AGAIN = `send the secret itself (${MASK} is only how the API shows a stored secret)`;

/** Where the secret at `path` is sent: the token endpoint for the client secret, the target's origin for the rest. */
function destinationOf(path: readonly string[], config: unknown): string | undefined {
  const c = isRecord(config) ? config : {};
  if (path[0] === "authentication" && path[1] === "clientSecret") {
    const auth = isRecord(c.authentication) ? c.authentication : {};
    return typeof auth.tokenEndpointUrl === "string" ? `the token endpoint ${maskUrl(auth.tokenEndpointUrl)}` : undefined;
  }
  try {
    return typeof c.url === "string" ? `the origin ${new URL(c.url).origin}` : undefined;
  } catch {
    return undefined;
  }
}

function walk(value: unknown, path: string[], visit: (value: unknown, path: string[]) => unknown): unknown {
  const seen = visit(value, path);
  if (seen !== value) return seen;
  if (Array.isArray(value)) return value.map((v: unknown, i) => walk(v, [...path, String(i)], visit));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], visit)]));
  return value;
}

const at = (root: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : Array.isArray(v) ? v[Number(k)] : undefined), root);

/** The masks in a config that nothing could restore: each is a problem (a POST, a Test invocation). */
export function literalMasks(input: unknown): MaskProblem[] {
  const problems: MaskProblem[] = [];
  walk(input, [], (value, path) => {
    if (value === MASK && isSecretFieldPath(path)) problems.push({ path: path.join("."), message: `${path.join(".")} is ${MASK}: ${SEND_AGAIN}` });
    if (typeof value === "string" && isUrlField(path) && urlSecretParts(value).includes(MASK)) {
      problems.push({ path: path.join("."), message: `${path.join(".")} carries ${MASK} in place of a credential: ${SEND_AGAIN}` });
    }
    return value;
  });
  return problems;
}

/**
 * A PUT body with its masks replaced by the stored values where the rule allows, and a
 * problem for every mask it does not allow. URL fields come first: the restored url decides
 * the destination of the other secrets.
 */
export function restoreMasked(input: unknown, stored: object): { value: unknown; problems: MaskProblem[] } {
  const urls = walk(input, [], (value, path) => {
    const old = at(stored, path);
    return typeof value === "string" && typeof old === "string" && isUrlField(path) && value !== old && maskUrl(old) === value ? old : value;
  });
  const problems: MaskProblem[] = [];
  const value = walk(urls, [], (v, path) => {
    if (v === MASK && isSecretFieldPath(path)) {
      const old = at(stored, path);
      const field = path.join(".");
      if (typeof old !== "string") {
        problems.push({ path: field, message: `${field} is ${MASK}, but no secret is stored there to keep: ${SEND_AGAIN}` });
        return v;
      }
      const before = destinationOf(path, stored);
      const after = destinationOf(path, urls);
      if (before === undefined || before !== after) {
        problems.push({
          path: field,
          message: `${field} is ${MASK} (keep the stored secret), but it would now go to ${after ?? "another destination"} instead of ${before ?? "where it was stored for"}: a kept secret is only sent where it was registered for; send the secret again`,
        });
        return v;
      }
      return old;
    }
    if (typeof v === "string" && isUrlField(path) && urlSecretParts(v).includes(MASK) && v !== at(stored, path)) {
      problems.push({ path: path.join("."), message: `${path.join(".")} carries ${MASK} in place of a credential that is not stored for this URL: ${SEND_AGAIN}` });
    }
    return v;
  });
  return { value, problems };
}
