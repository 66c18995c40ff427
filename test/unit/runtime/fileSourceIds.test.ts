// Ids of NDJSON lines without their own: deterministic per (source, offset, line),
// so re-reading a line gives the same id, and a rewritten file gives new ones.
import { lineEventId } from "../../../provider/runtime/sources/fileSource";

const line = Buffer.from('{"event_type":"RequestCreated"}');

describe("lineEventId", () => {
  it("is stable for the same source, offset and line, and a valid event id", () => {
    const id = lineEventId("events.ndjson", 120, line);
    expect(lineEventId("events.ndjson", 120, Buffer.from(line))).toBe(id);
    expect(id).toMatch(/^file_[0-9a-f]{40}$/);
  });

  it.each([
    ["another source", lineEventId("other.ndjson", 120, line)],
    ["another offset", lineEventId("events.ndjson", 121, line)],
    ["another line at the same offset (a rewritten file)", lineEventId("events.ndjson", 120, Buffer.from("{}"))],
  ])("differs for %s", (_name, other) => {
    expect(other).not.toBe(lineEventId("events.ndjson", 120, line));
  });

  it("separates name and offset unambiguously", () => {
    expect(lineEventId("a1", 23, line)).not.toBe(lineEventId("a", 123, line));
  });
});
