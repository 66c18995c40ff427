// docs/troubleshooting.md has one row per error code of provider/errors.ts, no
// more and no fewer, and no doc names a code that does not exist: a code added
// to the product without its cause and fix, or renamed, fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ERROR_CODES } from "../../../provider/errors";
import { classifyError, classifyStatus } from "../../../provider/http/classify";

const docsDir = join(__dirname, "../../../docs");
const read = (name: string) => readFileSync(join(docsDir, name), "utf8");
const doc = read("troubleshooting.md");
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** Table rows whose first cell is a backquoted code, with their cells. */
const rows = doc
  .split("\n")
  .filter((l) => /^\| `[A-Z][A-Z_]+` \|/.test(l))
  .map((l) => l.slice(1, -1).split("|").map((c) => c.trim()));
const listed = rows.map((r) => r[0].replace(/`/g, ""));

describe("docs/troubleshooting.md", () => {
  it("has a row for every error code and for nothing else", () => {
    expect(sorted(listed)).toEqual(sorted(ERROR_CODES));
  });

  it("lists each code once", () => {
    expect(listed.length).toBe(new Set(listed).size);
  });

  it.each(rows.map((r) => [r[0], r] as const))("gives %s a cause, where it shows, whether it is retried and a fix", (_code, cells) => {
    expect(cells).toHaveLength(5);
    const [, cause, where, retried, fix] = cells;
    expect(cause.length).toBeGreaterThan(15);
    expect(where.length).toBeGreaterThan(2);
    expect(retried).toMatch(/^(yes|yes \(by the client, after `Retry-After`\)|no|—|delivery: yes|408, 429, 5xx: yes; other 4xx: no|endpoint .*: yes; .*: no)$/);
    expect(fix.length).toBeGreaterThan(5);
  });

  // The retry column agrees with how provider/http classifies each outcome.
  it.each([
    ["DNS_ERROR", classifyError(Object.assign(new Error("x"), { code: "ENOTFOUND" }), { host: "h" })],
    ["CONNECTION_ERROR", classifyError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), { host: "h" })],
    ["TLS_ERROR", classifyError(Object.assign(new Error("x"), { code: "CERT_HAS_EXPIRED" }), { host: "h" })],
    ["TIMEOUT", classifyError(new Error("x"), { host: "h", timedOut: true })],
    ["HTTP_REDIRECT", { code: classifyStatus(302)!.code, retryable: classifyStatus(302)!.retryable }],
  ] as const)("says whether %s is retried as the classifier does", (code, classified) => {
    expect(classified.code).toBe(code);
    const row = rows.find((r) => r[0] === `\`${code}\``)!;
    expect(row[3]).toBe(classified.retryable ? "yes" : "no");
  });

  it("says which HTTP statuses are retried as the classifier does", () => {
    const retried = [400, 401, 404, 408, 409, 422, 429, 500, 502, 503].filter((s) => classifyStatus(s)!.retryable);
    expect(retried).toEqual([408, 429, 500, 502, 503]);
    expect(rows.find((r) => r[0] === "`HTTP_STATUS`")![3]).toBe("408, 429, 5xx: yes; other 4xx: no");
  });
});

describe.each(["troubleshooting.md", "reference.md", "templates.md", "README.md"])("docs/%s", (name) => {
  it("names only error codes that exist", () => {
    const known = new Set<string>(ERROR_CODES);
    const named = [...read(name).matchAll(/`([A-Z][A-Z]+(?:_[A-Z]+)+)`/g)].map((m) => m[1]);
    // Environment variables share the shape of a code.
    const unknown = named.filter((c) => !c.startsWith("WEBHOOKS_") && !known.has(c));
    expect(unknown).toEqual([]);
  });
});
