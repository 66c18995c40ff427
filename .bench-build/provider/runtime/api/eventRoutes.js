"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eventRoutes = void 0;
function ingest(kind) {
    return async (req, { engine }) => {
        const result = await engine.ingest(kind, await req.json());
        return {
            status: 202,
            body: { accepted: result.events.length, events: result.events.map((e) => ({ id: e.id, duplicate: e.duplicate })) },
        };
    };
}
exports.eventRoutes = [
    { path: "/v1/events/audit", methods: { POST: { access: "ingest", handle: ingest("audit") } } },
    { path: "/v1/events/request", methods: { POST: { access: "ingest", handle: ingest("request") } } },
];
