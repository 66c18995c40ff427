// Evidence (issue 8): one real runtime process (the built CLI, SQLite) hit with
// generated bad requests on both ingest routes and on every admin route that
// takes a body. Each is refused with the API's status, a stable code, and the
// exact path where the field is known; /healthz answers after each one; nothing
// of a refused request is stored; and at the end the deliveries are exactly
// those the good requests made, the receiver got exactly those, and the process
// printed no error and no stack trace.
import { appendFileSync } from "node:fs";
import { connect } from "node:net";
import fc from "fast-check";
import { ERROR_CODES, formatPath } from "../../../provider/errors";
import { REQUEST_TRIGGERS, type EventKind } from "../../../provider/model/events";
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import {
  INVALID_UTF8,
  SECRET_MARK,
  badEventCases,
  fieldRuleCases,
  nested,
  nestedSegments,
  secretValuesOf,
  truncations,
  wrongTypeConfigCases,
  type ConfigCase,
} from "../../support/badInputCases";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { startRuntimeProcess, type RuntimeProcess } from "../../support/runtimeProcess";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { ADMIN, INGEST, runtimeConfig, until } from "../runtime/apiHelpers";

jest.setTimeout(60_000);

/** ingest.maxBodyBytes: small enough to keep huge bodies cheap, big enough for 100,000 levels of `{"a":`. */
const MAX_BODY = 1 << 20;
const MAX_BATCH = 50;
const CODES: readonly string[] = ERROR_CODES;

const tmp = tempDir("webhooks-badinput-");
let ca: TestCa;
let rx: Receiver;
let runtime: RuntimeProcess;
/** Everything the process printed (runtime.output() keeps only the last 200 KB). */
let printed = "";
let fileSource = "";
const hooks: Record<EventKind, Record<string, unknown>> = { audit: {}, request: {} };

const route = {
  request: "/v1/events/request",
  audit: "/v1/events/audit",
  register: "/v1/webhooks",
  test: "/v1/webhooks/test",
  put: () => `/v1/webhooks/${String(hooks.request.id)}`,
  invoke: () => `/v1/webhooks/${String(hooks.request.id)}/invoke`,
};

/** Ids of the events the runtime accepted as new: each makes one delivery. */
const accepted: Record<EventKind, Set<string>> = { audit: new Set(), request: new Set() };
/** Good events that were inside a refused request: none may be stored. */
const refusedGood: Record<EventKind, Array<Record<string, unknown>>> = { audit: [], request: [] };
let invoked: string[] = [];
let cases = 0;
const bad: string[] = [];

interface Reply {
  status: number;
  body: { error?: { code: string; path: string; message: string }; errors?: Array<{ code: string; path: string }>; events?: Array<{ id: string; duplicate: boolean }> };
  text: string;
}

