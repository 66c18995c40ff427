// Issue 13 item 1: out of file descriptors, a send must fail with LOCAL_RESOURCE_EXHAUSTED (the
// runtime's own fault, retryable, no request made) and never raise an unhandled 'error' that
// exits the process. A child process uses up its own (small) open-file limit, then sends with
// the built HttpClient to a host pinned with network.resolve, to a name looked up in DNS, and
// asks the OAuth token cache for a token.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/runtimeProcess";

const SCRIPT = `
const { openSync } = require("node:fs");
const { HttpClient } = require(${JSON.stringify(join(REPO_ROOT, "dist/provider/http/httpClient.js"))});
const { OAuthTokenCache } = require(${JSON.stringify(join(REPO_ROOT, "dist/provider/http/oauthTokens.js"))});
const client = new HttpClient({ policy: { allowPrivateAddresses: false, allowCidrs: ["127.0.0.0/8"], resolve: { "hooks.test": "127.0.0.1" } } });
(async () => {
  const held = [];
  try { for (;;) held.push(openSync("/dev/null", "r")); } catch (e) { if (e.code !== "EMFILE") throw e; }
  const out = { held: held.length };
  for (const [name, url] of [["pinned", "https://hooks.test:9/in"], ["dns", "https://localhost:9/in"]]) {
    try { await client.send({ method: "POST", url, headers: {} }, { timeoutMs: 5000 }); out[name] = "sent"; }
    catch (e) { out[name] = { code: e.code, retryable: e.retryable }; }
  }
  const oauth = new OAuthTokenCache(client);
  try { await oauth.getToken({ clientId: "c", clientSecret: "s", tokenEndpointUrl: "https://hooks.test:9/token" }, { timeoutMs: 5000 }); out.oauth = "sent"; }
  catch (e) { out.oauth = { code: e.code, retryable: e.retryable }; }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})();
`;

describe("HttpClient out of file descriptors", () => {
  it("fails each send with LOCAL_RESOURCE_EXHAUSTED and the process keeps running", () => {
    const run = spawnSync("prlimit", ["--nofile=64:64", "--", process.execPath, "-e", SCRIPT], { encoding: "utf8", timeout: 20_000 });
    expect(run.stderr).not.toMatch(/Unhandled 'error' event/);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out.held).toBeGreaterThan(0);
    expect(out.pinned).toEqual({ code: "LOCAL_RESOURCE_EXHAUSTED", retryable: true });
    expect(out.dns).toEqual({ code: "LOCAL_RESOURCE_EXHAUSTED", retryable: true });
    // A token fetch that could not be made is the runtime's fault too, not OAUTH_TOKEN_ERROR.
    expect(out.oauth).toEqual({ code: "LOCAL_RESOURCE_EXHAUSTED", retryable: true });
  });
});
