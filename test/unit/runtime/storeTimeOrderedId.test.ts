// Delivery ids: UUIDs in the version 7 layout, so ids made later sort later
// (indexes keyed on them grow at the end) and each is still unique.
import { timeOrderedUuid } from "../../../provider/runtime/store/timeOrderedId";

const T = Date.UTC(2026, 10, 21, 6, 30, 0, 123);

it("is a version 7 UUID whose first 48 bits are the time in ms", () => {
  const id = timeOrderedUuid(T);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(T);
});

it("ids of a later ms sort after those of an earlier one; ids of the same ms differ", () => {
  const earlier = Array.from({ length: 50 }, () => timeOrderedUuid(T));
  const later = Array.from({ length: 50 }, () => timeOrderedUuid(T + 1));
  expect(new Set([...earlier, ...later]).size).toBe(100);
  expect(earlier.every((a) => later.every((b) => a < b))).toBe(true);
});