async function send(method: string, path: string, body: string | Buffer, options: { token?: string; contentType?: string | null } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Authorization: `Bearer ${options.token ?? ADMIN}` };
  const type = options.contentType === undefined ? "application/json" : options.contentType;
  if (type !== null) headers["Content-Type"] = type;
  // A Buffer body gets no Content-Type from fetch, so `contentType: null` sends none.
  const res = await fetch(`${runtime.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: Reply["body"] = {};
  try {
    parsed = JSON.parse(text) as Reply["body"];
  } catch {
    // checked by the caller through `status` and `body.error`
  }
  return { status: res.status, body: parsed, text };
}

interface BadRequest {
  what: string;
  method?: "POST" | "PUT";
  path: string;
  body: string | Buffer;
  token?: string;
  contentType?: string | null;
  status: number;
  code: string;
  /** The exact path the error must name; undefined: any. */
  errorPath?: string;
  /** Values no answer may contain. */
  secrets?: string[];
}

/** Sends one bad request; records every way the answer differs from what the case expects, then asks /healthz. */
async function refuse(c: BadRequest): Promise<void> {
  cases += 1;
  const r = await send(c.method ?? "POST", c.path, c.body, { token: c.token, contentType: c.contentType });
  const e = r.body.error;
  const problems: string[] = [];
  if (r.status !== c.status) problems.push(`status ${r.status}`);
  if (e === undefined || !CODES.includes(e.code)) problems.push(`no stable code: ${r.text.slice(0, 200)}`);
  else {
    // A config refusal lists every problem; the case's own must be among them (and first when it is the only one).
    const listed = r.body.errors ?? [e];
    if (!listed.some((x) => x.code === c.code && (c.errorPath === undefined || x.path === c.errorPath))) {
      problems.push(`got ${listed.map((x) => `${x.code}@${x.path}`).join(", ")}`);
    }
  }
  for (const s of c.secrets ?? []) if (r.text.includes(s)) problems.push(`answer holds a secret: ${r.text.slice(0, 200)}`);
  const health = await fetch(`${runtime.url}/healthz`);
  await health.text();
  if (health.status !== 200) problems.push(`healthz ${health.status}`);
  if (problems.length > 0) bad.push(`${c.what} → ${c.code}@${c.errorPath ?? "*"}: ${problems.join("; ")}`);
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: readonly T[], fn: (item: T) => Promise<void>, width = 12): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function accept(kind: EventKind, body: string | Buffer, ids: string[], options: { contentType?: string | null } = {}): Promise<void> {
  const r = await send("POST", route[kind], body, { token: INGEST, ...options });
  expect({ status: r.status, events: r.body.events }).toEqual({ status: 202, events: ids.map((id) => ({ id, duplicate: false })) });
  for (const id of ids) accepted[kind].add(id);
}

let serial = 0;
const goodEvent = (kind: EventKind, prefix: string): Record<string, unknown> => ({
  ...(kind === "audit" ? mockAuditEvent() : mockRequestEvent(REQUEST_TRIGGERS[serial % REQUEST_TRIGGERS.length])),
  id: `${prefix}-${serial++}`,
});
const sampleEvent: Record<EventKind, Record<string, unknown>> = {
  audit: { ...mockAuditEvent(), id: "sample-audit" },
  request: { ...mockRequestEvent("RequestCreated"), id: "sample-request" },
};

function joinPath(prefix: string, path: string): string {
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/**
 * A request over a raw socket that sends only `body` (chunked unless `announced` gives a Content-Length) and then
 * waits for the answer. A client that keeps writing after the 413 can lose it: the runtime closes the connection,
 * and the reset may discard the answer before it is read (see the report of issue 8).
 */
function rawRequest(method: string, path: string, token: string, options: { announced?: number; body: Buffer }): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(runtime.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), headers: text.slice(0, split), body: text.slice(split + 4) });
    });
    const length = options.announced === undefined ? "Transfer-Encoding: chunked" : `Content-Length: ${options.announced}`;
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: runtime\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`);
    if (options.announced !== undefined) socket.write(options.body);
    else {
      for (let i = 0; i < options.body.length; i += 16_384) {
        const part = options.body.subarray(i, i + 16_384);
        socket.write(`${part.length.toString(16)}\r\n`);
        socket.write(part);
        socket.write("\r\n");
      }
    }
  });
}

async function refuseRaw(what: string, method: string, path: string, token: string, options: { announced?: number; body: Buffer }): Promise<void> {
  cases += 1;
  const r = await rawRequest(method, path, token, options);
  let error: unknown;
  try {
    error = (JSON.parse(r.body) as { error: unknown }).error;
  } catch {
    error = r.body;
  }
  const wanted = { code: "API_BODY_TOO_LARGE", message: `the request body is larger than ${MAX_BODY} bytes (ingest.maxBodyBytes); send fewer events per request`, path: "" };
  if (r.status !== 413 || JSON.stringify(error) !== JSON.stringify(wanted) || !/\r\nconnection: close/i.test(r.headers)) bad.push(`${what}: ${r.status} ${r.headers} ${r.body}`);
  const health = await fetch(`${runtime.url}/healthz`);
  await health.text();
  if (health.status !== 200) bad.push(`${what}: healthz ${health.status}`);
}

