"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TEMPLATE_PATH = void 0;
exports.templateError = templateError;
// Every template problem is reported on the `bodyTemplate` property, with the
// line and column in the template where one is known.
const errors_1 = require("../errors");
const position_1 = require("./position");
exports.TEMPLATE_PATH = "bodyTemplate";
function templateError(code, message, at, cause) {
    return new errors_1.WebhookError({
        code,
        path: exports.TEMPLATE_PATH,
        message: at === undefined ? message : `${(0, position_1.formatPosition)(at)}: ${message}`,
        cause,
    });
}
