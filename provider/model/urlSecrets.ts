// The one rule of which parts of a target URL are credentials: every query value
// (Logz.io's `?token=`, signed `?sig=` URLs) and the path of the targets whose
// URL itself is the secret (product spec §targets: Slack incoming webhooks, Okta
// Workflows API endpoints, Teams incoming webhooks). Masking (API answers,
// invocation records, logs), scrubbing and the provider's secret `url` all ask here.

export const MASK = "****";

/** A host (exact, or `*.` for any subdomain) whose path after `prefix` is a secret. */
interface PathSecret {
  host: string;
  prefix: string;
}

const PATH_SECRETS: readonly PathSecret[] = [
  { host: "hooks.slack.com", prefix: "/services/" },
  { host: "hooks.slack.com", prefix: "/workflows/" },
  { host: "hooks.slack.com", prefix: "/triggers/" },
  { host: "*.workflows.okta.com", prefix: "/api/flo/" },
  { host: "*.webhook.office.com", prefix: "/webhookb2/" },
];

interface Parts {
  /** scheme://authority */
  origin: string;
  path: string;
  /** Without the "?"; undefined when there is none. */
  query?: string;
}

function partsOf(url: string): Parts | undefined {
  const hash = url.indexOf("#");
  const bare = hash < 0 ? url : url.slice(0, hash);
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?]*)([^?]*)(?:\?(.*))?$/is.exec(bare);
  if (m === null) return undefined;
  return { origin: m[1], path: m[2], ...(m[3] === undefined ? {} : { query: m[3] }) };
}

const hostOf = (origin: string): string => origin.replace(/^[^:]+:\/\//, "").replace(/^[^@]*@/, "").replace(/:\d+$/, "").toLowerCase();

function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;
}

/** The prefix after which this URL's path is a secret, if its host is a known path-secret host. */
function secretPathPrefix(parts: Parts): string | undefined {
  const host = hostOf(parts.origin);
  const rule = PATH_SECRETS.find((r) => hostMatches(r.host, host) && parts.path.startsWith(r.prefix) && parts.path.length > r.prefix.length);
  return rule?.prefix;
}

function queryItems(query: string): Array<{ name?: string; value: string }> {
  return query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq < 0 ? { value: pair } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
}

/** Whether the URL carries a credential: any query item, or a secret path of a known host. */
export function urlCarriesCredential(url: string): boolean {
  const parts = partsOf(url);
  if (parts === undefined) return false;
  return (parts.query !== undefined && queryItems(parts.query).length > 0) || secretPathPrefix(parts) !== undefined;
}

/**
 * The URL as it may be shown: query values (and bare items) masked, names readable,
 * a secret path masked after its prefix (`https://hooks.slack.com/services/****`); the fragment dropped.
 */
export function maskUrl(url: string): string {
  const parts = partsOf(url);
  if (parts === undefined) {
    const hash = url.indexOf("#");
    return hash < 0 ? url : url.slice(0, hash);
  }
  const prefix = secretPathPrefix(parts);
  const path = prefix === undefined ? parts.path : `${prefix}${MASK}`;
  if (parts.query === undefined) return `${parts.origin}${path}`;
  const query = queryItems(parts.query)
    .map(({ name, value }) => (name === undefined ? MASK : value === "" ? `${name}=` : `${name}=${MASK}`))
    .join("&");
  return `${parts.origin}${path}?${query}`;
}

/** The secret parts as written in the URL (query values, bare items, the secret path), for scrubbing records. */
export function urlSecretParts(url: string): string[] {
  const parts = partsOf(url);
  if (parts === undefined) return [];
  const out = parts.query === undefined ? [] : queryItems(parts.query).map((i) => i.value);
  const prefix = secretPathPrefix(parts);
  if (prefix !== undefined) {
    const rest = parts.path.slice(prefix.length);
    // The whole rest and each segment: a receiver may echo one segment alone.
    out.push(rest, ...rest.split("/").filter((s) => s !== ""));
  }
  return out;
}
