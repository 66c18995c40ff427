// Ingest bodies: one event or {events: [...]}, all-or-nothing validation with
// the failing event's path, batch limit, id assignment.
import { mockAuditEvent, mockRequestEvent } from "../../../provider/model/mockEvents";
import { eventsOfBody } from "../../../provider/runtime/ingestBody";

const ids = () => {
  let n = 0;
  return () => `gen-${++n}`;
};

function thrown(fn: () => unknown): { code: string; path: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; path: string; message: string };
  }
  throw new Error("expected a throw");
}

describe("eventsOfBody", () => {
  it("one event: validated, its own id kept", () => {
    const event = { ...mockRequestEvent("RequestGranted"), id: "evt-42" };
    expect(eventsOfBody("request", event, { maxBatch: 10, newId: ids() })).toEqual([{ id: "evt-42", kind: "request", event }]);
  });

  it("a batch: every event, ids assigned in order to those without one", () => {
    const body = { events: [mockAuditEvent(), { ...mockAuditEvent(), id: "mine" }, mockAuditEvent()] };
    expect(eventsOfBody("audit", body, { maxBatch: 10, newId: ids() }).map((e) => e.id)).toEqual(["gen-1", "mine", "gen-2"]);
  });

  it("ids default to UUIDs", () => {
    const [e] = eventsOfBody("audit", mockAuditEvent(), { maxBatch: 1 });
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("an empty batch is nothing to commit", () => {
    expect(eventsOfBody("audit", { events: [] }, { maxBatch: 10 })).toEqual([]);
  });

  it("an invalid single event: EVENT_INVALID with the event's path", () => {
    const event = mockRequestEvent("RequestCreated") as Record<string, unknown>;
    delete (event.data as Record<string, unknown>).id;
    expect(thrown(() => eventsOfBody("request", event, { maxBatch: 10 }))).toMatchObject({
      code: "EVENT_INVALID",
      path: "data.id",
      message: "data.id is required in a request event",
    });
  });

  it("a batch with one invalid event fails whole, path prefixed events[i]", () => {
    const bad = { ...mockRequestEvent("RequestCreated"), event_time: "yesterday" };
    const err = thrown(() => eventsOfBody("request", { events: [mockRequestEvent("RequestCreated"), bad] }, { maxBatch: 10 }));
    expect(err).toMatchObject({ code: "EVENT_INVALID", path: "events[1].event_time" });
    expect(err.message.startsWith("events[1].event_time")).toBe(true);
  });

  it("an event of the other kind is EVENT_KIND_MISMATCH", () => {
    expect(thrown(() => eventsOfBody("request", mockAuditEvent(), { maxBatch: 10 }))).toMatchObject({
      code: "EVENT_KIND_MISMATCH",
      path: "event_type",
      message: "the event is an audit event, not a request event; send it as an audit event",
    });
    expect(thrown(() => eventsOfBody("audit", { events: [mockRequestEvent("Manual")] }, { maxBatch: 10 }))).toMatchObject({
      code: "EVENT_KIND_MISMATCH",
      path: "events[0].event_type",
    });
  });

  it("more than maxBatch events: EVENT_BATCH_TOO_LARGE", () => {
    const body = { events: [mockAuditEvent(), mockAuditEvent(), mockAuditEvent()] };
    expect(thrown(() => eventsOfBody("audit", body, { maxBatch: 2 }))).toMatchObject({
      code: "EVENT_BATCH_TOO_LARGE",
      path: "events",
      message: "the batch has 3 events, more than the limit of 2; split it into batches of at most 2",
    });
  });

  it("events that is not an array, and a body that is not an object", () => {
    expect(thrown(() => eventsOfBody("audit", { events: {} }, { maxBatch: 2 }))).toMatchObject({ code: "EVENT_INVALID", path: "events" });
    expect(thrown(() => eventsOfBody("audit", "hello", { maxBatch: 2 }))).toMatchObject({ code: "EVENT_INVALID", path: "" });
  });
});
