// The bearer-token check compares fixed-length SHA-256 digests with
// crypto.timingSafeEqual, so a wrong token of any length takes the same path
// as one of the right length. Shown by spying on the compare, not by timing it
// (the default import is the module object auth.ts calls through).
import crypto from "node:crypto";
import { acceptedTokens, tokenMatches } from "../../../../provider/runtime/api/auth";

const tokens = { adminToken: "admin-0123456789abcdef", ingestToken: "ingest-0123456789abcdef" };
const sha256 = (text: string): Buffer => crypto.createHash("sha256").update(text, "utf8").digest();

let compare: jest.SpiedFunction<typeof crypto.timingSafeEqual>;
beforeEach(() => {
  compare = jest.spyOn(crypto, "timingSafeEqual");
});
afterEach(() => compare.mockRestore());

/** The arguments of every timingSafeEqual call, as hex. */
const calls = (): string[][] => compare.mock.calls.map(([a, b]) => [Buffer.from(a as Uint8Array).toString("hex"), Buffer.from(b as Uint8Array).toString("hex")]);

describe("tokenMatches compares digests in constant time", () => {
  it.each([
    ["a wrong token of another length", "short"],
    ["a wrong token of equal length, differing in the last character", "admin-0123456789abcdeF"],
    ["a prefix of the right token", "admin-0123456789abcde"],
    ["no token at all", undefined],
  ])("refuses %s after one timingSafeEqual over two 32-byte SHA-256 digests", (_what, given) => {
    expect(tokenMatches(given, acceptedTokens("admin", tokens))).toBe(false);
    expect(calls()).toEqual([[sha256(given ?? "").toString("hex"), sha256(tokens.adminToken).toString("hex")]]);
    expect(compare.mock.calls.every(([a, b]) => (a as Buffer).length === 32 && (b as Buffer).length === 32)).toBe(true);
  });

  it("accepts the right token through the same single compare", () => {
    expect(tokenMatches(tokens.adminToken, acceptedTokens("admin", tokens))).toBe(true);
    expect(calls()).toEqual([[sha256(tokens.adminToken).toString("hex"), sha256(tokens.adminToken).toString("hex")]]);
  });

  it("compares against every accepted token, even after a match, so which one matched does not show", () => {
    // Ingest routes accept the ingest token and the admin token.
    expect(tokenMatches(tokens.ingestToken, acceptedTokens("ingest", tokens))).toBe(true);
    expect(tokenMatches("wrong", acceptedTokens("ingest", tokens))).toBe(false);
    const ingest = sha256(tokens.ingestToken).toString("hex");
    const admin = sha256(tokens.adminToken).toString("hex");
    const wrong = sha256("wrong").toString("hex");
    expect(calls()).toEqual([
      [ingest, ingest],
      [ingest, admin],
      [wrong, ingest],
      [wrong, admin],
    ]);
  });
});
