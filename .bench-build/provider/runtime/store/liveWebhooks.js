"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LiveWebhooks = void 0;
exports.originOf = originOf;
/** scheme://host[:port] of the target URL: the unit of per-origin concurrency. */
function originOf(url) {
    try {
        return new URL(url).origin;
    }
    catch {
        // Registered configs are validated; this only keeps a hand-built one from breaking ingest.
        return url;
    }
}
class LiveWebhooks {
    byId = new Map();
    byKind = { audit: [], request: [] };
    set(id, version, config) {
        this.byId.set(id, { id, version, config, origin: originOf(config.url) });
        this.reindex();
    }
    delete(id) {
        if (this.byId.delete(id))
            this.reindex();
    }
    clear() {
        this.byId.clear();
        this.reindex();
    }
    get(id) {
        return this.byId.get(id);
    }
    /** Active webhooks of a kind, oldest registration first. */
    ofKind(kind) {
        return this.byKind[kind];
    }
    reindex() {
        const next = { audit: [], request: [] };
        for (const w of this.byId.values())
            if (w.config.active)
                next[w.config.kind].push(w);
        this.byKind = next;
    }
}
exports.LiveWebhooks = LiveWebhooks;
