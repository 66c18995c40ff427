import { acceptedTokens, bearerToken, tokenMatches } from "../../../../provider/runtime/api/auth";

const tokens = { adminToken: "admin-0123456789abcdef", ingestToken: "ingest-0123456789abcdef" };

describe("API auth", () => {
  it.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["Bearer   abc  ", "abc"],
    ["Basic abc", undefined],
    ["Bearer", undefined],
    ["Bearer a b", undefined],
    ["abc", undefined],
    [undefined, undefined],
  ])("reads the token of Authorization %j as %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it("opens admin routes with the admin token only, ingest routes with either", () => {
    const admin = acceptedTokens("admin", tokens);
    const ingest = acceptedTokens("ingest", tokens);
    expect(tokenMatches(tokens.adminToken, admin)).toBe(true);
    expect(tokenMatches(tokens.ingestToken, admin)).toBe(false);
    expect(tokenMatches(tokens.ingestToken, ingest)).toBe(true);
    expect(tokenMatches(tokens.adminToken, ingest)).toBe(true);
  });

  it.each([
    ["no token", undefined],
    ["an empty token", ""],
    ["a prefix", "admin-0123456789abcde"],
    ["a longer token", "admin-0123456789abcdef0"],
    ["another case", "ADMIN-0123456789ABCDEF"],
  ])("refuses %s", (_what, given) => {
    expect(tokenMatches(given, acceptedTokens("admin", tokens))).toBe(false);
  });
});
