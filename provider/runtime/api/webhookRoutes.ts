// /v1/webhooks: registrations (the same shape as a `webhooks validate` file),
// the Test invocation of an unsaved config, and the Manual trigger. Every
// webhook leaves the API with its secret values masked.
import { checkWebhook } from "../../check/checkWebhook";
import type { WebhookError } from "../../errors";
import { REQUEST_TRIGGERS, type RequestTrigger } from "../../model/events";
import { parseManagedBy, type ManagedBy } from "../../model/managedBy";
import { maskConfig } from "../../model/maskConfig";
import { literalMasks, restoreMasked, type MaskProblem } from "../../model/maskedSecrets";
import type { WebhookConfig } from "../../model/webhookConfig";
import { fingerprintsOf } from "../secrets/fingerprints";
import type { WebhookRecord } from "../store/store";
import { apiError, errorBody } from "./apiError";
import { shownId, type RouteResult, type Route } from "./routes";

/**
 * A registration as the API returns it: `{id, version, createdAt, updatedAt, kind, ...config, secretFingerprints}`,
 * secrets masked; `secretFingerprints` has a keyed fingerprint of each secret value, so a client can tell a
 * changed secret (drift) without seeing it.
 */
export function webhookJson(record: WebhookRecord, fingerprintKey: Buffer): Record<string, unknown> {
  const { kind, ...fields } = maskConfig(record.config);
  const secretFingerprints = fingerprintsOf(record.config, record.id, fingerprintKey);
  const managed = record.managedBy === undefined ? {} : { managedBy: record.managedBy };
  return { id: record.id, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt, ...managed, kind: kind ?? record.kind, ...fields, secretFingerprints };
}

/** A mask the rule refuses: 400 API_SECRET_REQUIRED at the field (maskedSecrets.ts). */
function secretRequired(problems: readonly MaskProblem[]): RouteResult {
  return invalid(problems.map((p) => apiError("API_SECRET_REQUIRED", p.message, p.path)));
}

/** The body's `managedBy` label (who manages the registration; not part of the config) and the config without it. */
function splitManagedBy(body: unknown): { managedBy?: ManagedBy; config: unknown } {
  if (!isRecord(body) || !("managedBy" in body)) return { config: body };
  const { managedBy, ...config } = body;
  const parsed = parseManagedBy(managedBy);
  return { ...(parsed === undefined ? {} : { managedBy: parsed }), config };
}

type Checked = { ok: true; config: WebhookConfig } | { ok: false; result: RouteResult };

function check(body: unknown): Checked {
  const result = checkWebhook(body);
  if (result.ok) return { ok: true, config: result.config };
  return { ok: false, result: invalid(result.errors) };
}

function invalid(errors: readonly WebhookError[]): RouteResult {
  return { status: 400, body: errorBody(errors) };
}

/** 404 for an unknown webhook id (also the console's endpoints in insightRoutes.ts). */
export function notFound(id: string): never {
  throw apiError("API_NOT_FOUND", `no webhook with id ${shownId(id)}; GET /v1/webhooks lists the registered ones`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The `?trigger=` of a Test invocation, or undefined; CONFIG_INVALID_TRIGGER when it is not one. */
export function triggerOf(query: URLSearchParams): RequestTrigger | undefined {
  const t = query.get("trigger");
  if (t === null || t === "") return undefined;
  if (!(REQUEST_TRIGGERS as readonly string[]).includes(t)) {
    throw apiError("CONFIG_INVALID_TRIGGER", `trigger must be one of ${REQUEST_TRIGGERS.join(", ")}`, "trigger");
  }
  return t as RequestTrigger;
}

export const webhookRoutes: readonly Route[] = [
  {
    path: "/v1/webhooks",
    methods: {
      GET: {
        access: "admin",
        async handle(_req, { engine }) {
          const all = await engine.store.listWebhooks();
          const key = await engine.store.fingerprintKey();
          return { status: 200, body: { webhooks: all.map((r) => webhookJson(r, key)) } };
        },
      },
      POST: {
        access: "admin",
        async handle(req, { engine }) {
          const { managedBy, config } = splitManagedBy(await req.json());
          const masks = literalMasks(config);
          if (masks.length > 0) return secretRequired(masks);
          const checked = check(config);
          if (!checked.ok) return checked.result;
          const record = await engine.registerWebhook(checked.config, managedBy);
          return { status: 201, body: webhookJson(record, await engine.store.fingerprintKey()) };
        },
      },
    },
  },
  {
    path: "/v1/webhooks/test",
    methods: {
      POST: {
        access: "admin",
        async handle(req, { engine }) {
          const trigger = triggerOf(req.query);
          const body = await req.json();
          const masks = literalMasks(body);
          if (masks.length > 0) return secretRequired(masks);
          const checked = check(body);
          if (!checked.ok) return checked.result;
          if (trigger !== undefined && checked.config.kind !== "request") {
            throw apiError("CONFIG_INVALID_TRIGGER", "trigger is for request webhooks; an audit webhook is tested with the audit mock event", "trigger");
          }
          const record = await engine.test(checked.config, trigger === undefined ? {} : { trigger });
          return { status: 200, body: record };
        },
      },
    },
  },
  {
    path: "/v1/webhooks/{id}",
    methods: {
      GET: {
        access: "admin",
        async handle({ params }, { engine }) {
          const record = await engine.store.getWebhook(params.id);
          if (record === undefined) notFound(params.id);
          return { status: 200, body: webhookJson(record, await engine.store.fingerprintKey()) };
        },
      },
      PUT: {
        access: "admin",
        async handle(req, { engine }) {
          const id = req.params.id;
          const { managedBy, config: body } = splitManagedBy(await req.json());
          const existing = await engine.store.getWebhook(id);
          if (existing === undefined) notFound(id);
          // The body may leave kind out; a webhook never changes kind (its events and deliveries are of one kind).
          if (isRecord(body) && body.kind !== undefined && body.kind !== existing.kind) {
            return invalid([
              apiError(
                "CONFIG_INVALID_KIND",
                `kind cannot change: ${shownId(id)} is a ${existing.kind} webhook; register a new webhook for the other kind`,
                "kind",
              ),
            ]);
          }
          // A body read back from GET carries "****" for secrets: kept where the rule allows (maskedSecrets.ts).
          let restored: unknown = body;
          if (isRecord(body)) {
            const { secretFingerprints: _shown, ...config } = body;
            const outcome = restoreMasked({ kind: existing.kind, ...config }, existing.config);
            if (outcome.problems.length > 0) return secretRequired(outcome.problems);
            restored = outcome.value;
          }
          const checked = check(restored);
          if (!checked.ok) return checked.result;
          const record = await engine.updateWebhook(id, checked.config, managedBy);
          if (record === undefined) notFound(id);
          return { status: 200, body: webhookJson(record, await engine.store.fingerprintKey()) };
        },
      },
      DELETE: {
        access: "admin",
        async handle({ params }, { engine }) {
          if (!(await engine.deleteWebhook(params.id))) notFound(params.id);
          return { status: 204 };
        },
      },
    },
  },
  {
    path: "/v1/webhooks/{id}/invoke",
    methods: {
      POST: {
        access: "admin",
        async handle(req, { engine }) {
          const body = await req.json();
          const result = await engine.invoke(req.params.id, body);
          if (result === undefined) notFound(req.params.id);
          return { status: 202, body: { deliveryId: result.deliveryId, eventId: result.eventId } };
        },
      },
    },
  },
];
