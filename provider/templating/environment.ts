// The one Handlebars environment templates run in: isolated from the global
// instance (nothing another package registers reaches it), the built-in
// helpers only, and no HTML escaping — placeholders are escaped for JSON by the
// internal helper that every placeholder is rewritten into (see rewrite.ts).
import Handlebars from "handlebars";
import type { Program } from "./ast";
import { renderPlaceholder } from "./jsonEscape";

/** The internal helper; user templates cannot call it (only built-in helpers pass the helper check). */
export const JSON_HELPER = "__json";

const env = Handlebars.create();
env.unregisterHelper("log");
env.unregisterDecorator("inline");
env.registerHelper(JSON_HELPER, (value: unknown, options: Handlebars.HelperOptions) => {
  const hash = options.hash as { depth: number; json: boolean };
  return renderPlaceholder(value, hash.depth, hash.json);
});

export type Renderer = (event: unknown) => string;

export function parseSource(source: string): Program {
  return env.parse(source);
}

/** The parser's lexer after a failed parse: its last token is where the error is. */
export function lastToken(): { line: number; column: number; text: string } | undefined {
  type Lexer = { yylloc?: { first_line: number; first_column: number }; match?: string };
  // Not in the typings: the parser is shared and synchronous, so its lexer still holds the failing token.
  const lexer = (env as unknown as { Parser?: { lexer?: Lexer } }).Parser?.lexer;
  if (lexer?.yylloc === undefined) return undefined;
  return { line: lexer.yylloc.first_line, column: lexer.yylloc.first_column + 1, text: lexer.match ?? "" };
}

export function compileProgram(program: Program): Renderer {
  return env.compile(program, {
    noEscape: true,
    // Whitespace control already ran when the source was parsed; standalone
    // stripping must not run a second time over the rewritten program.
    ignoreStandalone: true,
    knownHelpers: { [JSON_HELPER]: true },
  });
}
