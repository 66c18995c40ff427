import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { signPayload } from "../../../provider/delivery";

describe("signPayload", () => {
  it("matches the Standard Webhooks reference vector", () => {
    expect(signPayload("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("agrees with the standardwebhooks library for any key, id, time and body", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.string({ unit: "grapheme", maxLength: 200 }),
        (key, id, ts, body) => {
          const secret = `whsec_${Buffer.from(key).toString("base64")}`;
          expect(signPayload(secret, id, ts, body)).toBe(new Webhook(secret).sign(id, new Date(ts * 1000), body));
        },
      ),
    );
  });
});
