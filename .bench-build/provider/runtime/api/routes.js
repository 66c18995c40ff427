"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.matchRoute = matchRoute;
exports.shownId = shownId;
/** The first route whose path matches (list literal paths before parameter ones), with its parameters. */
function matchRoute(routes, pathname) {
    const parts = pathname.split("/");
    for (const route of routes) {
        const pattern = route.path.split("/");
        if (pattern.length !== parts.length)
            continue;
        const params = {};
        const ok = pattern.every((p, i) => {
            if (p.startsWith("{") && p.endsWith("}")) {
                if (parts[i] === "")
                    return false;
                params[p.slice(1, -1)] = safeDecode(parts[i]);
                return true;
            }
            return p === parts[i];
        });
        if (ok)
            return { route, params };
    }
    return undefined;
}
function safeDecode(segment) {
    try {
        return decodeURIComponent(segment);
    }
    catch {
        return segment;
    }
}
/** An id as an error message may quote it: short, and only when it looks like an id. */
function shownId(id) {
    return /^[A-Za-z0-9_.:-]{1,80}$/.test(id) ? id : "(the given id)";
}