beforeAll(async () => {
  ca = createTestCa();
  rx = await startReceiver({ tls: ca });
  rx.respondWith(() => ({ status: 200 }));
  // Lines are appended once the webhooks exist (the source follows the file).
  fileSource = tmp.write("events.ndjson", "");
  runtime = await startRuntimeProcess({
    dir: tmp.dir,
    config: runtimeConfig(rx.pin("hooks.test"), ca.caFile, {
      ingest: { maxBodyBytes: MAX_BODY, maxBatch: MAX_BATCH },
      sources: [{ type: "file", path: fileSource, follow: true, kind: "request" }],
    }),
    adminToken: ADMIN,
    ingestToken: INGEST,
  });
  printed = runtime.output();
  runtime.child.stdout?.on("data", (d: Buffer) => (printed += d.toString()));
  runtime.child.stderr?.on("data", (d: Buffer) => (printed += d.toString()));
  const registrations = {
    request: { kind: "request", name: "evidence requests", url: "https://hooks.test/requests", bodyTemplate: '{"id": "{{data.id}}", "type": "{{event_type}}"}', triggers: [...REQUEST_TRIGGERS] },
    audit: { kind: "audit", name: "evidence audit", url: "https://hooks.test/audit", bodyTemplate: '{"action": "{{data.action}}"}' },
  };
  for (const kind of ["request", "audit"] as const) {
    const r = await send("POST", route.register, JSON.stringify(registrations[kind]));
    expect(r.status).toBe(201);
    hooks[kind] = r.body as Record<string, unknown>;
  }
});

afterAll(async () => {
  await runtime?.kill("SIGKILL");
  await rx?.close();
  ca?.dispose();
  tmp.remove();
  console.log(`badInputIngest: ${cases} generated bad requests refused; ${accepted.request.size + accepted.audit.size} good events and ${invoked.length} invoke accepted`);
});

afterEach(() => {
  const found = bad.splice(0);
  expect(found).toEqual([]);
});

describe("malformed JSON", () => {
  it("every truncation of a valid body, on every route: 400 API_INVALID_JSON", async () => {
    const registration = JSON.stringify({ kind: "request", name: "truncated", url: "https://hooks.test/t", bodyTemplate: "{}", triggers: ["Manual"] });
    // [route, body, token, every how many positions]: every position for one body of each shape, every 5th for the rest.
    const bodies: Array<[string, string, string, number]> = [
      [route.request, JSON.stringify(sampleEvent.request), INGEST, 1],
      [route.audit, JSON.stringify(sampleEvent.audit), INGEST, 1],
      [route.register, registration, ADMIN, 1],
      [route.request, JSON.stringify({ events: [sampleEvent.request] }), INGEST, 5],
      [route.put(), registration, ADMIN, 5],
      [route.test, registration, ADMIN, 5],
      [route.invoke(), JSON.stringify(sampleEvent.request), ADMIN, 5],
    ];
    const list: BadRequest[] = bodies.flatMap(([path, text, token, every]) =>
      truncations(text)
        .filter((t) => t.length % every === 0)
        .map((t) => ({ what: `${path} cut at ${t.length}`, method: path === route.put() ? ("PUT" as const) : ("POST" as const), path, body: t, token, status: 400, code: "API_INVALID_JSON", errorPath: "" })),
    );
    expect(list.length).toBeGreaterThanOrEqual(2000);
    await pool(list, refuse);
  });

  it("control bytes strayed into valid bodies at generated positions: 400 API_INVALID_JSON", async () => {
    // Raw control characters are neither JSON whitespace nor allowed inside strings, so each insertion breaks the text.
    const stray = fc.constantFrom(...[...Array(32).keys()].filter((b) => ![9, 10, 13].includes(b)));
    const list: BadRequest[] = [];
    for (const [path, text, token] of [
      [route.request, JSON.stringify(sampleEvent.request), INGEST],
      [route.audit, JSON.stringify(sampleEvent.audit), INGEST],
      [route.invoke(), JSON.stringify(sampleEvent.request), ADMIN],
      [route.register, JSON.stringify({ kind: "audit", name: "stray", url: "https://hooks.test/s", bodyTemplate: "{}" }), ADMIN],
    ] as const) {
      for (const [at, byte] of fc.sample(fc.tuple(fc.nat({ max: text.length }), stray), { numRuns: 150, seed: 8 })) {
        const body = text.slice(0, at) + String.fromCharCode(byte) + text.slice(at);
        expect(() => JSON.parse(body)).toThrow();
        list.push({ what: `${path} byte ${byte} at ${at}`, path, body, token, status: 400, code: "API_INVALID_JSON", errorPath: "" });
      }
    }
    await pool(list, refuse);
  });
});

