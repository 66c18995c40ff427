"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createEngine = createEngine;
// Assembles the engine: the store, one HTTP client and one OAuth token cache
// shared by every attempt (and by the Test invocation, so a test leaves from the
// same network as deliveries), the worker, the file sources and retention.
const node_crypto_1 = require("node:crypto");
const node_os_1 = require("node:os");
const delivery_1 = require("../delivery");
const errors_1 = require("../errors");
const httpClient_1 = require("../http/httpClient");
const oauthTokens_1 = require("../http/oauthTokens");
const mockEvents_1 = require("../model/mockEvents");
const ingestBody_1 = require("./ingestBody");
const fileSource_1 = require("./sources/fileSource");
const sqliteStore_1 = require("./store/sqliteStore");
const worker_1 = require("./worker");
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_DRAIN_MS = 30_000;
/** Prepared (compiled) webhooks kept; old versions fall out as they stop being claimed. */
const PREPARED_CACHE_SIZE = 1000;
function openStore(config) {
    if (config.store === "sqlite")
        return (0, sqliteStore_1.openSqliteStore)({ dataDir: config.dataDir });
    throw new errors_1.WebhookError({
        code: "STORE_UNAVAILABLE",
        path: "store",
        message: "the PostgreSQL store is not available in this version; set store to sqlite",
    });
}
/** Builds the engine and opens its store; start() migrates and starts delivering. */
async function createEngine(options) {
    const { config, observer } = options;
    const now = options.now ?? Date.now;
    const store = openStore(config);
    let http;
    try {
        http = new httpClient_1.HttpClient({
            policy: { ...config.network, ...(config.tls.caFile === undefined ? {} : { caFile: config.tls.caFile }) },
        });
    }
    catch (e) {
        await store.close();
        throw e;
    }
    const oauth = new oauthTokens_1.OAuthTokenCache(http, { now });
    const deps = { http, oauth, now };
    const prepared = new Map();
    const preparedFor = (webhook) => {
        const key = `${webhook.id}@${webhook.version}`;
        let p = prepared.get(key);
        if (p === undefined) {
            p = (0, delivery_1.prepareWebhook)(webhook.config);
            if (prepared.size >= PREPARED_CACHE_SIZE)
                prepared.delete(prepared.keys().next().value);
            prepared.set(key, p);
        }
        return p;
    };
    const worker = new worker_1.Worker({
        store,
        owner: `${(0, node_os_1.hostname)()}:${process.pid}:${(0, node_crypto_1.randomUUID)().slice(0, 8)}`,
        concurrency: config.delivery.concurrency,
        perOriginConcurrency: config.delivery.perOriginConcurrency,
        leaseMs: config.delivery.leaseSeconds * 1000,
        maxAttempts: config.delivery.maxAttempts,
        backoff: config.delivery.backoff,
        observer,
        now,
        attempt: (d) => (0, delivery_1.deliverOnce)(preparedFor(d.webhook), d.event.payload, { deliveryId: d.id, attempt: d.attempts, isTest: false, eventId: d.eventId, webhookId: d.webhookId }, deps),
    });
    const sources = config.sources.map((source) => new fileSource_1.FileSource({
        source,
        store,
        observer,
        now,
        maxBatch: config.ingest.maxBatch,
        maxLineBytes: config.ingest.maxBodyBytes,
        onCommitted: (result) => {
            if (result.events.some((e) => e.deliveries > 0))
                worker.wake();
        },
    }));
    let state = "created";
    let retention;
    const purge = async () => {
        if (config.retention.days <= 0 || state !== "started")
            return;
        try {
            const removed = await store.purge(now() - config.retention.days * DAY_MS);
            if (removed.attempts + removed.deliveries + removed.events > 0) {
                observer.log("info", "retention: removed old deliveries, attempts and events", { ...removed, days: config.retention.days });
            }
        }
        catch (e) {
            observer.log("error", "retention: purge failed; trying again in an hour", { error: e.message });
        }
    };
    const afterIngest = (kind, result) => {
        const duplicates = result.events.filter((e) => e.duplicate).length;
        observer.eventsIngested(kind, result.events.length, duplicates);
        if (result.events.some((e) => e.deliveries > 0))
            worker.wake();
        return result;
    };
    const engine = {
        store,
        async ingest(kind, body) {
            const events = (0, ingestBody_1.eventsOfBody)(kind, body, { maxBatch: config.ingest.maxBatch });
            if (events.length === 0)
                return { events: [] };
            return afterIngest(kind, await store.ingestEvents(events, now()));
        },
        async invoke(webhookId, body) {
            const webhook = await store.getWebhook(webhookId);
            if (webhook === undefined)
                return undefined;
            // Validated as an event of the webhook's kind (a request event for request webhooks) and sent as given:
            // its event_type is not rewritten to Manual.
            const event = (0, ingestBody_1.parseOneEvent)(webhook.kind, body);
            const eventId = event.id ?? (0, node_crypto_1.randomUUID)();
            const invoked = await store.invokeWebhook(webhookId, { id: eventId, kind: webhook.kind, event }, now());
            if (invoked === undefined)
                return undefined;
            worker.wake();
            return { deliveryId: invoked.deliveryId, eventId };
        },
        async test(webhookConfig, testOptions = {}) {
            const event = testOptions.event === undefined
                ? (0, mockEvents_1.testEventOf)(webhookConfig.kind, testOptions.trigger)
                : (0, ingestBody_1.parseOneEvent)(webhookConfig.kind, testOptions.event, "event");
            return (0, delivery_1.deliverOnce)((0, delivery_1.prepareWebhook)(webhookConfig), event, { deliveryId: `test_${(0, node_crypto_1.randomUUID)()}`, attempt: 1, isTest: true, ...(event.id === undefined ? {} : { eventId: event.id }) }, deps);
        },
        registerWebhook: (webhookConfig) => store.createWebhook(webhookConfig, now()),
        updateWebhook: (id, webhookConfig) => store.updateWebhook(id, webhookConfig, now()),
        deleteWebhook: (id) => store.deleteWebhook(id, now()),
        async retry(deliveryId) {
            const requeued = await store.retryDelivery(deliveryId, now());
            if (requeued)
                worker.wake();
            return requeued;
        },
        async start() {
            if (state !== "created")
                throw new Error(`engine.start() called when the engine is ${state}`);
            await store.migrate();
            state = "started";
            worker.start();
            await Promise.all(sources.map((s) => s.start()));
            if (config.retention.days > 0) {
                retention = setInterval(() => void purge(), HOUR_MS);
                retention.unref();
                setImmediate(() => void purge());
            }
        },
        async stop(stopOptions = {}) {
            if (state === "stopped")
                return;
            const wasStarted = state === "started";
            state = "stopped";
            if (retention !== undefined)
                clearInterval(retention);
            await Promise.all(sources.map((s) => s.stop()));
            if (wasStarted) {
                const drained = await worker.stop(stopOptions.drainMs ?? DEFAULT_DRAIN_MS);
                if (!drained) {
                    observer.log("warn", "stopping with delivery attempts still in flight; they are sent again after their leases expire", {
                        inFlight: worker.busy,
                    });
                }
            }
            // Pool.close waits for requests still running; after a drain timeout those are abandoned, not awaited.
            const closing = http.close().catch(() => undefined);
            if (worker.busy === 0)
                await closing;
            await store.close();
        },
    };
    return engine;
}
