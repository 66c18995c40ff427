// Delivery ids in the UUID version 7 layout: the creation time in ms, then random
// bits. Every index keyed on a delivery id (the primary key, attempts by delivery)
// then grows at its end, instead of dirtying a random page per insert.
import { randomUUID } from "node:crypto";

/** A new UUID (RFC 9562 version 7): 48 bits of `now` (epoch ms), the version, then random bits. */
export function timeOrderedUuid(now: number): string {
  // randomUUID draws from a pooled entropy cache (randomBytes(16) per id costs a syscall);
  // its version-4 layout already has the variant bits, so only the time and version change.
  const random = randomUUID();
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, "0").slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}
