// How a placeholder's value becomes text at its place in the JSON body. The
// place is decided statically (see jsonContext.ts): `depth` is how many JSON
// string literals enclose it, `asJson` whether it stands where a JSON value goes.

/** Escapes text for the inside of a JSON string, `depth` times (once per enclosing string literal). */
export function escapeForStrings(text: string, depth: number): string {
  let out = text;
  // JSON.stringify also escapes lone surrogates (\udXXX), so the result is always valid JSON text.
  for (let i = 0; i < depth; i++) out = JSON.stringify(out).slice(1, -1);
  return out;
}

/** A value as text inside a string: strings as they are, objects and arrays as compact JSON, missing as "". */
export function textOf(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      return value === null ? "" : (JSON.stringify(value) ?? "");
    default:
      return "";
  }
}

/** A value as a JSON value: strings quoted, objects and arrays as JSON, missing (or not representable) as null. */
export function jsonOf(value: unknown): string {
  switch (typeof value) {
    case "bigint":
      return String(value);
    case "string":
    case "number":
    case "boolean":
    case "object":
      return JSON.stringify(value) ?? "null";
    default:
      return "null";
  }
}

export function renderPlaceholder(value: unknown, depth: number, asJson: boolean): string {
  return escapeForStrings(asJson ? jsonOf(value) : textOf(value), depth);
}
