// The contract between the runtime's engine (store, worker, sources, ingest) and
// its surface (HTTP API, metrics, logs, CLI). The engine knows nothing of HTTP;
// the surface knows nothing of SQL.
import type { InvocationRecord } from "../delivery/deliverOnce";
import type { EventKind, RequestTrigger } from "../model/events";
import type { ManagedBy } from "../model/managedBy";
import type { RuntimeConfig } from "../model/runtimeConfig";
import type { WebhookConfig } from "../model/webhookConfig";
import type { IngestResult, Store, WebhookRecord } from "./store/store";

/** What the engine reports as it works; the surface turns it into metrics and JSON logs. */
export interface EngineObserver {
  eventsIngested(kind: EventKind, count: number, duplicates: number): void;
  attemptFinished(record: InvocationRecord, status: "delivered" | "retrying" | "dead"): void;
  log(level: "debug" | "info" | "warn" | "error", message: string, fields?: Record<string, unknown>): void;
}

export interface Engine {
  readonly store: Store;
  /**
   * Validates one event or `{events: [...]}` (all-or-nothing), assigns ids to events without one, commits.
   * Throws WebhookError: EVENT_INVALID with the path (`events[3].data.id` in a batch), EVENT_BATCH_TOO_LARGE.
   */
  ingest(kind: EventKind, body: unknown): Promise<IngestResult>;
  /** Manual trigger: validates a request event and delivers it to this webhook alone; undefined when unknown. */
  invoke(webhookId: string, body: unknown): Promise<{ deliveryId: string; eventId: string } | undefined>;
  /** The Test invocation of an unsaved config: one real attempt with the kind's mock event (or the given one). */
  test(config: WebhookConfig, options?: { event?: unknown; trigger?: RequestTrigger }): Promise<InvocationRecord>;
  /** `managedBy`: the Pulumi resource registering it (a name it already holds is taken over: Store.createWebhook). */
  registerWebhook(config: WebhookConfig, managedBy?: ManagedBy): Promise<WebhookRecord>;
  updateWebhook(id: string, config: WebhookConfig, managedBy?: ManagedBy): Promise<WebhookRecord | undefined>;
  deleteWebhook(id: string): Promise<boolean>;
  /** Re-queues a dead delivery, due now, and wakes the workers. */
  retry(deliveryId: string): Promise<boolean>;
  /** Runs migrations, then starts the workers, the file sources and retention. */
  start(): Promise<void>;
  /** Stops claiming, finishes in-flight attempts (up to drainMs), stops sources, closes the store. */
  stop(options?: { drainMs?: number }): Promise<void>;
}

export interface EngineOptions {
  config: RuntimeConfig;
  observer: EngineObserver;
  /** Clock in ms; tests inject one. */
  now?: () => number;
}
