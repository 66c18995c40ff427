// Assembles the engine: the store, one HTTP client and one OAuth token cache
// shared by every attempt (and by the Test invocation, so a test leaves from the
// same network as deliveries), the worker, the file sources and retention.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { deliverOnce, prepareWebhook, type InvocationRecord, type PreparedWebhook } from "../delivery";
import { HttpClient } from "../http/httpClient";
import { OAuthTokenCache } from "../http/oauthTokens";
import type { EventKind, RequestTrigger } from "../model/events";
import { testEventFor } from "../model/testEvent";
import type { RuntimeConfig } from "../model/runtimeConfig";
import type { WebhookConfig } from "../model/webhookConfig";
import type { Engine, EngineOptions } from "./engine";
import { WebhookError, isWebhookError } from "../errors";
import { eventsOfBody, isBatch, parseOneEvent } from "./ingestBody";
import { FileSource } from "./sources/fileSource";
import type { Keyring } from "./secrets/keyring";
import { loadKeyring } from "./secrets/loadKeyring";
import { openPostgresStore } from "./store/postgresStore";
import { openSqliteStore } from "./store/sqliteStore";
import type { ClaimedDelivery, IngestResult, Store, WebhookRecord } from "./store/store";
import { Worker } from "./worker";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_DRAIN_MS = 30_000;
/** Prepared (compiled) webhooks kept; old versions fall out as they stop being claimed. */
const PREPARED_CACHE_SIZE = 1000;

/** The configured store, sealing secrets with `keyring`. */
export function openStore(config: RuntimeConfig, keyring: Keyring): Store {
  if (config.store === "sqlite") return openSqliteStore({ dataDir: config.dataDir, keyring });
  // Several nodes may share this database; each is a full runtime (API, workers, sources).
  return openPostgresStore({ url: config.store, keyring });
}

