"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.systemRoutes = void 0;
// Unauthenticated operations endpoints: health for load balancers and
// orchestrators, metrics for Prometheus. Neither shows anything secret.
const metrics_1 = require("../metrics");
exports.systemRoutes = [
    {
        path: "/healthz",
        methods: {
            GET: {
                access: "public",
                async handle(_req, { engine, now, stopping, logger }) {
                    if (stopping())
                        return { status: 503, body: { status: "stopping" } };
                    try {
                        await engine.store.stats(now());
                        return { status: 200, body: { status: "ok" } };
                    }
                    catch (e) {
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
                access: "public",
                async handle(_req, { engine, metrics, now }) {
                    return { status: 200, text: await metrics.render(engine.store, now()), contentType: metrics_1.METRICS_CONTENT_TYPE };
                },
            },
        },
    },
];
