"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.webhookRoutes = void 0;
exports.webhookJson = webhookJson;
// /v1/webhooks: registrations (the same shape as a `webhooks validate` file),
// the Test invocation of an unsaved config, and the Manual trigger. Every
// webhook leaves the API with its secret values masked.
const checkWebhook_1 = require("../../check/checkWebhook");
const events_1 = require("../../model/events");
const maskConfig_1 = require("../../model/maskConfig");
const apiError_1 = require("./apiError");
const routes_1 = require("./routes");
/** A registration as the API returns it: `{id, version, createdAt, updatedAt, kind, ...config}`, secrets masked. */
function webhookJson(record) {
    const { kind, ...fields } = (0, maskConfig_1.maskConfig)(record.config);
    return { id: record.id, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt, kind: kind ?? record.kind, ...fields };
}
function check(body) {
    const result = (0, checkWebhook_1.checkWebhook)(body);
    if (result.ok)
        return { ok: true, config: result.config };
    return { ok: false, result: invalid(result.errors) };
}
function invalid(errors) {
    return { status: 400, body: (0, apiError_1.errorBody)(errors) };
}
function notFound(id) {
    throw (0, apiError_1.apiError)("API_NOT_FOUND", `no webhook with id ${(0, routes_1.shownId)(id)}; GET /v1/webhooks lists the registered ones`);
}
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function triggerOf(query) {
    const t = query.get("trigger");
    if (t === null || t === "")
        return undefined;
    if (!events_1.REQUEST_TRIGGERS.includes(t)) {
        throw (0, apiError_1.apiError)("CONFIG_INVALID_TRIGGER", `trigger must be one of ${events_1.REQUEST_TRIGGERS.join(", ")}`, "trigger");
    }
    return t;
}
exports.webhookRoutes = [
    {
        path: "/v1/webhooks",
        methods: {
            GET: {
                access: "admin",
                async handle(_req, { engine }) {
                    const all = await engine.store.listWebhooks();
                    return { status: 200, body: { webhooks: all.map(webhookJson) } };
                },
            },
            POST: {
                access: "admin",
                async handle(req, { engine }) {
                    const checked = check(await req.json());
                    if (!checked.ok)
                        return checked.result;
                    const record = await engine.registerWebhook(checked.config);
                    return { status: 201, body: webhookJson(record) };
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
                    const checked = check(await req.json());
                    if (!checked.ok)
                        return checked.result;
                    if (trigger !== undefined && checked.config.kind !== "request") {
                        throw (0, apiError_1.apiError)("CONFIG_INVALID_TRIGGER", "trigger is for request webhooks; an audit webhook is tested with the audit mock event", "trigger");
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
                    if (record === undefined)
                        notFound(params.id);
                    return { status: 200, body: webhookJson(record) };
                },
            },
            PUT: {
                access: "admin",
                async handle(req, { engine }) {
                    const id = req.params.id;
                    const body = await req.json();
                    const existing = await engine.store.getWebhook(id);
                    if (existing === undefined)
                        notFound(id);
                    // The body may leave kind out; a webhook never changes kind (its events and deliveries are of one kind).
                    if (isRecord(body) && body.kind !== undefined && body.kind !== existing.kind) {
                        return invalid([
                            (0, apiError_1.apiError)("CONFIG_INVALID_KIND", `kind cannot change: ${(0, routes_1.shownId)(id)} is a ${existing.kind} webhook; register a new webhook for the other kind`, "kind"),
                        ]);
                    }
                    // A body read back from GET carries "****" for secrets: those keep their stored values.
                    const restored = isRecord(body) ? (0, maskConfig_1.restoreMasked)({ kind: existing.kind, ...body }, existing.config) : body;
                    const checked = check(restored);
                    if (!checked.ok)
                        return checked.result;
                    const record = await engine.updateWebhook(id, checked.config);
                    if (record === undefined)
                        notFound(id);
                    return { status: 200, body: webhookJson(record) };
                },
            },
            DELETE: {
                access: "admin",
                async handle({ params }, { engine }) {
                    if (!(await engine.deleteWebhook(params.id)))
                        notFound(params.id);
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
                    if (result === undefined)
                        notFound(req.params.id);
                    return { status: 202, body: { deliveryId: result.deliveryId, eventId: result.eventId } };
                },
            },
        },
    },
];