/** Builds the engine and opens its store; start() migrates and starts delivering. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { config, observer } = options;
  const now = options.now ?? Date.now;
  const keys = loadKeyring(config);
  // Said once, like generated tokens: the key file must be backed up with the data.
  if (keys.generated) observer.log("info", "encryption key generated", { file: keys.file, keyId: keys.keyring.primaryId });
  const store = openStore(config, keys.keyring);
  let http: HttpClient;
  try {
    http = new HttpClient({
      policy: { ...config.network, ...(config.tls.caFile === undefined ? {} : { caFile: config.tls.caFile }) },
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const oauth = new OAuthTokenCache(http, { now });
  const deps = { http, oauth, now };

  const prepared = new Map<string, PreparedWebhook>();
  const preparedFor = (webhook: ClaimedDelivery["webhook"]): PreparedWebhook => {
    const key = `${webhook.id}@${webhook.version}`;
    let p = prepared.get(key);
    if (p === undefined) {
      p = prepareWebhook(webhook.config);
      if (prepared.size >= PREPARED_CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
      prepared.set(key, p);
    }
    return p;
  };

  const worker = new Worker({
    store,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    concurrency: config.delivery.concurrency,
    perOriginConcurrency: config.delivery.perOriginConcurrency,
    leaseMs: config.delivery.leaseSeconds * 1000,
    maxAttempts: config.delivery.maxAttempts,
    backoff: config.delivery.backoff,
    observer,
    now,
    attempt: (d, signal) =>
      deliverOnce(
        preparedFor(d.webhook),
        d.event.payload,
        { deliveryId: d.id, attempt: d.attempts + 1, isTest: false, eventId: d.eventId, webhookId: d.webhookId, signal },
        deps,
      ),
  });

  const sources = config.sources.map(
    (source) =>
      new FileSource({
        source,
        store,
        observer,
        now,
        maxBatch: config.ingest.maxBatch,
        maxLineBytes: config.ingest.maxBodyBytes,
        onCommitted: (result) => {
          if (result.events.some((e) => e.deliveries > 0)) worker.wake();
        },
      }),
  );

  let state: "created" | "started" | "stopped" = "created";
  let retention: NodeJS.Timeout | undefined;
  let unsubscribeWake: (() => void) | undefined;

  const purge = async (): Promise<void> => {
    if (config.retention.days <= 0 || state !== "started") return;
    try {
      const removed = await store.purge(now() - config.retention.days * DAY_MS);
      if (removed.attempts + removed.deliveries + removed.events > 0) {
        observer.log("info", "retention: removed old deliveries, attempts and events", { ...removed, days: config.retention.days });
      }
    } catch (e) {
      observer.log("error", "retention: purge failed; trying again in an hour", { error: (e as Error).message });
    }
  };

  const afterIngest = (kind: EventKind, result: IngestResult): IngestResult => {
    const duplicates = result.events.filter((e) => e.duplicate).length;
    observer.eventsIngested(kind, result.events.length, duplicates);
    if (result.events.some((e) => e.deliveries > 0)) worker.wake();
    return result;
  };

  const engine: Engine = {
    store,

    async ingest(kind, body) {
      const events = eventsOfBody(kind, body, { maxBatch: config.ingest.maxBatch });
      if (events.length === 0) return { events: [] };
      try {
        return afterIngest(kind, await store.ingestEvents(events, now()));
      } catch (e) {
        // The store names `events[i].id`; a body that is one event has just `id`.
        if (!isWebhookError(e) || e.code !== "EVENT_ID_CONFLICT" || isBatch(body)) throw e;
        throw new WebhookError({ code: e.code, path: "id", message: e.message });
      }
    },

    async invoke(webhookId, body) {
      const webhook = await store.getWebhook(webhookId);
      if (webhook === undefined) return undefined;
      // Validated as an event of the webhook's kind (a request event for request webhooks) and sent as given:
      // its event_type is not rewritten to Manual.
      const event = parseOneEvent(webhook.kind, body);
      const eventId = event.id ?? randomUUID();
      const invoked = await store.invokeWebhook(webhookId, { id: eventId, kind: webhook.kind, event }, now());
      if (invoked === undefined) return undefined;
      worker.wake();
      return { deliveryId: invoked.deliveryId, eventId };
    },

    async test(webhookConfig: WebhookConfig, testOptions: { event?: unknown; trigger?: RequestTrigger } = {}): Promise<InvocationRecord> {
      const event =
        testOptions.event === undefined
          ? testEventFor(webhookConfig, testOptions.trigger)
          : parseOneEvent(webhookConfig.kind, testOptions.event, "event");
      return deliverOnce(
        prepareWebhook(webhookConfig),
        event,
        { deliveryId: `test_${randomUUID()}`, attempt: 1, isTest: true, ...(event.id === undefined ? {} : { eventId: event.id }) },
        deps,
      );
    },

    registerWebhook: (webhookConfig, managedBy): Promise<WebhookRecord> => store.createWebhook(webhookConfig, now(), managedBy),
    updateWebhook: (id, webhookConfig, managedBy) => store.updateWebhook(id, webhookConfig, now(), managedBy),
    deleteWebhook: (id) => store.deleteWebhook(id, now()),

    async retry(deliveryId) {
      const requeued = await store.retryDelivery(deliveryId, now());
      if (requeued) worker.wake();
      return requeued;
    },

    async start() {
      if (state !== "created") throw new Error(`engine.start() called when the engine is ${state}`);
      await store.migrate();
      state = "started";
      worker.start();
      // Another node's commits (PostgreSQL NOTIFY) wake this node's worker; polling stays the fallback.
      unsubscribeWake = store.onWake?.(() => worker.wake());
      await Promise.all(sources.map((s) => s.start()));
      if (config.retention.days > 0) {
        retention = setInterval(() => void purge(), HOUR_MS);
        retention.unref();
        setImmediate(() => void purge());
      }
    },

    async stop(stopOptions = {}) {
      if (state === "stopped") return;
      const wasStarted = state === "started";
      state = "stopped";
      if (retention !== undefined) clearInterval(retention);
      unsubscribeWake?.();
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
      if (worker.busy === 0) await closing;
      await store.close();
    },
  };
  return engine;
}
