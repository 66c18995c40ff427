// Operations endpoints: health for load balancers and orchestrators (no token),
// metrics for Prometheus (the metrics token when one is configured). Neither
// shows anything secret, and neither counts a table per request: health asks the
// store for a round trip, metrics reads a snapshot (see statsSnapshot.ts).
import { METRICS_CONTENT_TYPE } from "../metrics";
import type { Route } from "./routes";

export const systemRoutes: readonly Route[] = [
  {
    path: "/healthz",
    methods: {
      GET: {
        access: "public",
        async handle(_req, { engine, stopping, logger }) {
          if (stopping()) return { status: 503, body: { status: "stopping" } };
          try {
            await engine.store.ping();
            return { status: 200, body: { status: "ok" } };
          } catch (e) {
            logger.error("health check: the store failed", { error: e });
            return {
              status: 503,
              body: { status: "unavailable", error: { code: "STORE_UNAVAILABLE", message: "the store did not answer; see the runtime's log", path: "" } },
            };
          }
        },
      },
    },
  },
  {
    path: "/metrics",
    methods: {
      GET: {
        access: "metrics",
        async handle(_req, { engine, metrics, now }) {
          return { status: 200, text: await metrics.render(engine.store, now()), contentType: METRICS_CONTENT_TYPE };
        },
      },
    },
  },
];
