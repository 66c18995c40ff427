// Failures as the engine gets them: one message with the code, and the dynamic
// host's stderr print of the error (message twice + stack) dropped unless WEBHOOKS_DEBUG.
import { WebhookError } from "../../../provider/errors";
import { engineMessage } from "../../../provider/resources/engineError";
import { engineFailure } from "../../../provider/resources/dynamicBoundary";

const unreachable = () =>
  new WebhookError({ code: "RUNTIME_UNREACHABLE", message: "GET http://127.0.0.1:1/v1/webhooks/wh_1 failed (ECONNREFUSED): could not reach the webhooks runtime" });

/** What @pulumi/pulumi's dynamic-provider host does in read/check/diff/delete before answering the engine. */
const hostPrints = (e: Error) => console.error(`${String(e)}: ${e.stack ?? ""}`);

describe("engineMessage", () => {
  it("adds the code once", () => {
    expect(engineMessage(unreachable())).toBe("GET http://127.0.0.1:1/v1/webhooks/wh_1 failed (ECONNREFUSED): could not reach the webhooks runtime (RUNTIME_UNREACHABLE)");
    expect(engineMessage(new WebhookError({ code: "API_NOT_FOUND", message: "no webhook wh_1 (API_NOT_FOUND)" }))).toBe("no webhook wh_1 (API_NOT_FOUND)");
  });

  it("says how to see the stack of an unexpected error", () => {
    expect(engineMessage(new TypeError("x is undefined"))).toBe("x is undefined (unexpected: run with WEBHOOKS_DEBUG=1 for the stack trace, and report it)");
  });
});

describe("engineFailure (the dynamic provider's boundary)", () => {
  let printed: unknown[][];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    printed = [];
    spy = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args));
  });
  afterEach(() => jest.restoreAllMocks());

  it("drops the host's print of the failure, once, and keeps every other print", async () => {
    const failure = engineFailure(unreachable(), {});
    expect(failure.message).toMatch(/could not reach the webhooks runtime \(RUNTIME_UNREACHABLE\)$/);
    hostPrints(failure);
    console.error("something else");
    hostPrints(failure);
    expect(printed).toEqual([["something else"], [`${String(failure)}: ${failure.stack}`]]);
    // A print that never comes does not leave the filter installed.
    engineFailure(unreachable(), {});
    await new Promise((r) => setImmediate(r));
    expect(console.error).toBe(spy);
  });

  it("keeps the host's print with the original stack under WEBHOOKS_DEBUG=1", () => {
    const original = unreachable();
    const failure = engineFailure(original, { WEBHOOKS_DEBUG: "1" });
    expect(failure.stack).toBe(original.stack);
    hostPrints(failure);
    expect(printed).toHaveLength(1);
    expect(String(printed[0][0])).toContain("    at ");
  });

  it("keeps a partial failure's id, properties and reasons for the engine", () => {
    const partial = Object.assign(new Error("webhook wh_1 was registered, but the step did not finish: bad answer (RUNTIME_UNREACHABLE)"), {
      id: "wh_1",
      properties: { webhookId: "wh_1" },
      reasons: ["bad answer"],
    });
    expect(engineFailure(partial, {})).toMatchObject({ message: partial.message, id: "wh_1", properties: { webhookId: "wh_1" }, reasons: ["bad answer"] });
  });
});
