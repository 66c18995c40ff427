// The DNS cache in front of dns.lookup: real lookups of localhost and of a name under
// .invalid (RFC 6761: never resolves), counted, on a fake clock.
import { lookup, type LookupAddress } from "node:dns";
import { DnsCache } from "../../../provider/http/dnsCache";

function counted(clock: { now: number }, options: { maxEntries?: number } = {}) {
  const calls: string[] = [];
  const cache = new DnsCache({
    ttlMs: 30_000,
    negativeTtlMs: 2_000,
    now: () => clock.now,
    ...options,
    resolve: (hostname, family, cb) => {
      calls.push(hostname);
      lookup(hostname, { family, all: true }, cb);
    },
  });
  const resolve = (name: string) =>
    new Promise<{ err: NodeJS.ErrnoException | null; addresses: LookupAddress[] }>((r) => cache.lookup(name, 0, (err, addresses) => r({ err, addresses })));
  return { cache, calls, resolve };
}

describe("DnsCache", () => {
  it("answers a name from one lookup until its TTL ends, and shares a lookup in progress", async () => {
    const clock = { now: 0 };
    const { calls, resolve } = counted(clock);
    const answers = await Promise.all([resolve("localhost"), resolve("localhost"), resolve("LOCALHOST")]);
    expect(answers[0].err).toBeNull();
    expect(answers[0].addresses.length).toBeGreaterThan(0);
    for (const a of answers) expect(a.addresses).toEqual(answers[0].addresses);
    clock.now += 29_999;
    await resolve("localhost");
    expect(calls).toEqual(["localhost"]);
    clock.now += 1;
    await resolve("localhost");
    expect(calls).toEqual(["localhost", "localhost"]);
  });

  it("remembers a failure only briefly", async () => {
    const clock = { now: 0 };
    const { calls, resolve } = counted(clock);
    expect((await resolve("nothing-here.invalid")).err?.code).toBe("ENOTFOUND");
    clock.now += 1_999;
    expect((await resolve("nothing-here.invalid")).err?.code).toBe("ENOTFOUND");
    expect(calls).toHaveLength(1);
    clock.now += 1;
    await resolve("nothing-here.invalid");
    expect(calls).toHaveLength(2);
  });

  it("keeps at most maxEntries names, dropping the least recently used", async () => {
    const clock = { now: 0 };
    const { cache, calls, resolve } = counted(clock, { maxEntries: 2 });
    await resolve("localhost");
    await resolve("a.invalid");
    await resolve("localhost");
    await resolve("b.invalid"); // pushes out a.invalid
    expect(cache.size).toBe(2);
    await resolve("localhost");
    await resolve("a.invalid");
    expect(calls).toEqual(["localhost", "a.invalid", "b.invalid", "a.invalid"]);
  });

  it("calls back asynchronously, cached or not", async () => {
    const { cache, resolve } = counted({ now: 0 });
    await resolve("localhost");
    let called = false;
    cache.lookup("localhost", 0, () => (called = true));
    expect(called).toBe(false);
    await new Promise((r) => process.nextTick(r));
    expect(called).toBe(true);
  });
});
