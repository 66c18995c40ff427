// The NDJSON file source inside a running engine: lines are delivered, a restart
// resumes at the saved offset (no line twice, none skipped), bad lines are
// skipped and logged with their byte offset, truncation starts again at 0.
import { appendFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RequestEvent } from "../../../provider/model/events";
import { mockRequestEvent } from "../../../provider/model/mockEvents";
import type { Engine } from "../../../provider/runtime/engine";
import { startReceiver, type Receiver } from "../../support/httpsReceiver";
import { tempDir } from "../../support/tempFiles";
import { createTestCa, type TestCa } from "../../support/testCa";
import { settled, startEngine, type RecordingObserver } from "./engineHarness";
import { waitFor, webhookConfig } from "./storeFixtures";
import { TestStores, type StoreKind } from "../../support/storeKinds";

export function fileSourceSuite(kind: StoreKind): void {
  describe(`${kind} store`, () => {
    const stores = new TestStores(kind);
    afterAll(() => stores.dispose());

    let ca: TestCa;
    let rx: Receiver;
    const tmp = tempDir("webhooks-filesource-");
    let n = 0;
    const running: Engine[] = [];

    beforeAll(async () => {
      ca = createTestCa();
      rx = await startReceiver({ tls: ca });
      rx.respondWith(() => ({ status: 200 }));
    });
    beforeEach(() => {
      rx.requests.length = 0;
    });
    afterEach(async () => {
      for (const e of running.splice(0)) await e.stop({ drainMs: 5000 });
    });
    afterAll(async () => {
      await rx.close();
      ca.dispose();
      tmp.remove();
    });

    /** A request event whose friendly_id names it, so the receiver's bodies say which line arrived. */
    const line = (name: string, fields: Partial<RequestEvent> = {}) =>
      `${JSON.stringify({ ...mockRequestEvent("RequestCreated"), ...fields, data: { ...mockRequestEvent("RequestCreated").data, friendly_id: name } })}\n`;

    const BODY = '{"line": "{{ data.friendly_id }}"}';
    const received = () => rx.requests.map((r) => (JSON.parse(r.body) as { line: string }).line).sort();

    function setup(follow = true): { dataDir: string; file: string; sources: Array<{ type: "file"; path: string; follow: boolean; kind: "request" }> } {
      n += 1;
      const file = join(tmp.dir, `events${n}.ndjson`);
      return { dataDir: join(tmp.dir, `data${n}`), file, sources: [{ type: "file", path: file, follow, kind: "request" }] };
    }

    async function engineWith(dataDir: string, sources: ReturnType<typeof setup>["sources"], register: boolean) {
      const started = await startEngine(dataDir, rx, ca, { sources }, stores);
      running.push(started.engine);
      if (register) await started.engine.registerWebhook(webhookConfig("request", { url: "https://hooks.test/file", bodyTemplate: BODY }));
      return started;
    }

    it("delivers every line; after a restart it resumes at the saved offset: no line twice, none skipped", async () => {
      const { dataDir, file, sources } = setup();
      // The webhook exists before the lines are read: register it on a first run with no file yet.
      const first = await engineWith(dataDir, sources, true);
      writeFileSync(file, line("L1") + line("L2", { id: "own-id" }) + line("L3"));
      await settled(first.engine, 3);
      expect(received()).toEqual(["L1", "L2", "L3"]);
      expect(await first.engine.store.sourceOffset(file)).toBe(statSync(file).size);
      await first.engine.stop();

      appendFileSync(file, line("L4") + line("L5"));
      const second = await engineWith(dataDir, sources, false);
      await settled(second.engine, 5);
      expect(received()).toEqual(["L1", "L2", "L3", "L4", "L5"]);
      // Read from the offset: the old lines were not even read again (they would show as duplicates).
      expect(second.observer.ingested).toEqual([{ kind: "request", count: 2, duplicates: 0 }]);
      expect(await second.engine.store.sourceOffset(file)).toBe(statSync(file).size);
      // Lines without an id got deterministic ones; the line with its own id kept it.
      expect((await second.engine.store.listDeliveries({})).map((d) => d.eventId)).toContain("own-id");
    });

    it("follows the file: appended lines are delivered, a partial line waits for its newline", async () => {
      const { dataDir, file, sources } = setup();
      writeFileSync(file, "");
      const { engine, observer } = await engineWith(dataDir, sources, true);
      appendFileSync(file, line("F1"));
      await settled(engine, 1);
      const partial = line("F2");
      appendFileSync(file, partial.slice(0, 20));
      // Several polls see the partial line; none may take it for a (bad) line.
      await new Promise((r) => setTimeout(r, 600));
      expect(received()).toEqual(["F1"]);
      appendFileSync(file, partial.slice(20));
      await settled(engine, 2);
      expect(received()).toEqual(["F1", "F2"]);
      expect(observer.logs.filter((l) => l.level === "warn")).toEqual([]);
    });

    it("a line that is not a valid event is skipped and logged with its byte offset and error path", async () => {
      const { dataDir, file, sources } = setup();
      const { engine, observer } = await engineWith(dataDir, sources, true);
      const good1 = line("G1");
      const notJson = "{not json\n";
      const noData = `${JSON.stringify({ event_type: "RequestCreated", event_time: 1717416000, data: { requester: {} } })}\n`;
      writeFileSync(file, good1 + notJson + "\n" + noData + line("G2"));
      await settled(engine, 2);
      expect(received()).toEqual(["G1", "G2"]);
      await waitFor("the skipped lines to be committed", async () => (await engine.store.sourceOffset(file)) === statSync(file).size);
      // (Whether the source looked before the file existed, and said so, depends on timing.)
      const warnings = (observer as RecordingObserver).logs.filter((l) => l.level === "warn" && l.message.startsWith("file source: skipped"));
      expect(warnings.map((w) => [w.message, w.fields?.offset, w.fields?.code, w.fields?.errorPath])).toEqual([
        ["file source: skipped a line that is not JSON", Buffer.byteLength(good1), "EVENT_INVALID", ""],
        ["file source: skipped a line that is not a valid event", Buffer.byteLength(good1 + notJson + "\n"), "EVENT_INVALID", "data.id"],
      ]);
      expect(warnings[0].fields?.source).toBe(file);
    });

    it("a truncated file is read again from the start", async () => {
      const { dataDir, file, sources } = setup();
      const { engine, observer } = await engineWith(dataDir, sources, true);
      writeFileSync(file, line("T1") + line("T2"));
      await settled(engine, 2);
      writeFileSync(file, line("T3"));
      await settled(engine, 3);
      expect(received()).toEqual(["T1", "T2", "T3"]);
      expect(observer.logs.some((l) => l.level === "warn" && /shorter than the saved offset/.test(l.message))).toBe(true);
    });

    it("without follow, the file is read once to its end, a last line without a newline included", async () => {
      const { dataDir, file, sources } = setup(false);
      // Registered on a first run (the file does not exist yet), then read by the second.
      const first = await engineWith(dataDir, sources, true);
      await first.engine.stop();
      writeFileSync(file, line("N1") + line("N2").trimEnd());
      const { engine } = await engineWith(dataDir, sources, false);
      await settled(engine, 2);
      expect(received()).toEqual(["N1", "N2"]);
      await waitFor("the offset at the end", async () => (await engine.store.sourceOffset(file)) === statSync(file).size);
    });
  });
}
