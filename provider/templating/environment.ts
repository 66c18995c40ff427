// The one Handlebars environment templates run in: isolated from the global
// instance (nothing another package registers reaches it), the built-in
// helpers only, and no HTML escaping — placeholders are escaped for JSON by the
// internal helper that every placeholder is rewritten into (see rewrite.ts).
import Handlebars from "handlebars";
import type { Program } from "./ast";
import { renderPlaceholder } from "./jsonEscape";
import { chargeRender } from "./templateLimits";

/** The internal helper; user templates cannot call it (only built-in helpers pass the helper check). */
export const JSON_HELPER = "__json";

const env = Handlebars.create();
env.unregisterHelper("log");
env.unregisterDecorator("inline");
env.registerHelper(JSON_HELPER, (value: unknown, options: Handlebars.HelperOptions) => {
  const hash = options.hash as { depth: number; json: boolean };
  const out = renderPlaceholder(value, hash.depth, hash.json);
  chargeRender(out.length);
  return out;
});

// The built-in `each`, with every iteration's output charged to the render budget (+1, so an empty body over a
// huge list is counted too): a loop is the only way a render grows past the template's own size.
type BlockFn = (context: unknown, options?: unknown) => string;
const builtInEach = env.helpers.each as (this: unknown, context: unknown, options: Handlebars.HelperOptions) => string;
env.registerHelper("each", function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
  const fn = options.fn as BlockFn;
  const charged: BlockFn = (item, frame) => {
    const out = fn(item, frame);
    chargeRender(out.length + 1);
    return out;
  };
  return builtInEach.call(this, context, { ...options, fn: charged as Handlebars.TemplateDelegate });
});

/** Receives Handlebars' own warnings (e.g. a denied prototype property), first line only. */
export type TemplateWarningSink = (message: string) => void;
let warningSink: TemplateWarningSink = () => undefined;

/** Where Handlebars' warnings go; by default nowhere. The runtime sends them to its JSON log. */
export function onTemplateWarning(sink: TemplateWarningSink): void {
  warningSink = sink;
}

// Handlebars logs through one module-level logger (not per environment) straight to the console, in several
// lines: that broke the runtime's one-JSON-object-per-line log. The `log` helper is unregistered, so only
// Handlebars itself calls this.
(Handlebars as unknown as { logger: { log: (level: unknown, ...message: unknown[]) => void } }).logger.log = (_level, ...message) => {
  warningSink(String(message[0] ?? "").split("\n")[0]);
};

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