describe("invalid events", () => {
  it("wrong types at every field path, bad values and missing required fields: 400 EVENT_INVALID at the exact path (ingest and invoke)", async () => {
    const list: BadRequest[] = [];
    for (const kind of ["request", "audit"] as const) {
      // The Manual mock sets every optional request field (a bundle, two access groups).
      const valid = kind === "audit" ? mockAuditEvent() : mockRequestEvent("Manual");
      for (const c of badEventCases(kind, valid as unknown as Record<string, unknown>)) {
        const body = JSON.stringify(c.event);
        list.push({ what: `${kind}: ${c.what}`, path: route[kind], body, token: INGEST, status: 400, code: "EVENT_INVALID", errorPath: c.path });
        if (kind === "request") list.push({ what: `invoke: ${c.what}`, path: route.invoke(), body, status: 400, code: "EVENT_INVALID", errorPath: c.path });
      }
      // The other kind's event on this route.
      list.push({ what: `${kind} route, other kind`, path: route[kind], body: JSON.stringify(sampleEvent[kind === "audit" ? "request" : "audit"]), token: INGEST, status: 400, code: "EVENT_KIND_MISMATCH", errorPath: "event_type" });
    }
    expect(list.length).toBeGreaterThanOrEqual(500);
    await pool(list, refuse);
  });

  it("a batch with one bad event at position k is refused whole with the path events[k]…", async () => {
    const list: BadRequest[] = [];
    for (const kind of ["request", "audit"] as const) {
      const valid = kind === "audit" ? mockAuditEvent() : mockRequestEvent("Manual");
      badEventCases(kind, valid as unknown as Record<string, unknown>).forEach((c, i) => {
        if (i % 2 !== 0) return;
        const goods = 1 + (i % 4);
        const k = (i >> 1) % (goods + 1);
        const events: unknown[] = Array.from({ length: goods }, () => goodEvent(kind, `batch-${kind}`));
        refusedGood[kind].push(...(events as Array<Record<string, unknown>>));
        events.splice(k, 0, c.event);
        list.push({ what: `${kind} batch[${k}]: ${c.what}`, path: route[kind], body: JSON.stringify({ events }), token: INGEST, status: 400, code: "EVENT_INVALID", errorPath: joinPath(`events[${k}]`, c.path) });
      });
      const other = kind === "audit" ? "request" : "audit";
      for (let k = 0; k < 4; k++) {
        const events: unknown[] = [goodEvent(kind, `batch-${kind}`), goodEvent(kind, `batch-${kind}`), goodEvent(kind, `batch-${kind}`)];
        refusedGood[kind].push(...(events as Array<Record<string, unknown>>));
        events.splice(k, 0, sampleEvent[other]);
        list.push({ what: `${kind} batch[${k}]: the other kind`, path: route[kind], body: JSON.stringify({ events }), token: INGEST, status: 400, code: "EVENT_KIND_MISMATCH", errorPath: `events[${k}].event_type` });
      }
      for (const events of ["x", 1, {}, null, { 0: sampleEvent[kind] }]) {
        list.push({ what: `${kind} events = ${JSON.stringify(events)}`, path: route[kind], body: JSON.stringify({ events }), token: INGEST, status: 400, code: "EVENT_INVALID", errorPath: "events" });
      }
      const tooMany = Array.from({ length: MAX_BATCH + 1 }, () => goodEvent(kind, `toomany-${kind}`));
      refusedGood[kind].push(...tooMany);
      list.push({ what: `${kind} batch of ${MAX_BATCH + 1}`, path: route[kind], body: JSON.stringify({ events: tooMany }), token: INGEST, status: 400, code: "EVENT_BATCH_TOO_LARGE", errorPath: "events" });
    }
    expect(list.length).toBeGreaterThanOrEqual(150);
    await pool(list, refuse);
  });
});

