// Mock events (spec §2.4 and Appendix A): the data of the Test invocation and of
// the render-and-parse step of `check`. One request mock per trigger, one audit mock.
import type { AuditEvent, RequestEvent, RequestTrigger } from "./events";

const approver = { id: "usr_3Hk9", name: "Omer Katz", email: "omer.katz@acme.example" };
const dbType = { id: "postgresql-database", name: "Database", display_path: "PostgreSQL/Database" };
const unit = (name: string) => ({
  resource: { id: name, name, path: `payments-prod-pg/${name}`, type: { ...dbType } },
  permission: { id: "readonly", name: "ReadOnly" },
});
const pgGroup = () => ({
  integration: { id: "int_6c1e", type: "postgresql", name: "payments-prod-pg" },
  resource_types: [{ ...dbType }],
  access_units: [unit("payments"), unit("ledger")],
});
const awsGroup = () => ({
  integration: { id: "int_a91d", type: "aws-account", name: "payments-prod-aws" },
  resource_types: [{ id: "aws-account-s3-bucket", name: "S3 Bucket", display_path: "AWS Account/S3 Bucket" }],
  access_units: [
    {
      resource: {
        id: "arn:aws:s3:::payouts-exports",
        name: "payouts-exports",
        path: "payments-prod-aws/payouts-exports",
        type: { id: "aws-account-s3-bucket", name: "S3 Bucket", display_path: "AWS Account/S3 Bucket" },
      },
      permission: { id: "ReadOnly", name: "ReadOnly" },
    },
  ],
});

interface Variant {
  eventTime: number;
  approvalStatus: string;
  approved: boolean;
  revocationDate: number | null;
}

const VARIANTS: Record<RequestTrigger, Variant> = {
  RequestCreated: { eventTime: 1717416000.482193, approvalStatus: "Pending", approved: false, revocationDate: null },
  RequestApproved: { eventTime: 1717416412.007214, approvalStatus: "Approved", approved: true, revocationDate: null },
  RequestRejected: { eventTime: 1717416530.650002, approvalStatus: "Rejected", approved: true, revocationDate: null },
  RequestGranted: { eventTime: 1717416419.913377, approvalStatus: "Approved", approved: true, revocationDate: 1717430819.913377 },
  RequestExpired: { eventTime: 1717430820.204118, approvalStatus: "Approved", approved: true, revocationDate: 1717430819.913377 },
  RequestFailed: { eventTime: 1717416425.11864, approvalStatus: "Approved", approved: true, revocationDate: null },
  Manual: { eventTime: 1717417000, approvalStatus: "Approved", approved: true, revocationDate: 1717430819.913377 },
};

/** The mock request event for a trigger (a fresh object each call: callers may mutate it). */
export function mockRequestEvent(trigger: RequestTrigger): RequestEvent {
  const v = VARIANTS[trigger];
  const manual = trigger === "Manual";
  return {
    event_type: trigger,
    event_time: v.eventTime,
    data: {
      id: "8c1f0b7e-3d2a-4a8e-9a51-6f0d2c7b9e14",
      friendly_id: "AR-5127",
      requester: { id: "usr_7Qm2xZ", name: "Dana Levi", email: "dana.levi@acme.example" },
      grantee: { id: "usr_7Qm2xZ", source_id: "00u8k2m1aBcDeF", name: "Dana Levi", type: "user" },
      justification: "Investigate stuck payouts job, INC-2291",
      creation_date: 1717416000.101532,
      revocation_date: v.revocationDate,
      access_flow: { id: "af_91c2", name: "Prod DB read-only (on-call)" },
      // The Manual mock is a bundle request over two integrations, to show several access groups.
      access_bundle: manual ? { id: "bndl_2f7a", name: "Payments on-call kit" } : null,
      access_duration_in_seconds: 14400,
      access_groups: manual ? [pgGroup(), awsGroup()] : [pgGroup()],
      approvals_logical_relation: "OR",
      approvals: [
        {
          name: "SRE on-call",
          type: "group",
          status: v.approvalStatus,
          approver: v.approved ? { ...approver } : { id: "", name: "", email: "" },
        },
      ],
      custom_fields: { ticket: "INC-2291" },
    },
  };
}

/** The mock audit event: an access flow edited through Terraform. */
export function mockAuditEvent(): AuditEvent {
  return {
    event_type: "AuditLogEvent",
    event_time: "1717420012.551024000",
    data: {
      timestamp: "1717420012.549871000",
      action: "updated",
      actor_id: "noa.shalev@acme.example",
      actor_name: "Noa Shalev",
      actor_type: "user",
      source: "Terraform",
      target_id: "af_91c2",
      target_type: "access flow",
      target_name: "Prod DB read-only (on-call)",
      metadata: { request_id: "req-5f1c" },
      current_target_object: { id: "af_91c2", name: "Prod DB read-only (on-call)", active: true, revoke_after_in_sec: 14400 },
      previous_target_object: { id: "af_91c2", name: "Prod DB read-only (on-call)", active: true, revoke_after_in_sec: 3600 },
    },
  };
}

/** Every mock event of a kind: what `check` renders a template with. */
export function mockEventsOf(kind: "audit" | "request"): Array<AuditEvent | RequestEvent> {
  if (kind === "audit") return [mockAuditEvent()];
  return (Object.keys(VARIANTS) as RequestTrigger[]).map(mockRequestEvent);
}
