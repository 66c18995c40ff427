// Named limits on what a body template may be and what one render may produce.
// A webhook body is a few KB; these are far above that and far below what
// froze the runtime (a 2 MB template with 60,000 placeholders: 20 s in check,
// 2.4 GB). Rendering is synchronous on the event loop, so the render budget is
// what keeps one hostile event or template from blocking every other delivery.
import { templateError } from "./templateError";

/** UTF-8 bytes of the template source. */
export const MAX_TEMPLATE_BYTES = 64 * 1024;
/** Mustaches (`{{…}}`: placeholders, block openers and closers, `{{else}}`). */
export const MAX_TEMPLATE_PLACEHOLDERS = 2000;
/**
 * Characters one render may produce, counting each placeholder's output and each `#each` iteration's output
 * (a nested loop's text is counted at every level it passes through); above it the render stops.
 */
export const MAX_RENDER_CHARS = 16 * 1024 * 1024;

export function templateTooLarge(bytes: number) {
  return templateError(
    "TEMPLATE_TOO_LARGE",
    `the template is ${bytes} bytes; at most ${MAX_TEMPLATE_BYTES} (MAX_TEMPLATE_BYTES) are allowed: ` +
      "a webhook body needs a few KB — send fewer fields, or let `#each` repeat a part instead of writing it out",
  );
}

export function tooManyPlaceholders(at: { line: number; column: number }) {
  return templateError(
    "TEMPLATE_TOO_LARGE",
    `the template has more than ${MAX_TEMPLATE_PLACEHOLDERS} placeholders (MAX_TEMPLATE_PLACEHOLDERS); ` +
      "use `#each` over a list instead of one placeholder per item",
    at,
  );
}

/**
 * The running total of one render. Handlebars renders synchronously, so one module-level budget is enough:
 * `start` resets it, and `charge` throws TEMPLATE_RENDER_TOO_LARGE once it is spent.
 */
let spent = 0;

export function startRenderBudget(): void {
  spent = 0;
}

export function chargeRender(chars: number): void {
  spent += chars;
  if (spent > MAX_RENDER_CHARS) {
    throw templateError(
      "TEMPLATE_RENDER_TOO_LARGE",
      `rendering this event produced more than ${MAX_RENDER_CHARS} characters (MAX_RENDER_CHARS), counting every ` +
        "`#each` iteration; the render was stopped and the body was not sent. Render fewer items (`{{#if}}`, `lookup`) " +
        "or fewer fields per item",
    );
  }
}
