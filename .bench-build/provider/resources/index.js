"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UNKNOWN = exports.SECRET_SIG_KEY = exports.SECRET_SIG = exports.ENV_KEYS = exports.CONFIG_KEYS = exports.OUTPUT_KEYS = exports.WebhookProvider = void 0;
exports.providerFor = providerFor;
const webhookProvider_1 = require("./webhookProvider");
var webhookProvider_2 = require("./webhookProvider");
Object.defineProperty(exports, "WebhookProvider", { enumerable: true, get: function () { return webhookProvider_2.WebhookProvider; } });
var resourceState_1 = require("./resourceState");
Object.defineProperty(exports, "OUTPUT_KEYS", { enumerable: true, get: function () { return resourceState_1.OUTPUT_KEYS; } });
var runtimeSettings_1 = require("./runtimeSettings");
Object.defineProperty(exports, "CONFIG_KEYS", { enumerable: true, get: function () { return runtimeSettings_1.CONFIG_KEYS; } });
Object.defineProperty(exports, "ENV_KEYS", { enumerable: true, get: function () { return runtimeSettings_1.ENV_KEYS; } });
var secretValues_1 = require("./secretValues");
Object.defineProperty(exports, "SECRET_SIG", { enumerable: true, get: function () { return secretValues_1.SECRET_SIG; } });
Object.defineProperty(exports, "SECRET_SIG_KEY", { enumerable: true, get: function () { return secretValues_1.SECRET_SIG_KEY; } });
Object.defineProperty(exports, "UNKNOWN", { enumerable: true, get: function () { return secretValues_1.UNKNOWN; } });
const providers = new Map();
function providerFor(kind) {
    let p = providers.get(kind);
    if (p === undefined) {
        p = new webhookProvider_1.WebhookProvider(kind);
        providers.set(kind, p);
    }
    return p;
}
