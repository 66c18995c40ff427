// /v1/deliveries: what happened to each (event, webhook) pair, the invocation
// data of its attempts, and re-queuing a dead one. The list pages by cursor
// (`nextCursor` while more follow), so a client that follows it sees every row.
import { DELIVERY_STATUSES, type DeliveryStatus } from "../store/store";
import { apiError } from "./apiError";
import { shownId, type Route } from "./routes";

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

// There is no code for a bad query parameter; these are the closest, and the path names the parameter.
function statusFilter(query: URLSearchParams): DeliveryStatus | undefined {
  const s = query.get("status");
  if (s === null || s === "") return undefined;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(s)) {
    throw apiError("API_INVALID_QUERY", `status must be one of ${DELIVERY_STATUSES.join(", ")}`, "status");
  }
  return s as DeliveryStatus;
}

function limitOf(query: URLSearchParams): number {
  const l = query.get("limit");
  if (l === null || l === "") return DEFAULT_LIST_LIMIT;
  const n = Number(l);
  if (!/^\d+$/.test(l) || n < 1 || n > MAX_LIST_LIMIT) {
    throw apiError("API_INVALID_QUERY", `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`, "limit");
  }
  return n;
}

/** An ISO 8601 time (or ms since the epoch) in `name`, or undefined when absent. */
function timeOf(query: URLSearchParams, name: "since" | "until"): number | undefined {
  const v = query.get(name);
  if (v === null || v === "") return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) {
    throw apiError("API_INVALID_QUERY", `${name} must be an ISO 8601 time such as 2025-06-01T12:00:00Z (or ms since the epoch)`, name);
  }
  return ms;
}

function notFound(id: string): never {
  throw apiError("API_NOT_FOUND", `no delivery with id ${shownId(id)}; GET /v1/deliveries lists them`);
}

export const deliveryRoutes: readonly Route[] = [
  {
    path: "/v1/deliveries",
    methods: {
      GET: {
        access: "admin",
        async handle({ query }, { engine }) {
          const webhookId = query.get("webhookId") ?? "";
          const status = statusFilter(query);
          const since = timeOf(query, "since");
          const until = timeOf(query, "until");
          const cursor = query.get("cursor") ?? "";
          const eventType = query.get("eventType") ?? "";
          const page = await engine.store.pageDeliveries({
            ...(webhookId === "" ? {} : { webhookId }),
            ...(status === undefined ? {} : { status }),
            ...(since === undefined ? {} : { since }),
            ...(until === undefined ? {} : { until }),
            ...(eventType === "" ? {} : { eventType }),
            ...(cursor === "" ? {} : { cursor }),
            limit: limitOf(query),
          });
          return { status: 200, body: page };
        },
      },
    },
  },
  {
    path: "/v1/deliveries/{id}",
    methods: {
      GET: {
        access: "admin",
        async handle({ params }, { engine }) {
          const found = await engine.store.getDelivery(params.id);
          if (found === undefined) notFound(params.id);
          return { status: 200, body: { delivery: found.delivery, attempts: found.attempts } };
        },
      },
    },
  },
  {
    path: "/v1/deliveries/{id}/retry",
    methods: {
      POST: {
        access: "admin",
        async handle({ params }, { engine }) {
          const found = await engine.store.getDelivery(params.id);
          if (found === undefined) notFound(params.id);
          const status = found.delivery.status;
          const shown = shownId(params.id);
          if (status === "delivered") {
            throw apiError("API_DELIVERY_NOT_RETRYABLE", `delivery ${shown} was delivered; only dead or retrying deliveries can be retried`);
          }
          if (!(await engine.retry(params.id))) {
            // The store refuses deliveries whose webhook was deleted: there is nothing to deliver to.
            throw apiError("API_DELIVERY_NOT_RETRYABLE", `delivery ${shown} cannot be retried: its webhook was deleted`);
          }
          return { status: 202, body: { deliveryId: params.id, requeued: true } };
        },
      },
    },
  },
];
