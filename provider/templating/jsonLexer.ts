// A JSON lexer over the literal text of a template, nested once per level of
// JSON-in-JSON. Level 0 reads the body. While a JSON-mode level is inside a
// string literal, the DECODED characters of that string (`\"` → `"`, `\\` → `\`,
// `\uXXXX` → the character) feed the next level. A level starts "pending" and
// becomes JSON when its text starts (after whitespace) with `{` or `[`, else
// plain text, which is not lexed further. Only lexical state is tracked
// (strings and escapes); structure errors are left to JSON.parse of the result.

/** Where a string literal opens: the raw template text right after its opening quote. */
export interface RawPoint<N> {
  node: N;
  offset: number;
}

/** A string literal of the template, at any level; its decoded text may itself be JSON. */
export interface StringLiteral<N> {
  readonly id: number;
  readonly level: number;
  readonly at: RawPoint<N>;
  /** Set when the text inside is JSON with a string literal of its own: embedded JSON (JSON-in-JSON). */
  hasInnerString: boolean;
}

interface Level<N> {
  mode: "pending" | "json" | "text";
  inString: boolean;
  /** 0: none; 1: after a backslash; 2 and up: inside a `\uXXXX` escape. */
  escape: number;
  hex: string;
  /** The string literal, one level up, whose decoded text this level reads (absent for the body). */
  literal?: StringLiteral<N>;
}

/** How a placeholder at the current position is rendered. */
export type Placement<N> =
  | { kind: "text"; depth: number }
  | { kind: "json"; depth: number }
  /** Outside strings inside a JSON-mode string: a JSON value if that string is embedded JSON, else text. */
  | { kind: "deferred"; depth: number; literal: StringLiteral<N> }
  | { kind: "escape"; depth: number };

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export class JsonLexer<N> {
  private constructor(
    private levels: Level<N>[],
    /** Shared by clones, so literals opened inside a block body are seen by the caller. */
    readonly literals: StringLiteral<N>[],
  ) {}

  static start<N>(): JsonLexer<N> {
    return new JsonLexer<N>([{ mode: "json", inString: false, escape: 0, hex: "" }], []);
  }

  clone(): JsonLexer<N> {
    return new JsonLexer(
      this.levels.map((l) => ({ ...l })),
      this.literals,
    );
  }

  /** Feeds one raw character of the template; `after` is the raw position just after it. */
  feed(ch: string, after: RawPoint<N>): void {
    this.process(0, ch, after);
  }

  placement(): Placement<N> {
    const depth = this.levels.length - 1;
    if (this.levels.some((l) => l.escape !== 0)) return { kind: "escape", depth };
    const inner = this.levels[depth];
    if (inner.mode !== "json") return { kind: "text", depth };
    if (depth === 0) return { kind: "json", depth };
    return { kind: "deferred", depth, literal: inner.literal as StringLiteral<N> };
  }

  /** A placeholder or block at the start of a string decides that its text is not JSON. */
  settlePending(): void {
    const inner = this.levels[this.levels.length - 1];
    if (inner.mode === "pending") inner.mode = "text";
  }

  inEscape(): boolean {
    return this.levels.some((l) => l.escape !== 0);
  }

  /** The lexical state, for comparing where a block body ends with where it starts. */
  key(): string {
    return this.levels
      .map((l) => `${l.mode}:${l.inString ? "s" : "-"}:${l.escape}:${l.literal?.id ?? ""}`)
      .join("/");
  }

  /** The state in words, for messages. */
  describe(): string {
    const strings = this.levels.filter((l) => l.inString).length;
    const where =
      strings === 0 ? "outside any JSON string" : strings === 1 ? "inside a JSON string" : `inside a JSON string nested ${strings} deep`;
    return this.inEscape() ? `${where}, in the middle of an escape sequence` : where;
  }

  private process(i: number, ch: string, after: RawPoint<N>): void {
    const level = this.levels[i];
    if (level.mode === "text") return;
    if (level.mode === "pending") {
      if (/\s/.test(ch)) return;
      level.mode = ch === "{" || ch === "[" ? "json" : "text";
      if (level.mode === "text") return;
    }
    if (!level.inString) {
      if (ch === '"') {
        level.inString = true;
        if (level.literal) level.literal.hasInnerString = true;
        const literal: StringLiteral<N> = { id: this.literals.length, level: i, at: after, hasInnerString: false };
        this.literals.push(literal);
        this.levels.length = i + 1;
        this.levels.push({ mode: "pending", inString: false, escape: 0, hex: "", literal });
      }
      return;
    }
    if (level.escape === 0) {
      if (ch === "\\") level.escape = 1;
      else if (ch === '"') {
        level.inString = false;
        this.levels.length = i + 1;
      } else this.process(i + 1, ch, after);
      return;
    }
    if (level.escape === 1) {
      if (ch === "u") {
        level.escape = 2;
        level.hex = "";
        return;
      }
      level.escape = 0;
      // An invalid escape is reported by JSON.parse of the rendered body; pass the character on.
      this.process(i + 1, SIMPLE_ESCAPES[ch] ?? ch, after);
      return;
    }
    if (!/[0-9a-fA-F]/.test(ch)) {
      level.escape = 0;
      return;
    }
    level.hex += ch;
    level.escape++;
    if (level.hex.length === 4) {
      level.escape = 0;
      this.process(i + 1, String.fromCharCode(parseInt(level.hex, 16)), after);
    }
  }
}
