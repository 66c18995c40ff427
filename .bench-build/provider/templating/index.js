"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderBody = exports.checkTemplate = exports.compileTemplate = void 0;
// The template engine (product.md §4): Handlebars with JSON-aware, context-aware escaping.
var compileTemplate_1 = require("./compileTemplate");
Object.defineProperty(exports, "compileTemplate", { enumerable: true, get: function () { return compileTemplate_1.compileTemplate; } });
var checkTemplate_1 = require("./checkTemplate");
Object.defineProperty(exports, "checkTemplate", { enumerable: true, get: function () { return checkTemplate_1.checkTemplate; } });
var renderBody_1 = require("./renderBody");
Object.defineProperty(exports, "renderBody", { enumerable: true, get: function () { return renderBody_1.renderBody; } });
