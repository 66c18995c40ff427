// The two event kinds (spec §2): Apono's envelope `{event_type, event_time, data}`
// plus an optional `id`. These schemas are the one definition of each payload:
// ingest validates against them, and template references are checked against them.
// Objects are loose: Apono may add fields, and an event is not refused for that.
import { z } from "zod";

/** Request triggers, in the order the docs list them; `Manual` is Apono's on-demand trigger. */
export const REQUEST_TRIGGERS = [
  "RequestCreated",
  "RequestApproved",
  "RequestRejected",
  "RequestGranted",
  "RequestExpired",
  "RequestFailed",
  "Manual",
] as const;
export type RequestTrigger = (typeof REQUEST_TRIGGERS)[number];

export const EVENT_KINDS = ["audit", "request"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Epoch seconds with a fraction: Apono sends numbers for requests and strings for audit events. */
const epochTime = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?$/, { error: "expected epoch seconds such as 1717416000.482193000" }),
]);

/** An optional caller-chosen event id; a repeated id is accepted once by the runtime. */
const eventId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, { error: "an event id is 1-200 printable ASCII characters without spaces" });

const idName = z.looseObject({ id: z.string().optional(), name: z.string().optional() });
const typeRef = z.looseObject({ id: z.string().optional(), name: z.string().optional(), display_path: z.string().optional() });

export const AccessUnitSchema = z.looseObject({
  resource: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().optional(),
      path: z.string().optional(),
      type: typeRef.optional(),
    })
    .optional(),
  permission: idName.optional(),
});

export const AccessGroupSchema = z.looseObject({
  integration: z
    .looseObject({ id: z.string().optional(), type: z.string().optional(), name: z.string().optional() })
    .optional(),
  resource_types: z.array(typeRef).optional(),
  access_units: z.array(AccessUnitSchema).optional(),
});

export const RequestDataSchema = z.looseObject({
  id: z.string().min(1),
  friendly_id: z.string().optional(),
  requester: z.looseObject({ id: z.string().optional(), name: z.string().optional(), email: z.string().optional() }),
  grantee: z
    .looseObject({
      id: z.string().optional(),
      source_id: z.string().optional(),
      name: z.string().optional(),
      type: z.string().optional(),
    })
    .nullish(),
  justification: z.string().nullish(),
  creation_date: epochTime.nullish(),
  revocation_date: epochTime.nullish(),
  access_flow: idName.nullish(),
  access_bundle: idName.nullish(),
  access_duration_in_seconds: z.number().nullish(),
  access_groups: z.array(AccessGroupSchema).default([]),
  approvals_logical_relation: z.string().nullish(),
  approvals: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        type: z.string().optional(),
        status: z.string().optional(),
        approver: z
          .looseObject({ id: z.string().optional(), name: z.string().optional(), email: z.string().optional() })
          .nullish(),
      }),
    )
    .nullish(),
  custom_fields: z.record(z.string(), z.unknown()).nullish(),
});

export const RequestEventSchema = z.looseObject({
  id: eventId.optional(),
  event_type: z.enum(REQUEST_TRIGGERS, {
    error: `event_type must be one of ${REQUEST_TRIGGERS.join(", ")}`,
  }),
  event_time: epochTime,
  data: RequestDataSchema,
});

/** The whole before/after object is delivered; its keys are not part of the contract (spec §2.2). */
const opaqueObject = z.record(z.string(), z.unknown()).nullish();

export const AuditDataSchema = z.looseObject({
  timestamp: epochTime.optional(),
  action: z.string().min(1),
  actor_id: z.string().optional(),
  actor_name: z.string().optional(),
  actor_type: z.string().optional(),
  source: z.string().optional(),
  target_id: z.string().optional(),
  target_type: z.string().optional(),
  target_name: z.string().optional(),
  metadata: opaqueObject,
  current_target_object: opaqueObject,
  previous_target_object: opaqueObject,
});

export const AuditEventSchema = z.looseObject({
  id: eventId.optional(),
  event_type: z.string().min(1),
  event_time: epochTime,
  data: AuditDataSchema,
});

export type RequestEvent = z.infer<typeof RequestEventSchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AccessGroup = z.infer<typeof AccessGroupSchema>;
export type WebhookEvent = AuditEvent | RequestEvent;

export const EVENT_SCHEMAS = { audit: AuditEventSchema, request: RequestEventSchema } as const;
