// Request webhook filters (product.md §3): OR within a list, AND across lists,
// an absent or empty list does not restrict. The group-level lists describe
// one integration's part of the request, so they must all hold for the SAME
// access group: "postgresql on prod-aws" is not matched by a request for
// postgresql on one group and prod-aws on another.
import type { AccessGroup, RequestEvent } from "../model/events";
import type { RequestFilters } from "../model/webhookConfig";

type RequestData = RequestEvent["data"];

const restricts = (list: readonly string[] | undefined): list is readonly string[] => list !== undefined && list.length > 0;

const defined = (values: ReadonlyArray<string | undefined | null>): string[] =>
  values.filter((v): v is string => typeof v === "string" && v !== "");

/** Some wanted value equals some value the event has. */
const anyEqual = (wanted: readonly string[], have: readonly string[]) => wanted.some((w) => have.includes(w));
const anyEqualIgnoringCase = (wanted: readonly string[], have: readonly string[]) =>
  anyEqual(
    wanted.map((w) => w.toLowerCase()),
    have.map((h) => h.toLowerCase()),
  );

export function passesFilters(filters: RequestFilters | undefined, data: RequestData): boolean {
  if (filters === undefined) return true;
  return passesRequestLevel(filters, data) && passesGroupLevel(filters, data.access_groups ?? []);
}

function passesRequestLevel(f: RequestFilters, data: RequestData): boolean {
  if (restricts(f.accessFlows) && !anyEqual(f.accessFlows, defined([data.access_flow?.id, data.access_flow?.name]))) {
    return false;
  }
  if (restricts(f.bundles) && !anyEqual(f.bundles, defined([data.access_bundle?.id, data.access_bundle?.name]))) {
    return false;
  }
  if (restricts(f.requesters)) {
    const r = data.requester;
    // Ids and names are exact; e-mail addresses are case-insensitive in practice.
    const byIdOrName = anyEqual(f.requesters, defined([r?.id, r?.name]));
    const byEmail = anyEqualIgnoringCase(f.requesters, defined([r?.email]));
    if (!byIdOrName && !byEmail) return false;
  }
  return true;
}

function passesGroupLevel(f: RequestFilters, groups: readonly AccessGroup[]): boolean {
  const anyGroupList = [f.integrations, f.integrationTypes, f.resourceTypes, f.permissions].some(restricts);
  if (!anyGroupList) return true;
  return groups.some((g) => groupMatches(f, g));
}

function groupMatches(f: RequestFilters, group: AccessGroup): boolean {
  const units = group.access_units ?? [];
  if (restricts(f.integrations) && !anyEqual(f.integrations, defined([group.integration?.id, group.integration?.name]))) {
    return false;
  }
  if (restricts(f.integrationTypes) && !anyEqualIgnoringCase(f.integrationTypes, defined([group.integration?.type]))) {
    return false;
  }
  if (restricts(f.resourceTypes)) {
    const types = [...(group.resource_types ?? []), ...units.map((u) => u.resource?.type)];
    const have = defined(types.flatMap((t) => [t?.id, t?.name, t?.display_path]));
    if (!anyEqual(f.resourceTypes, have)) return false;
  }
  if (restricts(f.permissions)) {
    const have = defined(units.flatMap((u) => [u.permission?.id, u.permission?.name]));
    if (!anyEqual(f.permissions, have)) return false;
  }
  return true;
}