describe("bodies too large, too deep, not UTF-8, or not labelled JSON", () => {
  it(`over ingest.maxBodyBytes (${MAX_BODY}) announced or streamed: 413 API_BODY_TOO_LARGE; exactly the limit is accepted`, async () => {
    const routes: Array<[string, string, string]> = [
      ["POST", route.request, INGEST],
      ["POST", route.audit, INGEST],
      ["POST", route.register, ADMIN],
      ["POST", route.test, ADMIN],
      ["POST", route.invoke(), ADMIN],
      ["PUT", route.put(), ADMIN],
    ];
    const prefix = `{"events": [${JSON.stringify(sampleEvent.request).slice(0, -1)}, "pad": "`;
    // The routes in parallel: a refused body is drained up to 2 s before the 413 (so a client that writes
    // it whole reads the answer), and the announced cases never send the rest.
    await Promise.all(
      routes.map(async ([method, path, token]) => {
        // Announced: refused on the Content-Length, before a byte of the body is read.
        for (const announced of [MAX_BODY + 1, 2 * MAX_BODY, 10_000_000_000]) {
          await refuseRaw(`${method} ${path} announcing ${announced}`, method, path, token, { announced, body: Buffer.from(prefix) });
        }
        // Streamed without a length: refused once the limit is passed.
        for (const sent of [MAX_BODY + 1, MAX_BODY + 4096, MAX_BODY + 65_536]) {
          await refuseRaw(`${method} ${path} streaming ${sent}`, method, path, token, { body: Buffer.from(prefix.padEnd(sent, "x")) });
        }
      }),
    );

    for (const kind of ["request", "audit"] as const) {
      for (const size of [MAX_BODY, MAX_BODY - 1]) {
        const event = goodEvent(kind, `limit-${size}`);
        const base = Buffer.byteLength(JSON.stringify({ ...event, pad: "" }));
        const body = JSON.stringify({ ...event, pad: "p".repeat(size - base) });
        expect(Buffer.byteLength(body)).toBe(size);
        await accept(kind, body, [String(event.id)]);
      }
    }
  });

  it("10,000 and 100,000 levels of [ or { anywhere in a body, closed or not: 400 API_INVALID_JSON, and the process stays up", async () => {
    const list: BadRequest[] = [];
    const registration = (value: string) => `{"kind": "request", "name": ${value}, "url": "https://hooks.test/d", "bodyTemplate": "{}", "triggers": ["Manual"]}`;
    for (const depth of [10_000, 100_000]) {
      for (const open of ["[", "{"] as const) {
        const deep = nested(open, depth);
        const inEvent = (kind: EventKind) => JSON.stringify({ ...sampleEvent[kind], data: { ...(sampleEvent[kind].data as object), [kind === "audit" ? "metadata" : "custom_fields"]: { x: 0 } } }).replace('{"x":0}', `{"x":${deep}}`);
        const bodies: Array<[string, string, string?, ("PUT" | "POST")?]> = [
          [route.request, deep, INGEST],
          [route.request, nested(open, depth, "1", false), INGEST],
          [route.request, inEvent("request"), INGEST],
          [route.request, `{"events": [${inEvent("request")}]}`, INGEST],
          [route.request, JSON.stringify(sampleEvent.request).replace('"id":', `"extra":${deep},"id":`), INGEST],
          [route.audit, deep, INGEST],
          [route.audit, inEvent("audit"), INGEST],
          [route.invoke(), inEvent("request")],
          [route.register, deep],
          [route.register, registration(deep)],
          [route.test, registration(deep)],
          [route.put(), registration(deep), ADMIN, "PUT"],
        ];
        bodies.forEach(([path, body, token, method], i) =>
          list.push({ what: `${depth} × ${open} body ${i}`, method, path, body, token, status: 400, code: "API_INVALID_JSON", errorPath: "" }),
        );
      }
    }
    // Under the body limit but deeper than an event may nest: EVENT_INVALID at the first level too deep.
    for (const open of ["[", "{"] as const) {
      const custom = JSON.stringify({ ...sampleEvent.request, data: { ...(sampleEvent.request.data as object), custom_fields: { x: 0 } } }).replace('{"x":0}', `{"x":${nested(open, 100)}}`);
      const at = formatPath(["data", "custom_fields", "x", ...nestedSegments(open, 62)]);
      list.push({ what: `event nested 103 levels (${open})`, path: route.request, body: custom, token: INGEST, status: 400, code: "EVENT_INVALID", errorPath: at });
      list.push({ what: `batch event nested 103 levels (${open})`, path: route.request, body: `{"events": [${custom}]}`, token: INGEST, status: 400, code: "EVENT_INVALID", errorPath: `events[0].${at}` });
      list.push({ what: `invoke nested 103 levels (${open})`, path: route.invoke(), body: custom, status: 400, code: "EVENT_INVALID", errorPath: at });
      list.push({ what: `registration nested 20 levels (${open})`, path: route.register, body: `{"kind": "audit", "name": "n", "url": "https://hooks.test/x", "headers": {"X": ${nested(open, 20)}}}`, status: 400, code: "CONFIG_INVALID_TYPE", errorPath: "headers" });
    }
    await pool(list, refuse, 4);
  });

  it("invalid UTF-8 (overlong, lone continuation, surrogates, truncated, out of range) inside and outside strings: 400 API_INVALID_JSON", async () => {
    const list: BadRequest[] = [];
    const marker = "\u00e9"; // é: two bytes, replaced by each bad sequence
    const bodies: Array<[string, string, string?, ("PUT" | "POST")?]> = [
      [route.request, JSON.stringify({ ...sampleEvent.request, data: { ...(sampleEvent.request.data as object), justification: `a${marker}b` } }), INGEST],
      [route.request, JSON.stringify({ ...sampleEvent.request, [`k${marker}`]: 1 }), INGEST],
      [route.audit, JSON.stringify({ ...sampleEvent.audit, data: { ...(sampleEvent.audit.data as object), actor_name: `${marker}` } }), INGEST],
      [route.audit, `${JSON.stringify(sampleEvent.audit)} ${marker}`, INGEST],
      [route.register, JSON.stringify({ kind: "audit", name: `n${marker}`, url: "https://hooks.test/u", bodyTemplate: "{}" })],
      [route.test, JSON.stringify({ kind: "audit", name: "n", url: "https://hooks.test/u", bodyTemplate: `{"a": "${marker}"}` })],
      [route.put(), JSON.stringify({ name: `n${marker}` }), ADMIN, "PUT"],
      [route.invoke(), JSON.stringify({ ...sampleEvent.request, data: { ...(sampleEvent.request.data as object), id: `${marker}` } })],
    ];
    for (const [path, text, token, method] of bodies) {
      const [before, after] = text.split(marker);
      for (const seq of INVALID_UTF8) {
        const body = Buffer.concat([Buffer.from(before), Buffer.from(seq.bytes), Buffer.from(after)]);
        list.push({ what: `${path} ${seq.name}`, method, path, body, token, status: 400, code: "API_INVALID_JSON", errorPath: "" });
      }
    }
    expect(list.length).toBe(bodies.length * INVALID_UTF8.length);
    await pool(list, refuse);
    // The same bodies with valid multi-byte characters are accepted.
    for (const text of ["é", "😀", "\u{10FFFF}", "\uFFFD"]) {
      const event = goodEvent("request", "utf8");
      event.data = { ...(event.data as object), justification: text };
      await accept("request", Buffer.from(JSON.stringify(event)), [String(event.id)]);
    }
  });

  it("a non-JSON Content-Type is 415 API_UNSUPPORTED_MEDIA_TYPE whatever the body; under a JSON label (or none) a non-JSON body is 400 API_INVALID_JSON and JSON is read", async () => {
    const nonJson = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"];
    const jsonLabels = ["application/json; charset=latin1", "application/cloudevents+json", "", null];
    const bodies = ["a=1&b=2", "<event/>", "--x\r\nContent-Disposition: form-data\r\n\r\n1\r\n--x--", JSON.stringify(sampleEvent.request).slice(0, -1)];
    const list: BadRequest[] = [];
    for (const contentType of [...nonJson, ...jsonLabels]) {
      const [status, code] = nonJson.includes(contentType as string) ? [415, "API_UNSUPPORTED_MEDIA_TYPE"] : [400, "API_INVALID_JSON"];
      for (const body of [...bodies, ...(status === 415 ? [JSON.stringify(goodEvent("request", "ctype-refused"))] : [])]) {
        list.push({ what: `${String(contentType)}: ${body.slice(0, 10)}`, path: route.request, body: Buffer.from(body), token: INGEST, contentType, status, code, errorPath: "" });
        list.push({ what: `register ${String(contentType)}: ${body.slice(0, 10)}`, path: route.register, body: Buffer.from(body), contentType, status, code, errorPath: "" });
      }
    }
    await pool(list, refuse);
    for (const contentType of jsonLabels) {
      const event = goodEvent("audit", "ctype");
      await accept("audit", Buffer.from(JSON.stringify(event)), [String(event.id)], { contentType });
    }
  });
});

