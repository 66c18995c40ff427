// The guarantee of product.md §4, shown with hostile strings: a template that
// passes checkTemplate renders valid JSON at every nesting level, for every
// event, and each placeholder decodes back to exactly the event's value.
import fc from "fast-check";
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import { REQUEST_TRIGGERS } from "../../../provider/model/events";
import { checkTemplate, compileTemplate, renderBody } from "../../../provider/templating";
import { AUDIT_FIELDS, REQUEST_FIELDS, seed, text, valueAt } from "./seedFields";

const RUNS = { numRuns: 200 };

// --- hostile strings -------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const hostilePiece = fc.oneof(
  fc.constantFrom('"', "\\", '\\"', "\\\\", "\n", "\r\n", "\t", "\u0000", "\u001f", "\u007f", "\u2028", "\u2029"),
  fc.constantFrom("</script>", "<!--", "{{", "}}", "{{{x}}}", "\\u0022", "\\n", "'", "&amp;", "=", "`", "😀", "\ud83d", "\ude00"),
  loneSurrogate,
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "binary-ascii", maxLength: 6 }),
);
const shortHostile = fc.array(hostilePiece, { maxLength: 12 }).map((p) => p.join(""));
/** 100 KB of one hostile piece repeated. */
const hugeHostile = hostilePiece.map((p) => (p === "" ? '"\\' : p).repeat(100 * 1024).slice(0, 100 * 1024));
const hostile = fc.oneof({ weight: 12, arbitrary: shortHostile }, { weight: 1, arbitrary: hugeHostile });

// --- hostile events ----------------------------------------------------------

/** The string fields of a request event a template may reference, with where they live. */
const STRING_PATHS = [
  "data.id",
  "data.friendly_id",
  "data.justification",
  "data.requester.id",
  "data.requester.name",
  "data.requester.email",
  "data.access_flow.name",
  "data.access_groups.[0].integration.name",
  "data.access_groups.[0].integration.type",
] as const;
const OBJECT_PATH = "data.custom_fields";

const hostileRequest = fc
  .record({
    trigger: fc.constantFrom(...REQUEST_TRIGGERS),
    strings: fc.tuple(...STRING_PATHS.map(() => hostile)),
    custom: fc.dictionary(shortHostile, shortHostile, { maxKeys: 3 }),
  })
  .map(({ trigger, strings, custom }) => {
    const event = mockRequestEvent(trigger) as unknown as Record<string, unknown>;
    STRING_PATHS.forEach((path, i) => setAt(event, path, strings[i]));
    setAt(event, OBJECT_PATH, custom);
    return event;
  });

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/\.\[(\d+)\]/g, ".$1").split(".");
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, target);
  parent[keys[keys.length - 1]] = value;
}
const get = (event: unknown, path: string) => valueAt(event, path.replace(/\.\[(\d+)\]/g, ".$1"));

// --- generated templates -----------------------------------------------------

type Node =
  | { t: "obj"; fields: Node[] }
  | { t: "arr"; items: Node[] }
  | { t: "ph"; path: string; quoted: boolean }
  /** A string holding the JSON text of an object, one level deeper (JSON-in-JSON). */
  | { t: "emb"; inner: Node };

const placeholder = fc.record({
  t: fc.constant("ph" as const),
  path: fc.constantFrom<string>(...STRING_PATHS, OBJECT_PATH),
  quoted: fc.boolean(),
});

/** A value at string-nesting level `level`; embedded JSON goes down to level 2, so quoted placeholders reach depth 3. */
function nodeAt(level: number, size: number): fc.Arbitrary<Node> {
  if (size <= 0) return placeholder;
  const child = nodeAt(level, size - 1);
  const options: Array<fc.Arbitrary<Node>> = [
    placeholder,
    fc.array(child, { minLength: 1, maxLength: 3 }).map((fields): Node => ({ t: "obj", fields })),
    fc.array(child, { minLength: 1, maxLength: 3 }).map((items): Node => ({ t: "arr", items })),
  ];
  if (level < 2) options.push(objectAt(level + 1, size - 1).map((inner): Node => ({ t: "emb", inner })));
  return fc.oneof(...options);
}
function objectAt(level: number, size: number): fc.Arbitrary<Node> {
  return fc.array(nodeAt(level, size), { minLength: 1, maxLength: 3 }).map((fields): Node => ({ t: "obj", fields }));
}

/** Every run reaches depths 0 to 3: a fixed spine of nested strings, plus a random tree. */
const generatedTemplate = fc
  .tuple(placeholder, placeholder, placeholder, placeholder, placeholder, objectAt(0, 3))
  .map(([p0, p1, p2, p3, v1, random]): Node => {
    const quoted = (p: Node, q: boolean): Node => ({ ...(p as { path: string }), t: "ph", quoted: q });
    const level2: Node = { t: "obj", fields: [quoted(p3, true), quoted(v1, false)] };
    const level1: Node = { t: "obj", fields: [quoted(p2, true), quoted(v1, false), { t: "emb", inner: level2 }] };
    return { t: "obj", fields: [quoted(p0, false), quoted(p1, true), { t: "emb", inner: level1 }, random] };
  });

