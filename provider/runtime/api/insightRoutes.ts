// Admin API endpoints the operator console reads (docs/runtime.md): activity per
// webhook, version history, bounded retry of a webhook's dead letters, the
// template preview and the payload shape. Each answer is parsed by its schema in
// model/consoleApi.ts, the same one the console's page is typed with.
import {
  DeadLetterRetryRequestSchema,
  DeadLetterRetrySchema,
  TemplatePreviewRequestSchema,
  TemplatePreviewSchema,
  WebhookStatsListSchema,
  WebhookVersionListSchema,
  type WebhookStats,
} from "../../model/consoleApi";
import { EVENT_KINDS, type EventKind } from "../../model/events";
import { maskConfig } from "../../model/maskConfig";
import { mockEventsOf } from "../../model/mockEvents";
import { payloadShapeOf } from "../../model/payloadShape";
import { checkTemplate, compileTemplate, renderBody } from "../../templating";
import type { Store, WebhookActivity } from "../store/store";
import { apiError, errorBody } from "./apiError";
import { shownId, type Route } from "./routes";
import { notFound as webhookNotFound, triggerOf } from "./webhookRoutes";

/** Activity is read at most this often per window: the table polls, and the count walks the window's rows. */
const ACTIVITY_MAX_AGE_MS = 5_000;
const activityCache = new WeakMap<Store, Map<number, { at: number; rows: Promise<WebhookActivity[]> }>>();

function activity(store: Store, hours: number, now: number): Promise<WebhookActivity[]> {
  let byHours = activityCache.get(store);
  if (byHours === undefined) activityCache.set(store, (byHours = new Map()));
  const hit = byHours.get(hours);
  if (hit !== undefined && now - hit.at < ACTIVITY_MAX_AGE_MS) return hit.rows;
  const rows = store.webhookActivity(now - hours * 3_600_000);
  byHours.set(hours, { at: now, rows });
  rows.catch(() => byHours.delete(hours));
  return rows;
}

function statsOf(a: WebhookActivity): WebhookStats {
  const { pending, retrying, delivered, dead } = a.byStatus;
  return {
    webhookId: a.webhookId,
    deliveries: pending + retrying + delivered + dead,
    delivered,
    dead,
    queued: pending + retrying,
    successRate: delivered + dead === 0 ? null : delivered / (delivered + dead),
    ...(a.last === undefined ? {} : { last: a.last }),
  };
}

function hoursOf(query: URLSearchParams): number {
  const h = query.get("hours");
  if (h === null || h === "") return 24;
  if (!/^\d+$/.test(h) || Number(h) < 1 || Number(h) > 168) throw apiError("API_INVALID_QUERY", "hours must be a whole number from 1 to 168", "hours");
  return Number(h);
}

/** Top-level fields whose values differ between two configs (secrets compared unmasked; only the names leave). */
function changedFields(config: Record<string, unknown>, before: Record<string, unknown> | undefined): string[] {
  if (before === undefined) return [];
  const keys = new Set([...Object.keys(config), ...Object.keys(before)]);
  return [...keys].filter((k) => JSON.stringify(config[k]) !== JSON.stringify(before[k])).sort();
}

function kindOf(value: string): EventKind {
  if (!(EVENT_KINDS as readonly string[]).includes(value)) throw apiError("API_NOT_FOUND", `no event kind ${shownId(value)}; use ${EVENT_KINDS.join(" or ")}`);
  return value as EventKind;
}


