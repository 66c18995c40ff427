// The live webhooks' current versions, kept in memory so fan-out at ingest does
// not query for every event. Correct because every registration write goes
// through the same store (one connection), which updates it after each commit.
import type { EventKind } from "../../model/events";
import type { WebhookConfig } from "../../model/webhookConfig";

export interface LiveWebhook {
  id: string;
  version: number;
  config: WebhookConfig;
  origin: string;
}

/** scheme://host[:port] of the target URL: the unit of per-origin concurrency. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    // Registered configs are validated; this only keeps a hand-built one from breaking ingest.
    return url;
  }
}

export class LiveWebhooks {
  private readonly byId = new Map<string, LiveWebhook>();
  private byKind: Record<EventKind, LiveWebhook[]> = { audit: [], request: [] };

  set(id: string, version: number, config: WebhookConfig): void {
    this.byId.set(id, { id, version, config, origin: originOf(config.url) });
    this.reindex();
  }

  delete(id: string): void {
    if (this.byId.delete(id)) this.reindex();
  }

  clear(): void {
    this.byId.clear();
    this.reindex();
  }

  get(id: string): LiveWebhook | undefined {
    return this.byId.get(id);
  }

  /** Active webhooks of a kind, oldest registration first. */
  ofKind(kind: EventKind): readonly LiveWebhook[] {
    return this.byKind[kind];
  }

  private reindex(): void {
    const next: Record<EventKind, LiveWebhook[]> = { audit: [], request: [] };
    for (const w of this.byId.values()) if (w.config.active) next[w.config.kind].push(w);
    this.byKind = next;
  }
}
