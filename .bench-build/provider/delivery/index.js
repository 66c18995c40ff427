"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.requestLine = exports.headline = exports.describeInvocation = exports.RECORD_BODY_BYTES = exports.signPayload = exports.deliverOnce = exports.prepareWebhook = void 0;
// One delivery attempt: the Test invocation and every runtime attempt.
var prepareWebhook_1 = require("./prepareWebhook");
Object.defineProperty(exports, "prepareWebhook", { enumerable: true, get: function () { return prepareWebhook_1.prepareWebhook; } });
var deliverOnce_1 = require("./deliverOnce");
Object.defineProperty(exports, "deliverOnce", { enumerable: true, get: function () { return deliverOnce_1.deliverOnce; } });
var standardWebhooks_1 = require("./standardWebhooks");
Object.defineProperty(exports, "signPayload", { enumerable: true, get: function () { return standardWebhooks_1.signPayload; } });
var invocationRecord_1 = require("./invocationRecord");
Object.defineProperty(exports, "RECORD_BODY_BYTES", { enumerable: true, get: function () { return invocationRecord_1.RECORD_BODY_BYTES; } });
var describeInvocation_1 = require("./describeInvocation");
Object.defineProperty(exports, "describeInvocation", { enumerable: true, get: function () { return describeInvocation_1.describeInvocation; } });
Object.defineProperty(exports, "headline", { enumerable: true, get: function () { return describeInvocation_1.headline; } });
Object.defineProperty(exports, "requestLine", { enumerable: true, get: function () { return describeInvocation_1.requestLine; } });