export const insightRoutes: readonly Route[] = [
  {
    path: "/v1/webhooks/stats",
    methods: {
      GET: {
        access: "admin",
        async handle({ query }, { engine, now }) {
          const hours = hoursOf(query);
          const at = now();
          const rows = await activity(engine.store, hours, at);
          return { status: 200, body: WebhookStatsListSchema.parse({ since: new Date(at - hours * 3_600_000).toISOString(), hours, stats: rows.map(statsOf) }) };
        },
      },
    },
  },
  {
    path: "/v1/webhooks/{id}/versions",
    methods: {
      GET: {
        access: "admin",
        async handle({ params }, { engine }) {
          const versions = await engine.store.listVersions(params.id);
          if (versions === undefined) webhookNotFound(params.id);
          const raw = versions.map((v) => v.config as unknown as Record<string, unknown>);
          return {
            status: 200,
            body: WebhookVersionListSchema.parse({
              versions: versions.map((v, i) => ({ version: v.version, createdAt: v.createdAt, config: maskConfig(v.config), changed: changedFields(raw[i], raw[i + 1]) })),
            }),
          };
        },
      },
    },
  },
  {
    path: "/v1/webhooks/{id}/dead-letters/retry",
    methods: {
      POST: {
        access: "admin",
        async handle(req, { engine }) {
          const parsed = DeadLetterRetryRequestSchema.safeParse((await req.json()) ?? {});
          if (!parsed.success) throw apiError("API_INVALID_QUERY", "limit must be a whole number from 1 to 500", "limit");
          const id = req.params.id;
          if ((await engine.store.getWebhook(id)) === undefined) webhookNotFound(id);
          // One bounded batch per call: a retried delivery leaves the dead list, so the next call takes the next batch.
          const page = await engine.store.pageDeliveries({ webhookId: id, status: "dead", limit: parsed.data.limit ?? 100 });
          let requeued = 0;
          for (const d of page.deliveries) if (await engine.retry(d.id)) requeued += 1;
          return { status: 202, body: DeadLetterRetrySchema.parse({ requeued, more: page.nextCursor !== undefined }) };
        },
      },
    },
  },
  {
    // The Test invocation of a registered webhook: its stored config (with its secrets, which a client only sees
    // masked and so cannot send to POST /v1/webhooks/test), through the same engine.test.
    path: "/v1/webhooks/{id}/test",
    methods: {
      POST: {
        access: "admin",
        async handle({ params, query }, { engine }) {
          const record = await engine.store.getWebhook(params.id);
          if (record === undefined) webhookNotFound(params.id);
          const trigger = triggerOf(query);
          const options = trigger === undefined || record.kind !== "request" ? {} : { trigger };
          return { status: 200, body: await engine.test(record.config, options) };
        },
      },
    },
  },
  {
    path: "/v1/mock-events/{kind}",
    methods: {
      GET: {
        access: "admin",
        async handle({ params }) {
          return { status: 200, body: { kind: params.kind, events: mockEventsOf(kindOf(params.kind)) } };
        },
      },
    },
  },
  {
    path: "/v1/templates/preview",
    methods: {
      POST: {
        access: "admin",
        async handle(req) {
          const parsed = TemplatePreviewRequestSchema.safeParse(await req.json());
          if (!parsed.success) throw apiError("API_INVALID_JSON", 'send {"kind": "audit"|"request", "bodyTemplate": "...", "eventType"?: "RequestCreated"}', "bodyTemplate");
          const { kind, bodyTemplate, eventType } = parsed.data;
          const events = mockEventsOf(kind);
          const event = eventType === undefined ? events[0] : events.find((e) => e.event_type === eventType);
          if (event === undefined) throw apiError("API_INVALID_QUERY", `eventType must be one of ${events.map((e) => e.event_type).join(", ")}`, "eventType");
          // The same rules as check: a template that check refuses is refused here with the same errors.
          const problems = checkTemplate(bodyTemplate, kind);
          if (problems.length > 0) return { status: 400, body: errorBody(problems) };
          const body = renderBody(compileTemplate(bodyTemplate), event);
          return { status: 200, body: TemplatePreviewSchema.parse({ eventType: event.event_type, event, body }) };
        },
      },
    },
  },
  {
    path: "/v1/payload-shapes/{kind}",
    methods: {
      GET: {
        access: "admin",
        async handle({ params }) {
          return { status: 200, body: { kind: params.kind, shape: payloadShapeOf(kindOf(params.kind)) } };
        },
      },
    },
  },
];
