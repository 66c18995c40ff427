// The per-process caches of checked and compiled templates: one `pulumi up` meets the same template
// several times (the provider's check and create, the runtime's Test invocation and registration) and a
// program's webhooks often share one, while the result depends only on the source (and the kind).
import { LruMap } from "../lruMap";
import { MAX_TEMPLATE_BYTES } from "./templateLimits";

/**
 * Templates each cache keeps, most recently used first; only sources within MAX_TEMPLATE_BYTES characters
 * are kept, so a cache holds at most 32 × 64 K characters of source (a few KB for real webhook bodies).
 */
export const TEMPLATE_CACHE_ENTRIES = 32;

export class TemplateCache<V> {
  private readonly kept = new LruMap<string, V>(TEMPLATE_CACHE_ENTRIES);

  /** The value kept under `key`, else `make()` — kept when `source` is small enough (larger ones are refused anyway). */
  get(key: string, source: string, make: () => V): V {
    let value = this.kept.get(key);
    if (value === undefined) {
      value = make();
      if (source.length <= MAX_TEMPLATE_BYTES) this.kept.set(key, value);
    }
    return value;
  }
}
