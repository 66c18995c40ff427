// The headers of one delivery request, and the view of them a record may show.
// The webhook's own header values are secret (they often carry API keys), so
// only the headers we set ourselves and that carry nothing secret are shown.
import { VERSION } from "../version";
import type { WebhookConfig } from "../model/webhookConfig";
import { MASK } from "./redaction";
import { signWithKey } from "./standardWebhooks";

export const USER_AGENT = `pulumi-webhooks/${VERSION}`;

export interface RequestHeaders {
  /** What is sent. */
  readonly sent: Record<string, string>;
  /** Names whose value a record may show. */
  readonly visible: ReadonlySet<string>;
}

// Ours alone: a hand-built config cannot override them (the config rules refuse them anyway).
const STANDARD = new Set(["webhook-id", "webhook-timestamp", "webhook-signature"]);

const has = (headers: Record<string, string>, name: string): boolean => Object.keys(headers).some((h) => h.toLowerCase() === name);

/**
 * The webhook's headers, then Content-Type (JSON, when there is a body and none is given), User-Agent
 * (unless given) and the Standard Webhooks headers; webhook-signature when a signing key is set.
 */
export function requestHeaders(
  config: WebhookConfig,
  body: string,
  standard: { id: string; timestampSeconds: number; signingKey?: Buffer },
): RequestHeaders {
  const sent: Record<string, string> = {};
  const visible = new Set<string>();
  const owned = config.authentication.type === "none" ? STANDARD : new Set([...STANDARD, "authorization"]);
  for (const [name, value] of Object.entries(config.headers)) {
    if (!owned.has(name.toLowerCase())) sent[name] = value;
  }
  const ours = (name: string, value: string) => {
    sent[name] = value;
    visible.add(name);
  };
  if (body !== "" && !has(sent, "content-type")) ours("Content-Type", "application/json");
  if (!has(sent, "user-agent")) ours("User-Agent", USER_AGENT);
  ours("webhook-id", standard.id);
  ours("webhook-timestamp", String(standard.timestampSeconds));
  if (standard.signingKey !== undefined) {
    ours("webhook-signature", signWithKey(standard.signingKey, standard.id, standard.timestampSeconds, body));
  }
  return { sent, visible };
}

/** The headers with Authorization set to a bearer token. */
export function withBearer(headers: RequestHeaders, token: string): RequestHeaders {
  return { sent: { ...headers.sent, Authorization: `Bearer ${token}` }, visible: headers.visible };
}

/** The record's view: values we set and that are not secret as sent, Authorization as `Bearer ****`, the rest `****`. */
export function maskedHeaders(headers: RequestHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers.sent)) {
    if (headers.visible.has(name)) out[name] = value;
    else if (name === "Authorization" && value.startsWith("Bearer ")) out[name] = `Bearer ${MASK}`;
    else out[name] = MASK;
  }
  return out;
}
