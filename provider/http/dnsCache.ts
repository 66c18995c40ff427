// A small DNS cache in front of dns.lookup, so a backlog of deliveries to one host
// does one lookup per TTL instead of one per attempt. It caches the raw answer
// only: the address rules (networkPolicy) are applied by the caller to every
// address on every connect. Concurrent lookups of one name share one query.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { LruMap } from "../lruMap";

export interface DnsCacheOptions {
  /** How long an answer is reused; getaddrinfo gives no TTL, so this bounds staleness. Default 30 s. */
  ttlMs?: number;
  /** How long a failed lookup (ENOTFOUND, EAI_AGAIN…) is remembered. Default 2 s. */
  negativeTtlMs?: number;
  /** Names kept; the least recently used goes first. Default 1000. */
  maxEntries?: number;
  now?: () => number;
  /** The resolver (default dns.lookup with all: true). */
  resolve?: (hostname: string, family: number, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
}

type Answer = { err: NodeJS.ErrnoException | null; addresses: LookupAddress[] };
type Callback = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;

interface Entry {
  answer?: Answer;
  expiresAt: number;
  waiting?: Callback[];
}

const defaultResolve: NonNullable<DnsCacheOptions["resolve"]> = (hostname, family, callback) =>
  dnsLookup(hostname, { family, all: true }, callback);

/** Errors that say nothing about the name (the runtime's own resources): never cached. */
const LOCAL = new Set(["EMFILE", "ENFILE", "ENOBUFS", "ENOMEM"]);

export class DnsCache {
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly now: () => number;
  private readonly resolve: NonNullable<DnsCacheOptions["resolve"]>;
  private readonly entries: LruMap<string, Entry>;

  constructor(options: DnsCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 2_000;
    this.now = options.now ?? Date.now;
    this.resolve = options.resolve ?? defaultResolve;
    this.entries = new LruMap(options.maxEntries ?? 1000);
  }

  get size(): number {
    return this.entries.size;
  }

  /** All addresses of `hostname` (family 0: both); always calls back asynchronously. */
  lookup(hostname: string, family: number, callback: Callback): void {
    const key = `${family}/${hostname.toLowerCase()}`;
    const entry = this.entries.get(key);
    if (entry?.waiting) {
      entry.waiting.push(callback);
      return;
    }
    if (entry?.answer && this.now() < entry.expiresAt) {
      const { err, addresses } = entry.answer;
      process.nextTick(callback, err, addresses);
      return;
    }
    const pending: Entry = { expiresAt: 0, waiting: [callback] };
    this.entries.set(key, pending);
    this.resolve(hostname, family, (err, addresses) => {
      const waiting = pending.waiting ?? [];
      pending.waiting = undefined;
      if (err && LOCAL.has(err.code ?? "")) {
        this.entries.delete(key);
      } else {
        pending.answer = { err, addresses };
        pending.expiresAt = this.now() + (err ? this.negativeTtlMs : this.ttlMs);
      }
      for (const cb of waiting) cb(err, addresses);
    });
  }
}
