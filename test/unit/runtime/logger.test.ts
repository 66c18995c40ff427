import { createLogger, logLevelOf, type LoggerOptions } from "../../../provider/runtime/logger";

const ADMIN = "adm_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const INGEST = "ing_0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const T0 = Date.parse("2025-06-01T12:00:00.000Z");

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger({ write: (l) => lines.push(l), now: () => T0, secrets: [ADMIN, INGEST], ...options });
  const last = () => JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  return { logger, lines, last };
}

describe("logger", () => {
  it("writes one JSON object per line: time, level, msg, then the fields", () => {
    const { logger, lines } = capture();
    logger.info("request", { method: "GET", path: "/v1/webhooks", status: 200, ms: 3 });
    expect(lines).toEqual([
      '{"time":"2025-06-01T12:00:00.000Z","level":"info","msg":"request","method":"GET","path":"/v1/webhooks","status":200,"ms":3}\n',
    ]);
  });

  it("drops lines below the level and keeps the rest", () => {
    const { logger, lines } = capture({ level: "warn" });
    logger.debug("a");
    logger.info("b");
    logger.warn("c");
    logger.error("d");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["c", "d"]);
  });

  it.each([
    ["token", "abc-123-xyz"],
    ["adminToken", "abc-123-xyz"],
    ["clientSecret", "abc-123-xyz"],
    ["signingSecret", "whsec_abc"],
    ["password", "hunter2"],
    ["Authorization", "Bearer abc"],
    ["cookie", "session=abc"],
    ["set-cookie", "session=abc"],
    ["apiKey", "k-123"],
    ["api_key", "k-123"],
  ])("masks a field named %s", (name, value) => {
    const { logger, last } = capture();
    logger.info("x", { [name]: value, nested: { [name]: value } });
    expect(last()[name]).toBe("****");
    expect(last().nested).toEqual({ [name]: "****" });
  });

  it("masks header values and keeps header names", () => {
    const { logger, last } = capture();
    logger.info("x", { headers: { "X-Api-Key": "k1", "Content-Type": "application/json" }, request: { headers: { "x-sig": "v" } } });
    expect(last().headers).toEqual({ "X-Api-Key": "****", "Content-Type": "****" });
    expect(last().request).toEqual({ headers: { "x-sig": "****" } });
  });

  it("masks URL query values in every string and in the message", () => {
    const { logger, last } = capture();
    logger.warn("posting to https://hooks.example.com/in?key=abc&region=eu failed", {
      url: "https://hooks.example.com/in?key=abc&flag",
      note: "see https://x.example/p?q=1 for more",
      list: ["http://a.example/?t=zz"],
    });
    expect(last()).toMatchObject({
      msg: "posting to https://hooks.example.com/in?key=****&region=**** failed",
      url: "https://hooks.example.com/in?key=****&****",
      note: "see https://x.example/p?q=**** for more",
      list: ["http://a.example/?t=****"],
    });
  });

  it.each([
    ["the message", (t: string) => ["got " + t, {}]],
    ["a field value", (t: string) => ["x", { detail: `bearer ${t} refused` }]],
    ["a nested value", (t: string) => ["x", { a: { b: [{ c: t }] } }]],
    ["a field name", (t: string) => ["x", { [t]: 1 }]],
    ["an error message", (t: string) => ["x", { error: new Error(`bad token ${t}`) }]],
    ["its JSON-escaped form", (t: string) => ["x", { body: JSON.stringify({ t }) }]],
  ] as Array<[string, (t: string) => [string, Record<string, unknown>]]>)("scrubs registered secrets from %s", (_what, make) => {
    for (const secret of [ADMIN, INGEST]) {
      const { logger, lines } = capture();
      const [msg, fields] = make(secret);
      logger.error(msg, fields);
      expect(lines[0]).not.toContain(secret);
      expect(lines[0]).toContain("****");
    }
  });

  it("scrubs secrets registered after creation", () => {
    const { logger, lines } = capture();
    logger.addSecrets("late-secret-value");
    logger.info("the late-secret-value leaked?");
    expect(lines[0]).not.toContain("late-secret-value");
  });

  it("serializes errors as name, message and code", () => {
    const { logger, last } = capture();
    const e = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    logger.error("x", { error: e });
    expect(last().error).toEqual({ name: "Error", message: "connect ECONNREFUSED", code: "ECONNREFUSED" });
  });

  it("keeps time, level and msg from being overwritten by fields", () => {
    const { logger, last } = capture();
    logger.info("real", { time: "fake", level: "error", msg: "fake", other: 1 });
    expect(last()).toEqual({ time: "2025-06-01T12:00:00.000Z", level: "info", msg: "real", other: 1 });
  });

  it("reads WEBHOOKS_LOG_LEVEL, defaulting to info", () => {
    expect(logLevelOf("DEBUG")).toBe("debug");
    expect(logLevelOf("warn")).toBe("warn");
    expect(logLevelOf("verbose")).toBe("info");
    expect(logLevelOf(undefined)).toBe("info");
  });
});
