"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.matchesWebhook = matchesWebhook;
const requestFilters_1 = require("./requestFilters");
/** Kinds equal, webhook active; a request webhook also needs the trigger listed and the filters passed. */
function matchesWebhook(webhook, { kind, event }) {
    if (webhook.kind !== kind || !webhook.active)
        return false;
    if (webhook.kind === "audit")
        return true;
    const request = event;
    if (!webhook.triggers.includes(request.event_type))
        return false;
    return (0, requestFilters_1.passesFilters)(webhook.filters, request.data);
}
