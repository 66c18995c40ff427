// Positions in the template source, as people count them: line and column
// both start at 1 (Handlebars counts columns from 0).
import type { ContentStatement, SourceLocation } from "./ast";

export interface Position {
  line: number;
  column: number;
}

export function formatPosition(at: Position): string {
  return `line ${at.line}, column ${at.column}`;
}

export function startOf(loc: SourceLocation): Position {
  return { line: loc.start.line, column: loc.start.column + 1 };
}

/** The position of `value[offset]` of a content statement, mapped back through whitespace control. */
export function positionInContent(node: ContentStatement, offset: number): Position {
  const original = typeof node.original === "string" ? node.original : node.value;
  // Whitespace control only trims whitespace from the ends, so the leading trim is the shift.
  const shift = Math.max(0, leadingSpace(original) - leadingSpace(node.value));
  let { line, column } = startOf(node.loc);
  const end = Math.min(original.length, shift + offset);
  for (let i = 0; i < end; i++) {
    if (original[i] === "\n") {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/** Line and column (1-based) of an offset in any text, e.g. a rendered body. */
export function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The source text a node was parsed from, e.g. a reference exactly as the user wrote it. */
export function sourceOf(source: string, loc: SourceLocation): string {
  const lines = source.split("\n");
  const offset = (p: { line: number; column: number }) =>
    lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column;
  return source.slice(offset(loc.start), offset(loc.end));
}

function leadingSpace(s: string): number {
  return s.length - s.replace(/^\s+/, "").length;
}