describe("invalid registrations on POST /v1/webhooks, PUT /v1/webhooks/{id} and POST /v1/webhooks/test", () => {
  it("every generated bad config: 400 with the expected code at the field's path, no secret in the answer", async () => {
    const configs = [...wrongTypeConfigCases("audit"), ...wrongTypeConfigCases("request"), ...fieldRuleCases()];
    const list: BadRequest[] = [];
    const asRequest = (c: ConfigCase, path: string, method: "POST" | "PUT" = "POST"): BadRequest => {
      // Nested thousands of levels, the body itself is refused before the config is looked at.
      const deep = c.field === "(nesting)";
      return {
        what: `${method} ${path} ${c.what}`,
        method,
        path,
        body: deep ? `{"kind": "${c.kind}", "nested": ${nested("[", 100_000)}}` : JSON.stringify(c.config),
        status: 400,
        code: deep ? "API_INVALID_JSON" : c.code,
        errorPath: deep ? "" : c.path,
        secrets: [SECRET_MARK, ...secretValuesOf(c.config)],
      };
    };
    configs.forEach((c, i) => {
      list.push(asRequest(c, route.register));
      if (i % 2 === 0) list.push(asRequest(c, route.test));
      // PUT keeps the webhook's kind; a missing kind is allowed there.
      if (c.kind === "request" && i % 2 === 1 && !(c.field === "kind" && c.config.kind === undefined)) list.push(asRequest(c, route.put(), "PUT"));
    });
    expect(list.length).toBeGreaterThanOrEqual(1000);
    await pool(list, refuse);
  });
});

