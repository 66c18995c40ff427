"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.payloadShapeOf = payloadShapeOf;
const events_1 = require("./events");
const ANY = Object.freeze({ kind: "any" });
const SCALAR = Object.freeze({ kind: "scalar" });
const cache = new Map();
/** The payload shape of an event kind (the whole envelope: `event_type`, `event_time`, `data`, `id`). */
function payloadShapeOf(kind) {
    let shape = cache.get(kind);
    if (shape === undefined) {
        shape = shapeOfSchema(events_1.EVENT_SCHEMAS[kind]);
        cache.set(kind, shape);
    }
    return shape;
}
function shapeOfSchema(schema) {
    const def = schema._zod.def;
    switch (def.type) {
        case "object": {
            const fields = {};
            for (const [key, field] of Object.entries(def.shape))
                fields[key] = shapeOfSchema(field);
            return Object.freeze({ kind: "object", fields: Object.freeze(fields) });
        }
        case "array":
            return Object.freeze({ kind: "array", items: shapeOfSchema(def.element) });
        // Wrappers that do not change what a template can address.
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "nonoptional":
        case "readonly":
        case "catch":
            return shapeOfSchema(def.innerType);
        case "pipe":
            return shapeOfSchema(def.in);
        case "union": {
            const options = def.options.map(shapeOfSchema);
            return options.every((o) => o.kind === "scalar") ? SCALAR : ANY;
        }
        case "string":
        case "number":
        case "int":
        case "boolean":
        case "bigint":
        case "enum":
        case "literal":
        case "null":
        case "undefined":
        case "date":
        case "template_literal":
            return SCALAR;
        default:
            // record, unknown, any, map, lazy, …: keys are data, not schema, so anything goes.
            return ANY;
    }
}
