"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkFields = checkFields;
const ast_1 = require("./ast");
const suggest_1 = require("../model/suggest");
const position_1 = require("./position");
const templateError_1 = require("./templateError");
const ANY = { kind: "any" };
const SCALAR = { kind: "scalar" };
const DATA_VARIABLES = ["root", "index", "key", "first", "last"];
const unknown = (label = "") => ({ shape: ANY, label });
function checkFields(program, source, kind, root) {
    const errors = [];
    const rootScope = { shape: root, label: `${kind} events` };
    const fail = (node, message) => errors.push((0, templateError_1.templateError)("TEMPLATE_UNKNOWN_FIELD", message, (0, position_1.startOf)(node.loc)));
    /** What an expression evaluates to; reports unknown references on the way. */
    const expression = (e, scopes, params) => {
        if (e === undefined)
            return unknown();
        if ((0, ast_1.isPath)(e))
            return path(e, scopes, params);
        if (e.type === "SubExpression")
            return call(e, scopes, params);
        return { shape: SCALAR, label: "" };
    };
    const call = (c, scopes, params) => {
        const args = c.params.map((p) => expression(p, scopes, params));
        c.hash?.pairs.forEach((p) => expression(p.value, scopes, params));
        if ((0, ast_1.simpleName)(c.path) !== "lookup" || args.length < 2)
            return unknown();
        // lookup obj key: a literal key names a field (or index) of obj; any other key picks some element.
        const [obj] = args;
        const key = c.params[1];
        const label = "the result of `lookup`";
        if (!(0, ast_1.isLiteral)(key))
            return { shape: obj.shape.kind === "array" ? obj.shape.items : ANY, label };
        const field = String(key.value);
        const found = step(obj.shape, field);
        if (found === undefined && obj.shape.kind === "object") {
            const near = (0, suggest_1.didYouMean)(field, Object.keys(obj.shape.fields));
            const hint = near === undefined ? `it has the fields ${Object.keys(obj.shape.fields).join(", ")}` : `did you mean \`${near}\`?`;
            fail(key, `\`${field}\` is not a field of ${obj.label}; ${hint}`);
        }
        return { shape: found ?? ANY, label };
    };
    const path = (p, scopes, params) => {
        const written = (0, position_1.sourceOf)(source, p.loc);
        const [head, ...rest] = p.parts;
        if (p.data) {
            if (head === "root")
                return resolve(p, written, rootScope, rest);
            if (!DATA_VARIABLES.includes(head)) {
                fail(p, `\`@${head}\` is not a Handlebars data variable: use @root, @index, @key, @first or @last`);
            }
            else if (rest.length > 0) {
                fail(p, `\`@${head}\` is a single value and has no fields: remove \`.${rest.join(".")}\``);
            }
            return { shape: SCALAR, label: written };
        }
        // A block param (`as |item|`) shadows fields of the context, unless written `this.item`.
        const param = p.depth === 0 && !/^(\.|this\b)/.test(p.original) ? [...params].reverse().find((m) => m.has(head)) : undefined;
        if (param !== undefined)
            return resolve(p, written, param.get(head), rest);
        const base = scopes[scopes.length - 1 - p.depth];
        if (base !== undefined)
            return resolve(p, written, base, p.parts);
        const enclosing = scopes.length - 1;
        fail(p, enclosing === 0
            ? `\`${written}\` goes above the event: \`../\` reads the context outside an #each or #with block, and this is not inside one`
            : `\`${written}\` goes above the event: it is inside only ${enclosing} #each/#with block${enclosing === 1 ? "" : "s"}`);
        return unknown(written);
    };
    const resolve = (p, written, base, parts) => {
        let shape = base.shape;
        for (let i = 0; i < parts.length; i++) {
            const next = step(shape, parts[i]);
            if (next === undefined) {
                const prefix = prefixOf(p, written, parts);
                const repaired = repair(base.shape, parts, 0);
                const hint = repaired !== undefined
                    ? `did you mean \`${prefix}${formatParts(repaired)}\`?`
                    : whyNot(shape, i === 0 ? (base === rootScope ? "the event" : "it") : `\`${prefix}${formatParts(parts.slice(0, i))}\``);
                fail(p, `\`${written}\` is not a field of ${base.label}; ${hint}`);
                return unknown(written);
            }
            shape = next;
        }
        return { shape, label: `\`${written}\`` };
    };
    const visit = (program, scopes, params) => {
        for (const s of program?.body ?? []) {
            if (s.type === "MustacheStatement") {
                const m = s;
                if ((0, ast_1.hasArguments)(m))
                    call(m, scopes, params);
                else if ((0, ast_1.isPath)(m.path))
                    path(m.path, scopes, params);
                // `{{"name"}}` reads the field `name` of the context.
                else if ((0, ast_1.isLiteral)(m.path))
                    path((0, ast_1.pathNamed)(String(m.path.value), m.path.loc), scopes, params);
            }
            else if (s.type === "BlockStatement") {
                block(s, scopes, params);
            }
        }
    };
    const block = (b, scopes, params) => {
        const name = (0, ast_1.simpleName)(b.path);
        const target = b.params.map((p) => expression(p, scopes, params))[0] ?? unknown();
        b.hash?.pairs.forEach((p) => expression(p.value, scopes, params));
        const [first, second] = b.program?.blockParams ?? [];
        const named = new Map();
        if (name === "each") {
            const item = { shape: itemsOf(target.shape), label: `the items of ${target.label}` };
            if (first !== undefined)
                named.set(first, item);
            if (second !== undefined)
                named.set(second, { shape: SCALAR, label: `\`${second}\`` });
            visit(b.program, [...scopes, item], [...params, named]);
        }
        else if (name === "with") {
            if (first !== undefined)
                named.set(first, target);
            visit(b.program, [...scopes, target], [...params, named]);
        }
        else if (name === "if" || name === "unless") {
            visit(b.program, scopes, params);
        }
        else {
            // Refused by the helper check; the context of its body is unknown.
            visit(b.program, [...scopes, unknown()], params);
        }
        visit(b.inverse, scopes, params);
    };
    visit(program, [rootScope], []);
    return errors;
}
/** One step down a path: a field of an object, an element (or `length`) of a list. */
function step(shape, part) {
    switch (shape.kind) {
        case "any":
            return ANY;
        case "object":
            return Object.prototype.hasOwnProperty.call(shape.fields, part) ? shape.fields[part] : undefined;
        case "array":
            if (/^\d+$/.test(part))
                return shape.items;
            return part === "length" ? SCALAR : undefined;
        case "scalar":
            return undefined;
    }
}
function whyNot(shape, what) {
    if (shape.kind === "object")
        return `${what} has the fields ${Object.keys(shape.fields).join(", ")}`;
    if (shape.kind === "array")
        return `${what} is a list: pick an element with \`.[0]\` or loop with #each`;
    return `${what} is a single value and has no fields`;
}
function itemsOf(shape) {
    if (shape.kind === "array")
        return shape.items;
    // #each over an object iterates its values.
    if (shape.kind === "object")
        return Object.values(shape.fields).every((f) => f.kind === "scalar") ? SCALAR : ANY;
    return ANY;
}
/** The closest valid path: misspelt fields replaced, a missing list index inserted. */
function repair(shape, parts, i) {
    if (i === parts.length)
        return [];
    const part = parts[i];
    switch (shape.kind) {
        case "any":
            return parts.slice(i);
        case "scalar":
            return undefined;
        case "array":
            if (/^\d+$/.test(part))
                return prepend(part, repair(shape.items, parts, i + 1));
            if (part === "length")
                return i + 1 === parts.length ? [part] : undefined;
            return prepend("0", repair(shape.items, parts, i));
        case "object": {
            const fields = shape.fields;
            const name = Object.prototype.hasOwnProperty.call(fields, part) ? part : (0, suggest_1.didYouMean)(part, Object.keys(fields));
            return name === undefined ? undefined : prepend(name, repair(fields[name], parts, i + 1));
        }
    }
}
function prepend(head, rest) {
    return rest === undefined ? undefined : [head, ...rest];
}
/** Parts written the way Apono's templates write them: `data.access_groups.[0].integration.name`. */
function formatParts(parts) {
    return parts.map((p) => (/^[A-Za-z_$][\w$-]*$/.test(p) ? p : `[${p}]`)).join(".");
}
/** What precedes the checked parts in the reference as written: `@root.`, `../`, `this.`, a block param. */
function prefixOf(p, written, parts) {
    const consumed = p.parts.length - parts.length; // `root` of @root, or a block param name
    let prefix = (p.data ? "@" : "") + "../".repeat(p.depth);
    if (/^(\.\.\/)*(this[./]|\.\/)/.test(written))
        prefix += "this.";
    if (consumed > 0)
        prefix += `${formatParts(p.parts.slice(0, consumed))}.`;
    return prefix;
}
