// What the receiver gets: method, body, headers, Standard Webhooks id, timestamp
// and a signature that the `standardwebhooks` library verifies; and what the
// record shows of it.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { renderBody } from "../../../provider/templating";
import { mockAuditEvent } from "../../../provider/model/mockEvents";
import { VERSION } from "../../../provider/version";
import { attempt, createHarness, deliver, webhook, type Harness } from "./harness";

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const secret = `whsec_${randomBytes(32).toString("base64")}`;

describe("the request a delivery sends", () => {
  it("carries the rendered body, JSON content type, User-Agent, auth, custom headers and the Standard Webhooks headers", async () => {
    const rx = await h.receiver();
    const hook = webhook({
      headers: { "X-Api-Key": "key-123456" },
      authentication: { type: "bearer", token: "bearer-token-42" },
      signingSecret: secret,
    });
    const now = Date.now();
    const record = await deliver(hook, h.deps(rx.pin("hooks.test"), {}, () => now), attempt({ deliveryId: "msg_2mX9" }));
    expect(record.result).toBe("success");

    const seen = rx.requests[0];
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/in");
    expect(seen.body).toBe(renderBody(hook.template, mockAuditEvent()));
    expect(seen.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": `pulumi-webhooks/${VERSION}`,
      authorization: "Bearer bearer-token-42",
      "x-api-key": "key-123456",
      "webhook-id": "msg_2mX9",
      "webhook-timestamp": String(Math.floor(now / 1000)),
    });
    expect(() => new Webhook(secret).verify(seen.body, seen.headers)).not.toThrow();
    // A signature over another body or with another key does not verify.
    expect(() => new Webhook(secret).verify(`${seen.body} `, seen.headers)).toThrow();
    expect(() => new Webhook(`whsec_${randomBytes(32).toString("base64")}`).verify(seen.body, seen.headers)).toThrow();

    expect(record.request.headers).toEqual({
      "X-Api-Key": "****",
      "Content-Type": "application/json",
      "User-Agent": `pulumi-webhooks/${VERSION}`,
      Authorization: "Bearer ****",
      "webhook-id": "msg_2mX9",
      "webhook-timestamp": String(Math.floor(now / 1000)),
      "webhook-signature": seen.headers["webhook-signature"],
    });
    expect(record.request.body).toBe(seen.body);
  });

  it("sends no webhook-signature without a signing secret", async () => {
    const rx = await h.receiver();
    await deliver(webhook(), h.deps(rx.pin("hooks.test")));
    expect(rx.requests[0].headers["webhook-signature"]).toBeUndefined();
    expect(rx.requests[0].headers["webhook-id"]).toMatch(/^msg_test_/);
  });

  it("keeps a Content-Type and a User-Agent the webhook sets (masked in the record, as every webhook header value)", async () => {
    const rx = await h.receiver();
    const record = await deliver(
      webhook({ headers: { "content-type": "application/vnd.api+json", "user-agent": "allow-listed/1.0" } }),
      h.deps(rx.pin("hooks.test")),
    );
    expect(rx.requests[0].headers["content-type"]).toBe("application/vnd.api+json");
    expect(rx.requests[0].headers["user-agent"]).toBe("allow-listed/1.0");
    expect(record.request.headers).toMatchObject({ "content-type": "****", "user-agent": "****" });
    expect(Object.keys(record.request.headers)).not.toContain("Content-Type");
    expect(Object.keys(record.request.headers)).not.toContain("User-Agent");
  });

  it("sends a GET without a body or Content-Type, and signs the empty body", async () => {
    const rx = await h.receiver();
    const record = await deliver(webhook({ method: "GET", bodyTemplate: "", signingSecret: secret }), h.deps(rx.pin("hooks.test")));
    const seen = rx.requests[0];
    expect(seen.method).toBe("GET");
    expect(seen.body).toBe("");
    expect(seen.headers["content-type"]).toBeUndefined();
    expect(() => new Webhook(secret).verify("", seen.headers)).not.toThrow();
    expect(record.request).toMatchObject({ method: "GET", body: "" });
  });

  it("sends the query as configured and records it with every value masked", async () => {
    const rx = await h.receiver();
    const record = await deliver(webhook({ url: "https://hooks.test/in?token=qs-secret-77&region=eu&flag=" }), h.deps(rx.pin("hooks.test")));
    expect(rx.requests[0].url).toBe("/in?token=qs-secret-77&region=eu&flag=");
    expect(record.request.url).toBe("https://hooks.test/in?token=****&region=****&flag=");
  });

  it("uses the same webhook-id on every attempt of a delivery, a fresh timestamp, and one kept-alive connection", async () => {
    const rx = await h.receiver();
    const hook = webhook({ signingSecret: secret });
    let now = Date.now();
    const deps = h.deps(rx.pin("hooks.test"), {}, () => now);
    rx.reply({ status: 503 }, { status: 200 });
    const first = await deliver(hook, deps, attempt({ deliveryId: "msg_same", attempt: 1 }));
    now += 7000;
    const second = await deliver(hook, deps, attempt({ deliveryId: "msg_same", attempt: 2 }));
    expect([first.result, second.result]).toEqual(["failure", "success"]);
    const [a, b] = rx.requests;
    expect([a.headers["webhook-id"], b.headers["webhook-id"]]).toEqual(["msg_same", "msg_same"]);
    expect(Number(b.headers["webhook-timestamp"]) - Number(a.headers["webhook-timestamp"])).toBe(7);
    expect(() => new Webhook(secret).verify(b.body, b.headers)).not.toThrow();
    expect(rx.connections).toBe(1);
  });
});
