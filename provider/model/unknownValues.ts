// Pulumi preview passes a sentinel string for values computed later (an output
// of another resource). A rule cannot judge such a value yet, so the problems
// found at or below it are dropped instead of failing the preview.

/** The path of every value equal to the sentinel, at any depth. */
export function unknownValuePaths(input: unknown, sentinel: string): PropertyKey[][] {
  const out: PropertyKey[][] = [];
  const walk = (v: unknown, path: PropertyKey[]) => {
    if (v === sentinel) {
      out.push(path);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, i]));
    } else if (typeof v === "object" && v !== null) {
      for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
    }
  };
  walk(input, []);
  return out;
}

/** Whether `path` is `prefix` or lies below it. */
export function isUnder(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}
