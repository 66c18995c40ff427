// Checks every reference in a template against the payload shape of its event
// kind, following the context changes of #each and #with (`this`, `../`,
// block params, `@root`, `@index`/`@key`/`@first`/`@last`). A reference to a
// field the kind does not have would render empty for every event, so it is
// reported, with the closest valid path ("did you mean …?").
import type { WebhookError } from "../errors";
import type { EventKind } from "../model/events";
import type { Shape } from "../model/payloadShape";
import {
  hasArguments,
  isLiteral,
  isPath,
  pathNamed,
  simpleName,
  type BlockStatement,
  type Expression,
  type MustacheStatement,
  type PathExpression,
  type Program,
  type SourceLocation,
  type SubExpression,
} from "./ast";
import { didYouMean } from "../model/suggest";
import { sourceOf, startOf } from "./position";
import { templateError } from "./templateError";

const ANY: Shape = { kind: "any" };
const SCALAR: Shape = { kind: "scalar" };
const DATA_VARIABLES = ["root", "index", "key", "first", "last"];

/** What an expression refers to; #each and #with make one the context (`this`) of their body. */
interface Scope {
  shape: Shape;
  /** How messages name it: "request events", "the items of `data.approvals`". */
  label: string;
}
type BlockParams = Map<string, Scope>;

const unknown = (label = ""): Scope => ({ shape: ANY, label });

export function checkFields(program: Program, source: string, kind: EventKind, root: Shape): WebhookError[] {
  const errors: WebhookError[] = [];
  const rootScope: Scope = { shape: root, label: `${kind} events` };
  const fail = (node: { loc: SourceLocation }, message: string) =>
    errors.push(templateError("TEMPLATE_UNKNOWN_FIELD", message, startOf(node.loc)));

  /** What an expression evaluates to; reports unknown references on the way. */
  const expression = (e: Expression | undefined, scopes: Scope[], params: BlockParams[]): Scope => {
    if (e === undefined) return unknown();
    if (isPath(e)) return path(e, scopes, params);
    if (e.type === "SubExpression") return call(e as SubExpression, scopes, params);
    return { shape: SCALAR, label: "" };
  };

  const call = (c: SubExpression | MustacheStatement, scopes: Scope[], params: BlockParams[]): Scope => {
    const args = c.params.map((p) => expression(p, scopes, params));
    c.hash?.pairs.forEach((p) => expression(p.value, scopes, params));
    if (simpleName(c.path) !== "lookup" || args.length < 2) return unknown();
    // lookup obj key: a literal key names a field (or index) of obj; any other key picks some element.
    const [obj] = args;
    const key = c.params[1];
    const label = "the result of `lookup`";
    if (!isLiteral(key)) return { shape: obj.shape.kind === "array" ? obj.shape.items : ANY, label };
    const field = String(key.value);
    const found = step(obj.shape, field);
    if (found === undefined && obj.shape.kind === "object") {
      const near = didYouMean(field, Object.keys(obj.shape.fields));
      const hint = near === undefined ? `it has the fields ${Object.keys(obj.shape.fields).join(", ")}` : `did you mean \`${near}\`?`;
      fail(key, `\`${field}\` is not a field of ${obj.label}; ${hint}`);
    }
    return { shape: found ?? ANY, label };
  };

  const path = (p: PathExpression, scopes: Scope[], params: BlockParams[]): Scope => {
    const written = sourceOf(source, p.loc);
    const [head, ...rest] = p.parts;
    if (p.data) {
      if (head === "root") return resolve(p, written, rootScope, rest);
      if (!DATA_VARIABLES.includes(head)) {
        fail(p, `\`@${head}\` is not a Handlebars data variable: use @root, @index, @key, @first or @last`);
      } else if (rest.length > 0) {
        fail(p, `\`@${head}\` is a single value and has no fields: remove \`.${rest.join(".")}\``);
      }
      return { shape: SCALAR, label: written };
    }
    // A block param (`as |item|`) shadows fields of the context, unless written `this.item`.
    const param = p.depth === 0 && !/^(\.|this\b)/.test(p.original) ? [...params].reverse().find((m) => m.has(head)) : undefined;
    if (param !== undefined) return resolve(p, written, param.get(head) as Scope, rest);
    const base = scopes[scopes.length - 1 - p.depth];
    if (base !== undefined) return resolve(p, written, base, p.parts);
    const enclosing = scopes.length - 1;
    fail(
      p,
      enclosing === 0
        ? `\`${written}\` goes above the event: \`../\` reads the context outside an #each or #with block, and this is not inside one`
        : `\`${written}\` goes above the event: it is inside only ${enclosing} #each/#with block${enclosing === 1 ? "" : "s"}`,
    );
    return unknown(written);
  };

  const resolve = (p: PathExpression, written: string, base: Scope, parts: string[]): Scope => {
    let shape = base.shape;
    for (let i = 0; i < parts.length; i++) {
      const next = step(shape, parts[i]);
      if (next === undefined) {
        const prefix = prefixOf(p, written, parts);
        const repaired = repair(base.shape, parts, 0);
        const hint =
          repaired !== undefined
            ? `did you mean \`${prefix}${formatParts(repaired)}\`?`
            : whyNot(shape, i === 0 ? (base === rootScope ? "the event" : "it") : `\`${prefix}${formatParts(parts.slice(0, i))}\``);
        fail(p, `\`${written}\` is not a field of ${base.label}; ${hint}`);
        return unknown(written);
      }
      shape = next;
    }
    return { shape, label: `\`${written}\`` };
  };

  const visit = (program: Program | undefined, scopes: Scope[], params: BlockParams[]) => {
    for (const s of program?.body ?? []) {
      if (s.type === "MustacheStatement") {
        const m = s as MustacheStatement;
        if (hasArguments(m)) call(m, scopes, params);
        else if (isPath(m.path)) path(m.path, scopes, params);
        // `{{"name"}}` reads the field `name` of the context.
        else if (isLiteral(m.path)) path(pathNamed(String(m.path.value), m.path.loc), scopes, params);
      } else if (s.type === "BlockStatement") {
        block(s as BlockStatement, scopes, params);
      }
    }
  };

  const block = (b: BlockStatement, scopes: Scope[], params: BlockParams[]) => {
    const name = simpleName(b.path);
    const target = b.params.map((p) => expression(p, scopes, params))[0] ?? unknown();
    b.hash?.pairs.forEach((p) => expression(p.value, scopes, params));
    const [first, second] = b.program?.blockParams ?? [];
    const named = new Map<string, Scope>();
    if (name === "each") {
      const item: Scope = { shape: itemsOf(target.shape), label: `the items of ${target.label}` };
      if (first !== undefined) named.set(first, item);
      if (second !== undefined) named.set(second, { shape: SCALAR, label: `\`${second}\`` });
      visit(b.program, [...scopes, item], [...params, named]);
    } else if (name === "with") {
      if (first !== undefined) named.set(first, target);
      visit(b.program, [...scopes, target], [...params, named]);
    } else if (name === "if" || name === "unless") {
      visit(b.program, scopes, params);
    } else {
      // Refused by the helper check; the context of its body is unknown.
      visit(b.program, [...scopes, unknown()], params);
    }
    visit(b.inverse, scopes, params);
  };

  visit(program, [rootScope], []);
  return errors;
}

