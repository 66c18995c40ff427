// The shapes of the admin API's endpoints the operator console reads (issue 17):
// the routes parse what they answer with these schemas, and the console's page
// (provider/console/ui, compiled for the browser) imports only the types, so the
// two cannot drift apart.
import { z } from "zod";

export const DELIVERY_STATUS_VALUES = ["pending", "retrying", "delivered", "dead"] as const;
const status = z.enum(DELIVERY_STATUS_VALUES);

/** POST /console/session: the admin token in the body (never in a URL). */
export const SessionRequestSchema = z.object({ token: z.string().min(1).max(4096) }).strict();

/** POST and GET /console/session: the signed-in session; `csrfToken` goes in `X-CSRF-Token` of every state-changing call. */
export const SessionSchema = z.object({
  /** `read`: signed in with the read token; every GET, nothing that changes state. */
  role: z.enum(["admin", "read"]),
  csrfToken: z.string(),
  /** The absolute expiry (ISO); an idle session ends earlier (`idleMinutes`). */
  expiresAt: z.string(),
  idleMinutes: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

/** GET /v1/webhooks/stats: per live webhook, its deliveries created in the window and its newest delivery. */
export const WebhookStatsSchema = z.object({
  webhookId: z.string(),
  deliveries: z.number(),
  delivered: z.number(),
  dead: z.number(),
  queued: z.number(),
  /** delivered / (delivered + dead) in the window; null when none finished. */
  successRate: z.number().nullable(),
  last: z.object({ deliveryId: z.string(), status, updatedAt: z.string(), errorCode: z.string().optional() }).optional(),
});
export const WebhookStatsListSchema = z.object({ since: z.string(), hours: z.number(), stats: z.array(WebhookStatsSchema) });
export type WebhookStats = z.infer<typeof WebhookStatsSchema>;
export type WebhookStatsList = z.infer<typeof WebhookStatsListSchema>;

/** GET /v1/webhooks/{id}/versions: newest first, secrets masked; `changed` names the top-level fields that differ from the version before. */
export const WebhookVersionSchema = z.object({
  version: z.number(),
  createdAt: z.string(),
  config: z.record(z.string(), z.unknown()),
  changed: z.array(z.string()),
});
export const WebhookVersionListSchema = z.object({ versions: z.array(WebhookVersionSchema) });
export type WebhookVersion = z.infer<typeof WebhookVersionSchema>;
export type WebhookVersionList = z.infer<typeof WebhookVersionListSchema>;

/** POST /v1/webhooks/{id}/dead-letters/retry: one bounded batch; call again while `more` (the console shows the running total). */
export const DeadLetterRetryRequestSchema = z.object({ limit: z.number().int().min(1).max(500).optional() }).strict();
export const DeadLetterRetrySchema = z.object({ requeued: z.number(), more: z.boolean() });
export type DeadLetterRetry = z.infer<typeof DeadLetterRetrySchema>;

/** POST /v1/templates/preview: a body template rendered with a mock event of its kind (the same renderer as a delivery). */
export const TemplatePreviewRequestSchema = z
  .object({ kind: z.enum(["audit", "request"]), bodyTemplate: z.string().max(64 * 1024), eventType: z.string().max(100).optional() })
  .strict();
export const TemplatePreviewSchema = z.object({
  eventType: z.string(),
  event: z.unknown(),
  /** The rendered body ("" for an empty template). */
  body: z.string(),
});
export type TemplatePreview = z.infer<typeof TemplatePreviewSchema>;
