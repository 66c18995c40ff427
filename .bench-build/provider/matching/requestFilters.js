"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.passesFilters = passesFilters;
const restricts = (list) => list !== undefined && list.length > 0;
const defined = (values) => values.filter((v) => typeof v === "string" && v !== "");
/** Some wanted value equals some value the event has. */
const anyEqual = (wanted, have) => wanted.some((w) => have.includes(w));
const anyEqualIgnoringCase = (wanted, have) => anyEqual(wanted.map((w) => w.toLowerCase()), have.map((h) => h.toLowerCase()));
function passesFilters(filters, data) {
    if (filters === undefined)
        return true;
    return passesRequestLevel(filters, data) && passesGroupLevel(filters, data.access_groups ?? []);
}
function passesRequestLevel(f, data) {
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
        if (!byIdOrName && !byEmail)
            return false;
    }
    return true;
}
function passesGroupLevel(f, groups) {
    const anyGroupList = [f.integrations, f.integrationTypes, f.resourceTypes, f.permissions].some(restricts);
    if (!anyGroupList)
        return true;
    return groups.some((g) => groupMatches(f, g));
}
function groupMatches(f, group) {
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
        if (!anyEqual(f.resourceTypes, have))
            return false;
    }
    if (restricts(f.permissions)) {
        const have = defined(units.flatMap((u) => [u.permission?.id, u.permission?.name]));
        if (!anyEqual(f.permissions, have))
            return false;
    }
    return true;
}
