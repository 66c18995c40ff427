// Parsing, with Handlebars' parse errors turned into TEMPLATE_SYNTAX errors
// that give the line and column and say what to change.
import type { Program } from "./ast";
import { lastToken, parseSource } from "./environment";
import { positionInText, type Position } from "./position";
import { templateError } from "./templateError";
import { MAX_TEMPLATE_BYTES, MAX_TEMPLATE_PLACEHOLDERS, templateTooLarge, tooManyPlaceholders } from "./templateLimits";

/**
 * Blocks (with their `{{else if}}` chains, each of which nests one level more) and sub-expressions nested
 * deeper than this are refused before Handlebars parses them: its parser takes time quadratic in the nesting
 * (10,000 levels: minutes) and overflows the stack at about 2,000, and the passes after it are recursive too.
 */
export const MAX_TEMPLATE_NESTING = 64;

export function parseTemplate(source: string): Program {
  // Before anything else: parsing, analysis and compilation all grow with the size.
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes > MAX_TEMPLATE_BYTES) throw templateTooLarge(bytes);
  const tooDeep = scanError(source);
  if (tooDeep !== undefined) throw tooDeep;
  try {
    return parseSource(source);
  } catch (e) {
    throw syntaxError(e);
  }
}

/**
 * Just past the comment or raw block that starts at `i` (Handlebars reads each as one token, whatever it holds;
 * raw blocks are refused later, but parsed first); -1 when it never ends; undefined when there is none.
 */
function skippedEnd(source: string, i: number): number | undefined {
  const at = source[i + 2] === "~" ? i + 3 : i + 2;
  const endOf = (re: RegExp, from: number) => {
    re.lastIndex = from;
    const m = re.exec(source);
    return m === null ? -1 : m.index + m[0].length;
  };
  if (source.startsWith("!--", at)) return endOf(/--~?\}\}/g, at + 3);
  if (source[at] === "!") return endOf(/\}\}/g, at + 1);
  if (source.startsWith("{{{{", i)) return endOf(/\{\{\{\{\/[^\s}]+\}\}\}\}/g, i + 4);
  return undefined;
}

/**
 * A scan of the mustaches as written, without parsing, that follows the lexer's rules for escapes, comments and
 * raw blocks, so no block can hide from it. It over-counts only when a string argument holds `}}` or a parenthesis.
 * It also counts the mustaches (MAX_TEMPLATE_PLACEHOLDERS).
 */
function scanError(source: string) {
  const open: number[] = []; // per open block: 1 + the length of its else-if chain
  let depth = 0;
  let mustaches = 0;
  for (let i = source.indexOf("{{"); i >= 0; i = source.indexOf("{{", i)) {
    // Handlebars' rule: `\{{` is literal text, `\\{{` a backslash and a mustache.
    if (source[i - 1] === "\\" && source[i - 2] !== "\\") {
      i += 2;
      continue;
    }
    const skipped = skippedEnd(source, i);
    // An unterminated comment or raw block: Handlebars refuses it at once.
    if (skipped === -1) return undefined;
    if (skipped !== undefined) {
      i = skipped;
      continue;
    }
    const close = source.indexOf("}}", i + 2);
    if (close < 0) return undefined;
    if (++mustaches > MAX_TEMPLATE_PLACEHOLDERS) return tooManyPlaceholders(positionInText(source, i));
    const inner = source.slice(i + 2, close).replace(/^[{~\s]+/, "");
    if (inner.startsWith("#") || (inner.startsWith("^") && inner.slice(1).replace(/[~\s]/g, "") !== "")) {
      open.push(1);
      depth += 1;
    } else if (inner.startsWith("/")) {
      depth -= open.pop() ?? 0;
    } else if (/^else\s+\S/.test(inner) && open.length > 0) {
      open[open.length - 1] += 1;
      depth += 1;
    }
    let parens = 0;
    let deepest = 0;
    for (const c of inner) {
      if (c === "(") deepest = Math.max(deepest, ++parens);
      else if (c === ")") parens -= 1;
    }
    if (depth + deepest > MAX_TEMPLATE_NESTING) {
      return templateError(
        "TEMPLATE_SYNTAX",
        `blocks and sub-expressions nest more than ${MAX_TEMPLATE_NESTING} levels deep here; ` +
          "a webhook body needs a few: flatten the template (use `{{else}}` or separate blocks instead of nesting)",
        positionInText(source, i),
      );
    }
    i = close + 2;
  }
  return undefined;
}

function syntaxError(e: unknown) {
  const message = e instanceof Error ? e.message : String(e);
  const withLoc = e as { lineNumber?: number; column?: number };
  // Errors found after parsing (mismatched block names) carry their own location.
  if (typeof withLoc.lineNumber === "number" && typeof withLoc.column === "number") {
    const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
    const text = mismatch
      ? `\`{{/${mismatch[2]}}}\` closes the block \`{{#${mismatch[1]}}}\` opened here; close blocks in the reverse order they were opened`
      : `Handlebars syntax error: ${firstLine(message)}`;
    return templateError("TEMPLATE_SYNTAX", text, { line: withLoc.lineNumber, column: withLoc.column + 1 }, e);
  }
  const token = lastToken();
  const at: Position | undefined = token && { line: token.line, column: token.column };
  const got = /got '([A-Z_]+)'\s*$/.exec(message)?.[1];
  return templateError("TEMPLATE_SYNTAX", `Handlebars syntax error: ${describe(got, token?.text, message)}`, at, e);
}

function describe(got: string | undefined, text: string | undefined, message: string): string {
  switch (got) {
    case "CLOSE_UNESCAPED":
      return (
        "unexpected `}}}`: Handlebars reads it as the end of a triple-stash `{{{…}}}`. " +
        "When a JSON object ends right after a placeholder, put a space before the brace: `{{x}} }`"
      );
    case "EOF":
      return "the template ends inside an open block or placeholder: close every `{{#name}}` with `{{/name}}` and every `{{` with `}}`";
    case "OPEN_ENDBLOCK":
      return "a `{{/…}}` closes a block that was never opened with `{{#…}}`";
    case undefined:
      if (/^Lexical error/.test(message)) return "a `{{` is not closed properly (an unterminated comment or placeholder?)";
      return firstLine(message);
    default:
      return (
        `unexpected ${text ? `\`${text}\`` : got}: check that every \`{{\` is closed with \`}}\` and that the expression ` +
        "is a path (`data.requester.email`) or a built-in helper call"
      );
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}
