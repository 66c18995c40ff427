// Shared by the seed-template tests: where each field of the seed templates
// comes from, and what a placeholder inside a string renders for a value.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The keys of the escaped JSON in the Coralogix, Datadog and ServiceNow seeds, and the event path of each. */
export const REQUEST_FIELDS: Record<string, string> = {
  event_type: "event_type",
  event_time: "event_time",
  id: "data.id",
  friendly_id: "data.friendly_id",
  requester_id: "data.requester.id",
  requester_name: "data.requester.name",
  requester_email: "data.requester.email",
  justification: "data.justification",
  creation_date: "data.creation_date",
  access_flow_id: "data.access_flow.id",
  access_flow_name: "data.access_flow.name",
  access_bundle_id: "data.access_bundle.id",
  access_bundle_name: "data.access_bundle.name",
  access_groups_integration_name: "data.access_groups.0.integration.name",
  access_groups_integration_type: "data.access_groups.0.integration.type",
};

export const AUDIT_FIELDS = [
  "timestamp",
  "action",
  "actor_id",
  "actor_name",
  "actor_type",
  "source",
  "target_id",
  "target_type",
  "target_name",
  "metadata",
  "current_target_object",
  "previous_target_object",
];

export function seed(file: string): string {
  return readFileSync(join(__dirname, "../../fixtures/templates", file), "utf8");
}

export function valueAt(event: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k]), event);
}

/** A value as the text of a placeholder inside a JSON string: missing → "", objects → compact JSON. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
