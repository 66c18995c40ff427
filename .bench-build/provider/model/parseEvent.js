"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseEvent = parseEvent;
// Validates an incoming event of a kind (ingest, `webhooks render --event`):
// every problem as a WebhookError with the event's property path.
const errors_1 = require("../errors");
const events_1 = require("./events");
function parseEvent(kind, input) {
    const parsed = events_1.EVENT_SCHEMAS[kind].safeParse(input);
    if (parsed.success)
        return { ok: true, event: parsed.data };
    const errors = parsed.error.issues.map((issue) => {
        const path = (0, errors_1.formatPath)(issue.path);
        const missing = issue.code === "invalid_type" && issue.input === undefined;
        const message = missing
            ? `${path || "event"} is required in a ${kind} event`
            : `${path || "event"}: ${issue.message}`;
        return new errors_1.WebhookError({ code: "EVENT_INVALID", path, message });
    });
    return { ok: false, errors };
}
