"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.prepareWebhook = prepareWebhook;
const templating_1 = require("../templating");
/** Compiles the body template once. Throws the template's WebhookError (TEMPLATE_*) when it does not compile. */
function prepareWebhook(config) {
    return Object.freeze({ config, template: (0, templating_1.compileTemplate)(config.bodyTemplate) });
}
