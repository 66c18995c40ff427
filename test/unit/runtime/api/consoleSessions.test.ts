// The console's sessions: random ids, idle and absolute expiry, sign-out, a
// bound on how many are kept, and the Origin / CSRF checks of a write.
import { ABSOLUTE_MS, ConsoleSessions, IDLE_MS, MAX_SESSIONS, cookieHeader, csrfOk, sameOrigin, sessionCookie } from "../../../../provider/runtime/api/consoleSessions";

describe("ConsoleSessions", () => {
  let now = 1_000_000;
  const clock = () => now;

  it("gives each session its own random id and CSRF token", () => {
    const sessions = new ConsoleSessions(clock);
    const a = sessions.create("admin");
    const b = sessions.create("admin");
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(sessions.get(a.id)).toBe(a);
    expect(sessions.get("forged")).toBeUndefined();
    expect(sessions.get(undefined)).toBeUndefined();
  });

  it("ends a session idle for longer than the idle limit; use restarts the idle clock", () => {
    const sessions = new ConsoleSessions(clock);
    const s = sessions.create("admin");
    now += IDLE_MS - 1;
    expect(sessions.get(s.id)).toBe(s);
    now += IDLE_MS - 1;
    expect(sessions.get(s.id)).toBe(s);
    now += IDLE_MS + 1;
    expect(sessions.get(s.id)).toBeUndefined();
  });

  it("ends a session at its absolute expiry however busy it is", () => {
    const sessions = new ConsoleSessions(clock);
    const s = sessions.create("admin");
    expect(sessions.expiresAt(s)).toBe(now + ABSOLUTE_MS);
    const end = now + ABSOLUTE_MS;
    while (now + IDLE_MS / 2 < end) {
      now += IDLE_MS / 2;
      expect(sessions.get(s.id)).toBe(s);
    }
    now = end + 1;
    expect(sessions.get(s.id)).toBeUndefined();
  });

  it("deletes on sign-out and keeps at most MAX_SESSIONS, dropping the oldest", () => {
    const sessions = new ConsoleSessions(clock);
    const first = sessions.create("admin");
    sessions.delete(first.id);
    expect(sessions.get(first.id)).toBeUndefined();
    const oldest = sessions.create("admin");
    for (let i = 0; i < MAX_SESSIONS; i++) sessions.create("admin");
    expect(sessions.get(oldest.id)).toBeUndefined();
  });
});

describe("cookie and origin checks", () => {
  const headers = (h: Record<string, string>) => ({ headers: h });

  it("reads the session cookie among others and writes it HttpOnly, SameSite=Strict, Secure only over TLS", () => {
    expect(sessionCookie(headers({ cookie: "a=1; webhooks_console=abc; b=2" }))).toBe("abc");
    expect(sessionCookie(headers({}))).toBeUndefined();
    expect(cookieHeader("abc", 60, false)).toBe("webhooks_console=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60");
    expect(cookieHeader("abc", 60, true)).toMatch(/; Secure$/);
  });

  it("accepts a write only from the console's own origin, with the session's CSRF token", () => {
    const session = new ConsoleSessions(() => 0).create("admin");
    const ok = { host: "127.0.0.1:8787", origin: "http://127.0.0.1:8787", "x-csrf-token": session.csrfToken };
    expect(csrfOk(headers(ok), session)).toBe(true);
    expect(csrfOk(headers({ ...ok, "x-csrf-token": "nope" }), session)).toBe(false);
    expect(csrfOk(headers({ ...ok, origin: "http://127.0.0.1:9999" }), session)).toBe(false);
    expect(csrfOk(headers({ ...ok, "sec-fetch-site": "same-site" }), session)).toBe(false);
    const { origin: _o, ...noOrigin } = ok;
    expect(csrfOk(headers(noOrigin), session)).toBe(false);
    expect(sameOrigin(headers({ host: "h:1", origin: "https://h:1", "sec-fetch-site": "same-origin" }))).toBe(true);
  });
});