describe("the NDJSON file source", () => {
  it("skips a line nested 10,000 levels deep (EVENT_INVALID with its path) and one that is not JSON, and reads the lines after them", async () => {
    const deepLine = JSON.stringify({ ...sampleEvent.request, id: "file-deep" }).replace('"custom_fields":{"ticket":"INC-2291"}', `"custom_fields":{"x":${nested("[", 10_000)}}`);
    expect(deepLine).toContain("[[[[");
    const lines = [JSON.stringify({ ...sampleEvent.request, id: "file-good-1" }), deepLine, "{not json", JSON.stringify({ ...sampleEvent.request, id: "file-good-2" })];
    appendFileSync(fileSource, lines.join("\n") + "\n");
    await until("the file's good lines", async () => {
      const res = await fetch(`${runtime.url}/v1/deliveries?webhookId=${String(hooks.request.id)}&limit=1000`, { headers: { Authorization: `Bearer ${ADMIN}` } });
      const ids = ((await res.json()) as { deliveries: Array<{ eventId: string }> }).deliveries.map((d) => d.eventId);
      return ids.includes("file-good-1") && ids.includes("file-good-2") ? true : undefined;
    });
    accepted.request.add("file-good-1");
    accepted.request.add("file-good-2");
    const skipped = printed.split("\n").filter((l) => l.includes("file source: skipped"));
    expect(skipped.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: "warn", code: "EVENT_INVALID", errorPath: formatPath(["data", "custom_fields", "x", ...nestedSegments("[", 62)]) }),
      expect.objectContaining({ level: "warn", code: "EVENT_INVALID", errorPath: "" }),
    ]);
  });
});