/** One step down a path: a field of an object, an element (or `length`) of a list. */
function step(shape: Shape, part: string): Shape | undefined {
  switch (shape.kind) {
    case "any":
      return ANY;
    case "object":
      return Object.prototype.hasOwnProperty.call(shape.fields, part) ? shape.fields[part] : undefined;
    case "array":
      if (/^\d+$/.test(part)) return shape.items;
      return part === "length" ? SCALAR : undefined;
    case "scalar":
      return undefined;
  }
}

function whyNot(shape: Shape, what: string): string {
  if (shape.kind === "object") return `${what} has the fields ${Object.keys(shape.fields).join(", ")}`;
  if (shape.kind === "array") return `${what} is a list: pick an element with \`.[0]\` or loop with #each`;
  return `${what} is a single value and has no fields`;
}

function itemsOf(shape: Shape): Shape {
  if (shape.kind === "array") return shape.items;
  // #each over an object iterates its values.
  if (shape.kind === "object") return Object.values(shape.fields).every((f) => f.kind === "scalar") ? SCALAR : ANY;
  return ANY;
}

/** The closest valid path: misspelt fields replaced, a missing list index inserted. */
function repair(shape: Shape, parts: string[], i: number): string[] | undefined {
  if (i === parts.length) return [];
  const part = parts[i];
  switch (shape.kind) {
    case "any":
      return parts.slice(i);
    case "scalar":
      return undefined;
    case "array":
      if (/^\d+$/.test(part)) return prepend(part, repair(shape.items, parts, i + 1));
      if (part === "length") return i + 1 === parts.length ? [part] : undefined;
      return prepend("0", repair(shape.items, parts, i));
    case "object": {
      const fields = shape.fields;
      const name = Object.prototype.hasOwnProperty.call(fields, part) ? part : didYouMean(part, Object.keys(fields));
      return name === undefined ? undefined : prepend(name, repair(fields[name], parts, i + 1));
    }
  }
}

function prepend(head: string, rest: string[] | undefined): string[] | undefined {
  return rest === undefined ? undefined : [head, ...rest];
}

/** Parts written the way Apono's templates write them: `data.access_groups.[0].integration.name`. */
function formatParts(parts: readonly string[]): string {
  return parts.map((p) => (/^[A-Za-z_$][\w$-]*$/.test(p) ? p : `[${p}]`)).join(".");
}

/** What precedes the checked parts in the reference as written: `@root.`, `../`, `this.`, a block param. */
function prefixOf(p: PathExpression, written: string, parts: string[]): string {
  const consumed = p.parts.length - parts.length; // `root` of @root, or a block param name
  let prefix = (p.data ? "@" : "") + "../".repeat(p.depth);
  if (/^(\.\.\/)*(this[./]|\.\/)/.test(written)) prefix += "this.";
  if (consumed > 0) prefix += `${formatParts(p.parts.slice(0, consumed))}.`;
  return prefix;
}
