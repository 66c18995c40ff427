// LISTEN on a dedicated connection (a pooled one would be handed to other work
// and its LISTEN lost). When the connection fails it reconnects with capped
// backoff, and reports each reconnect: notifications sent while it was away are
// lost, so whoever relies on them looks again.
import type { Client, Notification } from "pg";

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5000;

export interface PostgresListenerOptions {
  /** A new, unconnected client for each (re)connect. */
  newClient(): Client;
  /** Channel names: fixed identifiers of our own (they are written into LISTEN as they are). */
  channels: readonly string[];
  onNotification(channel: string, payload: string): void;
  /** After a reconnect (not the first connect): notifications may have been missed. */
  onReconnect(): void;
}

export class PostgresListener {
  private client: Client | undefined;
  private readonly failed = new WeakSet<Client>();
  private backoffMs = FIRST_BACKOFF_MS;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** A connection failed or was lost since the listener started: the next success is a reconnect. */
  private interrupted = false;

  constructor(private readonly options: PostgresListenerOptions) {}

  /** Connects once; resolves whether or not that worked (a failure keeps retrying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Whether LISTEN is in place now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      this.failed.add(client);
      await client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = this.options.newClient();
    // Without an error listener a dropped connection would crash the process.
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    client.on("notification", (n: Notification) => {
      if (!this.failed.has(client)) this.options.onNotification(n.channel, n.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(this.options.channels.map((c) => `LISTEN ${c}`).join("; "));
    } catch {
      this.lost(client);
      return;
    }
    if (this.stopped || this.failed.has(client)) {
      this.failed.add(client);
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = FIRST_BACKOFF_MS;
    if (this.interrupted) this.options.onReconnect();
  }

  private lost(client: Client): void {
    if (this.failed.has(client)) return;
    this.failed.add(client);
    if (this.client === client) this.client = undefined;
    this.interrupted = true;
    client.end().catch(() => undefined);
    if (this.stopped || this.timer !== undefined) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
    // A store that is never closed must not keep the process alive through this timer alone.
    this.timer.unref();
  }
}
