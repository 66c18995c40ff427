// Who manages a registration: the Pulumi project, stack and resource that
// registered it. The provider sends it with every register and update, the
// runtime keeps it, a name clash (409) names it, and a register from the same
// resource takes the name over (a replace keeps its name: issue 15 item 4).
import { WebhookError } from "../errors";

export interface ManagedBy {
  project: string;
  stack: string;
  /** The resource's Pulumi name (the last part of its URN). */
  resource: string;
}

const KEYS = ["project", "stack", "resource"] as const;
const MAX_PART = 400;

/** Whether two labels name the same Pulumi resource. */
export function sameManager(a: ManagedBy | undefined, b: ManagedBy | undefined): boolean {
  return a !== undefined && b !== undefined && KEYS.every((k) => a[k] === b[k]);
}

/** `project/stack resource "name"`, as messages show it. */
export function managerLabel(m: ManagedBy): string {
  return `${m.project}/${m.stack} resource "${m.resource}"`;
}

/** The label of a resource URN `urn:pulumi:stack::project::type::name`, or undefined when it is not one. */
export function managerOfUrn(urn: string): ManagedBy | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) return undefined;
  return { stack: parts[0].slice("urn:pulumi:".length), project: parts[1], resource: parts.slice(3).join("::") };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A label as given (API body, resource input); undefined when absent; CONFIG_INVALID_MANAGED_BY when malformed. */
export function parseManagedBy(value: unknown, path = "managedBy"): ManagedBy | undefined {
  if (value === undefined || value === null) return undefined;
  const ok = isRecord(value) && KEYS.every((k) => typeof value[k] === "string" && value[k] !== "" && (value[k] as string).length <= MAX_PART);
  if (!ok) {
    throw new WebhookError({
      code: "CONFIG_INVALID_MANAGED_BY",
      path,
      message: `${path} must be {project, stack, resource}: non-empty strings of at most ${MAX_PART} characters (the Pulumi project, stack and resource name that manage the webhook)`,
    });
  }
  return { project: value.project as string, stack: value.stack as string, resource: value.resource as string };
}
