// The shape of each event kind's payload as templates see it, derived from the
// zod schemas in ./events so the payload has one definition. Events are loose
// (Apono may add keys), but template references are checked strictly against
// the declared keys: a typo must fail `check`, not render empty in production.
import type { z } from "zod";
import { EVENT_SCHEMAS, type EventKind } from "./events";

export type Shape =
  | { kind: "object"; fields: Record<string, Shape> } // declared keys only
  | { kind: "array"; items: Shape }
  | { kind: "scalar" }
  | { kind: "any" }; // records and opaque objects: custom_fields, metadata, *_target_object

const ANY: Shape = Object.freeze({ kind: "any" });
const SCALAR: Shape = Object.freeze({ kind: "scalar" });

const cache = new Map<EventKind, Shape>();

/** The payload shape of an event kind (the whole envelope: `event_type`, `event_time`, `data`, `id`). */
export function payloadShapeOf(kind: EventKind): Shape {
  let shape = cache.get(kind);
  if (shape === undefined) {
    shape = shapeOfSchema(EVENT_SCHEMAS[kind]);
    cache.set(kind, shape);
  }
  return shape;
}

function shapeOfSchema(schema: z.core.$ZodType): Shape {
  const def = schema._zod.def;
  switch (def.type) {
    case "object": {
      const fields: Record<string, Shape> = {};
      for (const [key, field] of Object.entries((def as z.core.$ZodObjectDef).shape)) fields[key] = shapeOfSchema(field);
      return Object.freeze({ kind: "object", fields: Object.freeze(fields) });
    }
    case "array":
      return Object.freeze({ kind: "array", items: shapeOfSchema((def as z.core.$ZodArrayDef).element) });
    // Wrappers that do not change what a template can address.
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return shapeOfSchema((def as unknown as { innerType: z.core.$ZodType }).innerType);
    case "pipe":
      return shapeOfSchema((def as z.core.$ZodPipeDef).in);
    case "union": {
      const options = (def as z.core.$ZodUnionDef).options.map(shapeOfSchema);
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
