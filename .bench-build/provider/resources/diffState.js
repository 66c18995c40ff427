"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.diffState = diffState;
exports.sameValue = sameValue;
const resourceState_1 = require("./resourceState");
const secretValues_1 = require("./secretValues");
/** Fields that configure the provider's own steps, not the registration: changing them alone updates nothing. */
const PROVIDER_ONLY_FIELDS = ["testBeforeApply"];
/**
 * @param olds the state (outputs) of the last create/update/read
 * @param news the inputs `check` returned
 * @param currentRuntimeUrl the runtime configured now; undefined when not configured (then no replace is judged)
 */
function diffState(kind, olds, news, currentRuntimeUrl) {
    const before = (0, resourceState_1.fieldsOf)(kind, olds);
    const after = (0, resourceState_1.fieldsOf)(kind, news);
    const changed = Object.keys({ ...before, ...after }).filter((f) => !PROVIDER_ONLY_FIELDS.includes(f) && !sameValue(before[f], after[f]));
    const oldRuntime = (0, resourceState_1.outputsOf)(olds).runtimeUrl;
    const moved = oldRuntime !== undefined && currentRuntimeUrl !== undefined && oldRuntime !== currentRuntimeUrl;
    const replaces = moved ? ["runtimeUrl"] : [];
    // An unknown name may turn out equal, so it is treated as the same name.
    const sameName = after.name === secretValues_1.UNKNOWN || sameValue(before.name, after.name);
    return { changes: changed.length > 0 || moved, replaces, deleteBeforeReplace: moved && sameName };
}
/** Deep equality of JSON values; object key order does not matter, an absent key equals undefined. */
function sameValue(a, b) {
    if (a === b)
        return true;
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
    }
    if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
        const ra = a;
        const rb = b;
        const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
        return [...keys].every((k) => sameValue(ra[k], rb[k]));
    }
    return false;
}