describe("nothing of a refused request was stored", () => {
  it("no delivery of an event from a refused batch; sent again, each is new (not a duplicate)", async () => {
    const res = await fetch(`${runtime.url}/v1/deliveries?limit=1000`, { headers: { Authorization: `Bearer ${ADMIN}` } });
    const { deliveries } = (await res.json()) as { deliveries: Array<{ eventId: string }> };
    const refusedIds = new Set([...refusedGood.request, ...refusedGood.audit].map((e) => String(e.id)));
    expect(refusedIds.size).toBeGreaterThanOrEqual(150);
    expect(deliveries.filter((d) => refusedIds.has(d.eventId))).toEqual([]);
    for (const kind of ["request", "audit"] as const) {
      const events = refusedGood[kind];
      for (let i = 0; i < events.length; i += MAX_BATCH) {
        const part = events.slice(i, i + MAX_BATCH);
        await accept(kind, JSON.stringify({ events: part }), part.map((e) => String(e.id)));
      }
    }
    const event = goodEvent("request", "invoke");
    const r = await send("POST", route.invoke(), JSON.stringify(event));
    expect(r.status).toBe(202);
    invoked = [String(event.id)];
  });

  it("the webhooks are the two registered, unchanged by every refused PUT", async () => {
    const res = await fetch(`${runtime.url}/v1/webhooks`, { headers: { Authorization: `Bearer ${ADMIN}` } });
    const { webhooks } = (await res.json()) as { webhooks: unknown[] };
    expect(webhooks).toEqual(expect.arrayContaining([hooks.request, hooks.audit]));
    expect(webhooks).toHaveLength(2);
  });

  it("the deliveries are exactly those of the good requests, each delivered once, and the receiver got exactly those", async () => {
    type Delivery = { id: string; eventId: string; webhookId: string; status: string; attempts: number };
    // One listing per webhook, each below the listing's limit of 1000, so none is cut short.
    const list = async (kind: EventKind, status = ""): Promise<Delivery[]> => {
      const res = await fetch(`${runtime.url}/v1/deliveries?webhookId=${String(hooks[kind].id)}&status=${status}&limit=1000`, { headers: { Authorization: `Bearer ${ADMIN}` } });
      return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
    };
    const want = { request: new Set([...accepted.request, ...invoked]), audit: accepted.audit };
    const deliveries: Delivery[] = [];
    for (const kind of ["request", "audit"] as const) {
      expect(want[kind].size).toBeLessThan(1000);
      await until(`${want[kind].size} ${kind} deliveries delivered`, async () => ((await list(kind, "delivered")).length >= want[kind].size ? true : undefined), 30_000);
      const all = await list(kind);
      expect(all.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
      expect(all.map((d) => d.eventId).sort()).toEqual([...want[kind]].sort());
      deliveries.push(...all);
    }
    expect(rx.requests).toHaveLength(want.request.size + want.audit.size);
    expect(new Set(rx.requests.map((q) => q.headers["webhook-id"]))).toEqual(new Set(deliveries.map((d) => d.id)));

    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toContain(`webhooks_events_ingested_total{kind="request"} ${accepted.request.size}\n`);
    expect(metrics).toContain(`webhooks_events_ingested_total{kind="audit"} ${accepted.audit.size}\n`);
  });

  it("the process printed no error, no stack trace and no 500", () => {
    expect(printed).toContain('"msg":"request"');
    expect(printed).not.toMatch(/"level":"(error|fatal)"/);
    expect(printed).not.toMatch(/\n\s+at |RangeError|TypeError|Unhandled|uncaught/i);
    expect(printed).not.toContain('"status":500');
    expect(runtime.child.exitCode).toBeNull();
  });

  it("ran at least 5,000 generated bad requests", () => {
    expect(cases).toBeGreaterThanOrEqual(5000);
  });
});