/** JSON text written at string-nesting level `level`: escaped once per enclosing string. */
function lit(s: string, level: number): string {
  let out = s;
  for (let i = 0; i < level; i++) out = JSON.stringify(out).slice(1, -1);
  return out;
}

function templateOf(node: Node, level = 0): string {
  switch (node.t) {
    case "obj":
      return `${lit("{", level)}${node.fields.map((f, i) => `${lit(`"k${i}": `, level)}${templateOf(f, level)}`).join(lit(", ", level))}${lit("}", level)}`;
    case "arr":
      return `${lit("[", level)}${node.items.map((n) => templateOf(n, level)).join(lit(", ", level))}${lit("]", level)}`;
    case "ph":
      // A space after an unquoted placeholder keeps `}}` and a closing `}` apart.
      return node.quoted ? `${lit('"', level)}{{${node.path}}}${lit('"', level)}` : `{{${node.path}}} `;
    case "emb":
      return `${lit('"', level)}${templateOf(node.inner, level + 1)}${lit('"', level)}`;
  }
}

/** Decodes every level and compares each placeholder with the event; returns the deepest depth seen. */
function verify(node: Node, value: unknown, event: unknown, level = 0): number {
  switch (node.t) {
    case "obj":
      return Math.max(...node.fields.map((f, i) => verify(f, (value as Record<string, unknown>)[`k${i}`], event, level)));
    case "arr":
      return Math.max(...node.items.map((n, i) => verify(n, (value as unknown[])[i], event, level)));
    case "ph": {
      const expected = get(event, node.path);
      expect(value).toEqual(node.quoted ? text(expected) : expected);
      return node.quoted ? level + 1 : level;
    }
    case "emb":
      expect(typeof value).toBe("string");
      return verify(node.inner, JSON.parse(value as string), event, level + 1);
  }
}

describe("generated templates with placeholders at depths 0 to 3", () => {
  it("pass checkTemplate, render valid JSON at every level, and round-trip every hostile value", () => {
    fc.assert(
      fc.property(generatedTemplate, hostileRequest, (tree, event) => {
        const template = templateOf(tree);
        expect(checkTemplate(template, "request")).toEqual([]);
        const body = renderBody(compileTemplate(template), event);
        expect(verify(tree, JSON.parse(body), event)).toBe(3);
      }),
      RUNS,
    );
  });
});

describe("seed templates with hostile events", () => {
  it.each([
    ["coralogix.hbs", (body: unknown) => (body as { integration_type_fields: string }).integration_type_fields],
    ["datadog.hbs", (body: unknown) => (body as Array<{ message: string }>)[0].message],
    ["servicenow.hbs", (body: unknown) => (body as { description: string }).description],
  ])("%s decodes to the event's values at both levels", (file, nestedOf) => {
    const template = compileTemplate(seed(file));
    fc.assert(
      fc.property(hostileRequest, (event) => {
        const nested = JSON.parse(nestedOf(JSON.parse(renderBody(template, event)))) as Record<string, unknown>;
        for (const [key, path] of Object.entries(REQUEST_FIELDS)) expect(nested[key]).toBe(text(valueAt(event, path)));
      }),
      RUNS,
    );
  });

  it("audit-body.hbs echoes hostile strings, and hostile objects as JSON text that parses back", () => {
    const template = compileTemplate(seed("audit-body.hbs"));
    const hostileObject = fc.dictionary(shortHostile, fc.oneof(hostile, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 });
    const hostileAudit = fc
      .record({
        strings: fc.tuple(...AUDIT_FIELDS.slice(0, 9).map(() => hostile)),
        objects: fc.tuple(hostileObject, hostileObject, fc.option(hostileObject)),
        eventType: hostile,
      })
      .map(({ strings, objects, eventType }) => {
        const event = mockAuditEvent() as unknown as { event_type: string; data: Record<string, unknown> };
        event.event_type = eventType;
        AUDIT_FIELDS.slice(0, 9).forEach((f, i) => (event.data[f] = strings[i]));
        AUDIT_FIELDS.slice(9).forEach((f, i) => (event.data[f] = objects[i]));
        return event;
      });
    fc.assert(
      fc.property(hostileAudit, (event) => {
        const body = JSON.parse(renderBody(template, event)) as { event_type: string; data: Record<string, string> };
        expect(body.event_type).toBe(event.event_type);
        for (const f of AUDIT_FIELDS) expect(body.data[f]).toBe(text(event.data[f]));
        for (const f of AUDIT_FIELDS.slice(9)) {
          if (event.data[f] !== null) expect(JSON.parse(body.data[f])).toEqual(event.data[f]);
        }
      }),
      RUNS,
    );
  });
});
