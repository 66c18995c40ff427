"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deliveryRoutes = exports.MAX_LIST_LIMIT = exports.DEFAULT_LIST_LIMIT = void 0;
// /v1/deliveries: what happened to each (event, webhook) pair, the invocation
// data of its attempts, and re-queuing a dead one.
const store_1 = require("../store/store");
const apiError_1 = require("./apiError");
const routes_1 = require("./routes");
exports.DEFAULT_LIST_LIMIT = 100;
exports.MAX_LIST_LIMIT = 1000;
// There is no code for a bad query parameter; these are the closest, and the path names the parameter.
function statusFilter(query) {
    const s = query.get("status");
    if (s === null || s === "")
        return undefined;
    if (!store_1.DELIVERY_STATUSES.includes(s)) {
        throw (0, apiError_1.apiError)("API_INVALID_QUERY", `status must be one of ${store_1.DELIVERY_STATUSES.join(", ")}`, "status");
    }
    return s;
}
function limitOf(query) {
    const l = query.get("limit");
    if (l === null || l === "")
        return exports.DEFAULT_LIST_LIMIT;
    const n = Number(l);
    if (!/^\d+$/.test(l) || n < 1 || n > exports.MAX_LIST_LIMIT) {
        throw (0, apiError_1.apiError)("API_INVALID_QUERY", `limit must be a whole number from 1 to ${exports.MAX_LIST_LIMIT}`, "limit");
    }
    return n;
}
function notFound(id) {
    throw (0, apiError_1.apiError)("API_NOT_FOUND", `no delivery with id ${(0, routes_1.shownId)(id)}; GET /v1/deliveries lists them`);
}
exports.deliveryRoutes = [
    {
        path: "/v1/deliveries",
        methods: {
            GET: {
                access: "admin",
                async handle({ query }, { engine }) {
                    const webhookId = query.get("webhookId") ?? "";
                    const status = statusFilter(query);
                    const deliveries = await engine.store.listDeliveries({
                        ...(webhookId === "" ? {} : { webhookId }),
                        ...(status === undefined ? {} : { status }),
                        limit: limitOf(query),
                    });
                    return { status: 200, body: { deliveries } };
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
                    if (found === undefined)
                        notFound(params.id);
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
                    if (found === undefined)
                        notFound(params.id);
                    const status = found.delivery.status;
                    const shown = (0, routes_1.shownId)(params.id);
                    if (status === "delivered") {
                        throw (0, apiError_1.apiError)("API_DELIVERY_NOT_RETRYABLE", `delivery ${shown} was delivered; only dead or retrying deliveries can be retried`);
                    }
                    if (!(await engine.retry(params.id))) {
                        // The store refuses deliveries whose webhook was deleted: there is nothing to deliver to.
                        throw (0, apiError_1.apiError)("API_DELIVERY_NOT_RETRYABLE", `delivery ${shown} cannot be retried: its webhook was deleted`);
                    }
                    return { status: 202, body: { deliveryId: params.id, requeued: true } };
                },
            },
        },
    },
];
