// No secret reaches an invocation record, even when the receiver echoes the
// request's headers and URL back in its response headers and body, and even in
// a validator's actual values and the failure message built from them.
import fc from "fast-check";
import type { InvocationRecord } from "../../../provider/delivery";
import { startOAuthServer } from "../../support/oauthServer";
import type { Receiver, RecordedRequest, ScriptedResponse } from "../../support/httpsReceiver";
import { createHarness, deliver, webhook, type Harness } from "./harness";

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const OUTCOMES = ["success", "status-500", "validation-failed", "status-401", "reset"] as const;
type Outcome = (typeof OUTCOMES)[number];

/** Answers with everything it was sent, in headers and body, with the status the outcome needs. */
function echo(outcome: Outcome) {
  return (req: RecordedRequest): ScriptedResponse => {
    if (outcome === "reset") return { reset: "before-headers" };
    const status = outcome === "status-500" ? 500 : outcome === "status-401" ? 401 : 200;
    return {
      status,
      headers: {
        "content-type": "application/json",
        "x-echo-authorization": req.headers.authorization ?? "",
        "x-echo-url": req.url,
        "x-echo-key": req.headers["x-key-one"] ?? "",
      },
      body: JSON.stringify({ url: req.url, headers: req.headers }),
    };
  };
}

function validatorsFor(outcome: Outcome) {
  // The failing validators read echoed secrets, so the VALIDATION_FAILED message quotes them.
  return outcome === "validation-failed"
    ? [
        { jsonPath: "$.data.headers.authorization", expectedValues: ["nope"] },
        { jsonPath: "$.data.url", expectedValues: ["nope"] },
        { jsonPath: "$.headers.x-echo-key", expectedValues: ["nope"] },
      ]
    : [{ jsonPath: "$.status", expectedValues: ["200"] }];
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

/** Neither the record as JSON nor any string in it holds a secret, as sent or as an echo may carry it. */
function expectNoSecret(record: InvocationRecord, secrets: string[]): void {
  const json = JSON.stringify(record);
  const all = strings(record);
  for (const secret of secrets) {
    expect(json).not.toContain(secret);
    // Trimmed: HTTP drops a header value's outer spaces. JSON-escaped: the echo body is JSON.
    for (const form of [secret, secret.trim(), JSON.stringify(secret).slice(1, -1)]) {
      expect(all.filter((s) => s.includes(form))).toEqual([]);
    }
  }
}

// Distinctive values: a tag (so each is ≥ 4 characters and unlike anything else) and random text.
const TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".split("");
const HEADER_CHARS = [...TOKEN_CHARS, "+", "/", "=", '"', "\\", " ", ":", ",", ";", "'", "{", "}"];
const text = (chars: string[]) => fc.string({ unit: fc.constantFrom(...chars), minLength: 6, maxLength: 24 });
const secretsArb = fc.record({
  headerOne: text(HEADER_CHARS).map((s) => `H1${s}`),
  headerTwo: text(HEADER_CHARS).map((s) => ` H2${s} `),
  token: text(TOKEN_CHARS).map((s) => `BT${s}`),
  clientSecret: text(TOKEN_CHARS).map((s) => `CS${s}`),
  signingKey: fc.uint8Array({ minLength: 24, maxLength: 48 }),
  queryOne: text(TOKEN_CHARS).map((s) => `Q1${s}`),
  queryTwo: text(TOKEN_CHARS).map((s) => `Q2${s}`),
  outcome: fc.constantFrom(...OUTCOMES),
});

describe("secrets never reach the invocation record", () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await h.receiver();
  });

  it("bearer webhooks: header values, token, signing secret and query values, for every outcome", async () => {
    const deps = h.deps(rx.pin("hooks.test"));
    await fc.assert(
      fc.asyncProperty(secretsArb, async (s) => {
        const signingSecret = `whsec_${Buffer.from(s.signingKey).toString("base64")}`;
        rx.respondWith(echo(s.outcome));
        const before = rx.requests.length;
        const record = await deliver(
          webhook({
            url: `https://hooks.test/in?key=${s.queryOne}&other=${s.queryTwo}`,
            headers: { "X-Key-One": s.headerOne, "X-Key-Two": s.headerTwo },
            authentication: { type: "bearer", token: s.token },
            signingSecret,
            responseValidators: validatorsFor(s.outcome),
          }),
          deps,
        );
        // The secrets did travel (so the echo carried them back).
        expect(rx.requests[before].headers.authorization).toBe(`Bearer ${s.token}`);
        expect(record.result).toBe(s.outcome === "success" ? "success" : "failure");
        expectNoSecret(record, [s.headerOne, s.headerTwo, s.token, signingSecret, signingSecret.slice(6), s.queryOne, s.queryTwo]);
      }),
      { numRuns: 40 },
    );
  });

  it("OAuth webhooks: the client secret and every access token issued, including after a 401 refresh", async () => {
    await fc.assert(
      fc.asyncProperty(secretsArb, async (s) => {
        const oauth = await startOAuthServer({ tls: h.ca, clients: { "client-p": s.clientSecret } });
        try {
          const deps = h.deps({ ...rx.pin("hooks.test"), ...oauth.pin() });
          rx.respondWith(echo(s.outcome));
          const record = await deliver(
            webhook({
              url: `https://hooks.test/in?key=${s.queryOne}`,
              headers: { "X-Key-One": s.headerOne },
              authentication: { type: "oauth", clientId: "client-p", clientSecret: s.clientSecret, tokenEndpointUrl: oauth.tokenUrl },
              responseValidators: validatorsFor(s.outcome),
            }),
            deps,
          );
          expect(oauth.issued.length).toBe(s.outcome === "status-401" ? 2 : 1);
          expect(record.oauthTokenRefreshed).toBe(s.outcome === "status-401");
          expectNoSecret(record, [s.headerOne, s.clientSecret, s.queryOne, ...oauth.issued]);
        } finally {
          await oauth.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it.each([
    ["a percent-encoded query value, echoed encoded and decoded", "https://hooks.test/in?sig=ab%2Fcd%2Bef%3D%3D", "https://hooks.test/in?sig=****", ["ab%2Fcd%2Bef%3D%3D", "ab/cd+ef=="]],
    ["a query item without a name", "https://hooks.test/in?Zm9vYmFyYmF6cXV4", "https://hooks.test/in?****", ["Zm9vYmFyYmF6cXV4"]],
  ])("%s", async (_name, url, masked, secrets) => {
    const deps = h.deps(rx.pin("hooks.test"));
    rx.respondWith((req) => ({ status: 200, body: JSON.stringify({ raw: req.url, decoded: decodeURIComponent(req.url) }) }));
    const record = await deliver(webhook({ url }), deps);
    expect(record.result).toBe("success");
    expectNoSecret(record, secrets);
    expect(record.request.url).toBe(masked);
  });
});
