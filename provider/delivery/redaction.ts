// What an invocation record may show. Records are stored, printed by the CLI and
// returned by the runtime's API, and a receiver may echo anything it was sent
// (the Authorization header, the URL) back in its response, so every known
// secret is scrubbed from every string, after the record is built.
import { MASK, maskUrl, urlSecretParts } from "../model/urlSecrets";
import type { WebhookConfig } from "../model/webhookConfig";

export { MASK };
// Shorter values ("on", "1") would mask ordinary words all over the record and protect nothing.
const MIN_SECRET_LENGTH = 4;

export type Scrub = (text: string) => string;

export { maskUrl };

/** Every secret value a webhook's config holds: header values, bearer token, OAuth client secret, signing secret, URL credentials. */
export function configSecrets(config: WebhookConfig): string[] {
  const out = Object.values(config.headers);
  const auth = config.authentication;
  if (auth.type === "bearer") out.push(auth.token);
  if (auth.type === "oauth") out.push(auth.clientSecret);
  if (config.signingSecret !== undefined) {
    // The part after whsec_ is the key itself.
    out.push(config.signingSecret, config.signingSecret.slice("whsec_".length));
  }
  out.push(...urlSecretParts(config.url));
  return out;
}

// A secret also travels changed: trimmed (HTTP drops a header value's outer spaces), percent-encoded
// in URLs and forms, escaped inside JSON strings.
function formsOf(secret: string): string[] {
  const forms = [secret, secret.trim(), JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams([["", secret]]).toString().slice(1)];
  try {
    forms.push(decodeURIComponent(secret.replace(/\+/g, " ")), decodeURIComponent(secret));
  } catch {
    // Not percent-encoded text: its raw form is enough.
  }
  return forms;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The scrubber of a webhook without secrets: callers compare with it to skip copying a record for nothing. */
export const KEEP_ALL: Scrub = (text) => text;

/** A function replacing each secret (of at least 4 characters), in any of its encoded forms, with ****. */
export function scrubberFor(secrets: readonly string[]): Scrub {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const f of formsOf(secret)) if (f.length >= MIN_SECRET_LENGTH) forms.add(f);
  }
  if (forms.size === 0) return KEEP_ALL;
  // Longest first, so a secret that contains another is masked whole.
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
  return (text) => text.replace(pattern, MASK);
}

/** A copy of a JSON-like value with every string (keys included) scrubbed. */
export function scrubDeep<T>(value: T, scrub: Scrub): T {
  if (typeof value === "string") return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, scrub)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v as unknown, scrub)])) as T;
  }
  return value;
}
