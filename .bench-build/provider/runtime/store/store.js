"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DELIVERY_STATUSES = void 0;
exports.DELIVERY_STATUSES = ["pending", "retrying", "delivered", "dead"];
