// How deep a parsed JSON or YAML value nests, measured without recursion so a
// hostile value cannot overflow the stack here. The code that walks values
// afterwards (validation, masking, JSON.stringify in the store) is recursive,
// and a body of 10,000 `[` parses fine but overflows it: callers refuse values
// that nest deeper than they can ever need before handing them on.

interface Frame {
  value: unknown;
  key: PropertyKey;
  parent: Frame | undefined;
  depth: number;
}

/** The path of the first value more than `limit` levels below `value` (its children are level 1), or undefined. */
export function tooDeepAt(value: unknown, limit: number): PropertyKey[] | undefined {
  const stack: Frame[] = [{ value, key: "", parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > limit) return pathOf(frame);
    const v = frame.value;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: frame, depth: frame.depth + 1 });
    } else if (typeof v === "object" && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({ value: entries[i][1], key: entries[i][0], parent: frame, depth: frame.depth + 1 });
      }
    }
  }
  return undefined;
}

function pathOf(frame: Frame): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) out.push(f.key);
  return out.reverse();
}
