// How deep a JSON or YAML value nests, measured without recursion so a hostile
// value cannot overflow the stack here. The code that walks values afterwards
// (validation, masking, JSON.stringify in the store) is recursive, and a body of
// 10,000 `[` parses fine but overflows it: callers refuse values that nest
// deeper than they can ever need before handing them on.
//
// Both checks are cheap on wide documents (issue 13: a 300,000-key event cost
// ~85 MB with a frame per key): the text scan allocates nothing, and the value
// walk keeps a frame per object or array only, never per scalar.

interface Frame {
  value: object;
  key: PropertyKey;
  parent: Frame | undefined;
  depth: number;
}

/** The path of the first value more than `limit` levels below `value` (its children are level 1), or undefined. */
export function tooDeepAt(value: unknown, limit: number): PropertyKey[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const stack: Frame[] = [{ value, key: "", parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value as Record<string, unknown>;
    const childDepth = frame.depth + 1;
    const visit = (child: unknown, key: PropertyKey): PropertyKey[] | undefined => {
      if (typeof child !== "object" || child === null) return childDepth > limit ? pathOf({ value: {}, key, parent: frame, depth: childDepth }) : undefined;
      const f: Frame = { value: child, key, parent: frame, depth: childDepth };
      if (childDepth > limit) return pathOf(f);
      stack.push(f);
      return undefined;
    };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const deep = visit(v[i], i);
        if (deep !== undefined) return deep;
      }
    } else {
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        const deep = visit(v[key], key);
        if (deep !== undefined) return deep;
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Where JSON text opens its `limit + 1`-th level of arrays or objects (a character index), or undefined.
 * Brackets inside strings do not count. Run before JSON.parse, so a too-deep document is never built;
 * invalid JSON is JSON.parse's to report.
 */
export function jsonTextTooDeepAt(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the string's closing quote (indexOf is much faster than a loop over a long string):
      // a quote is escaped when an odd number of backslashes precede it.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end === -1) return undefined;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
        i = end;
        if (slashes % 2 === 0) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > limit) return i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return undefined;
}
