// A Map with a size cap that drops its least recently used entry, for the
// per-origin pools, OAuth tokens and DNS answers a long-running runtime would
// otherwise keep forever (one entry per origin ever seen), and the checked and
// compiled templates (provider/templating).
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(
    private readonly maxEntries: number,
    /** Called for every entry that leaves by the cap or a sweep (not by delete or clear). */
    private readonly onEvict: (value: V, key: K) => void = () => undefined,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    for (const [oldKey, oldValue] of this.map) {
      if (this.map.size <= this.maxEntries) break;
      this.map.delete(oldKey);
      this.onEvict(oldValue, oldKey);
    }
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  /** Evicts every entry `stale` says is no longer worth keeping. */
  sweep(stale: (value: V, key: K) => boolean): void {
    for (const [key, value] of this.map) {
      if (!stale(value, key)) continue;
      this.map.delete(key);
      this.onEvict(value, key);
    }
  }

  values(): V[] {
    return [...this.map.values()];
  }

  clear(): void {
    this.map.clear();
  }
}
