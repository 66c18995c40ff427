"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EVENT_SCHEMAS = exports.AuditEventSchema = exports.AuditDataSchema = exports.RequestEventSchema = exports.RequestDataSchema = exports.AccessGroupSchema = exports.AccessUnitSchema = exports.EVENT_KINDS = exports.REQUEST_TRIGGERS = void 0;
// The two event kinds (spec §2): Apono's envelope `{event_type, event_time, data}`
// plus an optional `id`. These schemas are the one definition of each payload:
// ingest validates against them, and template references are checked against them.
// Objects are loose: Apono may add fields, and an event is not refused for that.
const zod_1 = require("zod");
/** Request triggers, in the order the docs list them; `Manual` is Apono's on-demand trigger. */
exports.REQUEST_TRIGGERS = [
    "RequestCreated",
    "RequestApproved",
    "RequestRejected",
    "RequestGranted",
    "RequestExpired",
    "RequestFailed",
    "Manual",
];
exports.EVENT_KINDS = ["audit", "request"];
/** Epoch seconds with a fraction: Apono sends numbers for requests and strings for audit events. */
const epochTime = zod_1.z.union([
    zod_1.z.number().nonnegative(),
    zod_1.z.string().regex(/^\d+(\.\d+)?$/, { error: "expected epoch seconds such as 1717416000.482193000" }),
]);
/** An optional caller-chosen event id; a repeated id is accepted once by the runtime. */
const eventId = zod_1.z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, { error: "an event id is 1-200 printable ASCII characters without spaces" });
const idName = zod_1.z.looseObject({ id: zod_1.z.string().optional(), name: zod_1.z.string().optional() });
const typeRef = zod_1.z.looseObject({ id: zod_1.z.string().optional(), name: zod_1.z.string().optional(), display_path: zod_1.z.string().optional() });
exports.AccessUnitSchema = zod_1.z.looseObject({
    resource: zod_1.z
        .looseObject({
        id: zod_1.z.string().optional(),
        name: zod_1.z.string().optional(),
        path: zod_1.z.string().optional(),
        type: typeRef.optional(),
    })
        .optional(),
    permission: idName.optional(),
});
exports.AccessGroupSchema = zod_1.z.looseObject({
    integration: zod_1.z
        .looseObject({ id: zod_1.z.string().optional(), type: zod_1.z.string().optional(), name: zod_1.z.string().optional() })
        .optional(),
    resource_types: zod_1.z.array(typeRef).optional(),
    access_units: zod_1.z.array(exports.AccessUnitSchema).optional(),
});
exports.RequestDataSchema = zod_1.z.looseObject({
    id: zod_1.z.string().min(1),
    friendly_id: zod_1.z.string().optional(),
    requester: zod_1.z.looseObject({ id: zod_1.z.string().optional(), name: zod_1.z.string().optional(), email: zod_1.z.string().optional() }),
    grantee: zod_1.z
        .looseObject({
        id: zod_1.z.string().optional(),
        source_id: zod_1.z.string().optional(),
        name: zod_1.z.string().optional(),
        type: zod_1.z.string().optional(),
    })
        .nullish(),
    justification: zod_1.z.string().nullish(),
    creation_date: epochTime.nullish(),
    revocation_date: epochTime.nullish(),
    access_flow: idName.nullish(),
    access_bundle: idName.nullish(),
    access_duration_in_seconds: zod_1.z.number().nullish(),
    access_groups: zod_1.z.array(exports.AccessGroupSchema).default([]),
    approvals_logical_relation: zod_1.z.string().nullish(),
    approvals: zod_1.z
        .array(zod_1.z.looseObject({
        name: zod_1.z.string().optional(),
        type: zod_1.z.string().optional(),
        status: zod_1.z.string().optional(),
        approver: zod_1.z
            .looseObject({ id: zod_1.z.string().optional(), name: zod_1.z.string().optional(), email: zod_1.z.string().optional() })
            .nullish(),
    }))
        .nullish(),
    custom_fields: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()).nullish(),
});
exports.RequestEventSchema = zod_1.z.looseObject({
    id: eventId.optional(),
    event_type: zod_1.z.enum(exports.REQUEST_TRIGGERS, {
        error: `event_type must be one of ${exports.REQUEST_TRIGGERS.join(", ")}`,
    }),
    event_time: epochTime,
    data: exports.RequestDataSchema,
});
/** The whole before/after object is delivered; its keys are not part of the contract (spec §2.2). */
const opaqueObject = zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()).nullish();
exports.AuditDataSchema = zod_1.z.looseObject({
    timestamp: epochTime.optional(),
    action: zod_1.z.string().min(1),
    actor_id: zod_1.z.string().optional(),
    actor_name: zod_1.z.string().optional(),
    actor_type: zod_1.z.string().optional(),
    source: zod_1.z.string().optional(),
    target_id: zod_1.z.string().optional(),
    target_type: zod_1.z.string().optional(),
    target_name: zod_1.z.string().optional(),
    metadata: opaqueObject,
    current_target_object: opaqueObject,
    previous_target_object: opaqueObject,
});
exports.AuditEventSchema = zod_1.z.looseObject({
    id: eventId.optional(),
    event_type: zod_1.z.string().min(1),
    event_time: epochTime,
    data: exports.AuditDataSchema,
});
exports.EVENT_SCHEMAS = { audit: exports.AuditEventSchema, request: exports.RequestEventSchema };
