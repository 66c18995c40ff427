import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isWebhookError } from "../../../provider/errors";
import { loadRuntimeConfig, readRuntimeConfig } from "../../../provider/runtime/loadRuntimeConfig";
import { tempDir } from "../../support/tempFiles";

const tmp = tempDir("webhooks-config-");
afterAll(() => tmp.remove());

let n = 0;
/** A fresh working directory per test. */
function cwd(): string {
  const dir = join(tmp.dir, `case-${++n}`);
  mkdirSync(dir);
  return dir;
}

function failure(fn: () => unknown): { code: string; path: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isWebhookError(e)) return { code: e.code, path: e.path, message: e.message };
    throw e;
  }
  throw new Error("expected a WebhookError");
}

const ADMIN = "admin-token-0123456789abcdef";
const INGEST = "ingest-token-0123456789abcdef";

describe("readRuntimeConfig", () => {
  it("gives the documented defaults with no file and no environment, dataDir resolved against cwd", () => {
    const dir = cwd();
    const config = readRuntimeConfig({ env: {}, cwd: dir });
    expect(config).toEqual({
      listen: "127.0.0.1:8787",
      dataDir: join(dir, ".webhooks-runtime"),
      store: "sqlite",
      tls: {},
      server: {},
      network: { allowPrivateAddresses: false, allowCidrs: [], resolve: {} },
      delivery: {
        concurrency: 64,
        perOriginConcurrency: 16,
        maxAttempts: 8,
        backoff: { initialSeconds: 5, maxSeconds: 36000, multiplier: 8 },
        leaseSeconds: 90,
      },
      ingest: { maxBodyBytes: 5 * 1024 * 1024, maxBatch: 1000, maxBytesInFlight: 10 * 1024 * 1024 },
      memory: { maxHeapMb: 192 },
      retention: { days: 30 },
      sources: [],
      encryption: {},
    });
  });

  it("reads the encryption keys and key file from WEBHOOKS_ENCRYPTION_KEY and WEBHOOKS_ENCRYPTION_KEY_FILE (issue 13 item 9)", () => {
    const dir = cwd();
    const config = readRuntimeConfig({ env: { WEBHOOKS_ENCRYPTION_KEY: "a,b", WEBHOOKS_ENCRYPTION_KEY_FILE: "/etc/webhooks/keys" }, cwd: dir });
    expect(config.encryption).toEqual({ keys: "a,b", keyFile: "/etc/webhooks/keys" });
  });

  it("reads a YAML file and lets WEBHOOKS_* variables override it", () => {
    const dir = cwd();
    const file = join(dir, "runtime.yaml");
    writeFileSync(
      file,
      ["listen: 127.0.0.1:9000", "dataDir: /var/lib/webhooks", "network:", "  allowCidrs: [10.0.0.0/8]", "delivery:", "  maxAttempts: 3"].join("\n"),
    );
    const config = readRuntimeConfig({
      file,
      cwd: dir,
      env: { WEBHOOKS_LISTEN: "0.0.0.0:8080", WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: "1", WEBHOOKS_TLS_CA_FILE: "/etc/ca.pem" },
    });
    expect(config.listen).toBe("0.0.0.0:8080");
    expect(config.dataDir).toBe("/var/lib/webhooks");
    expect(config.network).toEqual({ allowPrivateAddresses: true, allowCidrs: ["10.0.0.0/8"], resolve: {} });
    expect(config.tls).toEqual({ caFile: "/etc/ca.pem" });
    expect(config.delivery.maxAttempts).toBe(3);
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["false", false],
    ["0", false],
  ])("reads WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=%s as %s", (text, value) => {
    expect(readRuntimeConfig({ env: { WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: text }, cwd: cwd() }).network.allowPrivateAddresses).toBe(value);
  });

  it("treats an empty variable as unset", () => {
    expect(readRuntimeConfig({ env: { WEBHOOKS_LISTEN: "" }, cwd: cwd() }).listen).toBe("127.0.0.1:8787");
  });

  it.each<[string, Record<string, unknown>, NodeJS.ProcessEnv, string, RegExp]>([
    ["a bad listen value", { listen: "8787" }, {}, "listen", /listen is host:port/],
    ["a number out of range", { delivery: { concurrency: 0 } }, {}, "delivery.concurrency", /delivery\.concurrency/],
    ["no API connections", { server: { maxConnections: 0 } }, {}, "server.maxConnections", /server\.maxConnections/],
    ["an unknown key", { delivery: { retries: 3 } }, {}, "delivery", /unknown key\(s\) retries/],
    ["a short token", { adminToken: "short" }, {}, "adminToken", /at least 16 characters/],
    ["a bad source", { sources: [{ type: "file" }] }, {}, "sources[0].path", /sources\[0\]\.path/],
    ["a bad variable", {}, { WEBHOOKS_LISTEN: "nowhere" }, "listen", /\(set by WEBHOOKS_LISTEN\)$/],
    ["a bad boolean variable", {}, { WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: "yes" }, "network.allowPrivateAddresses", /^WEBHOOKS_ALLOW_PRIVATE_ADDRESSES must be true, false, 1 or 0$/],
  ])("refuses %s with RUNTIME_CONFIG_INVALID and the path", (_what, values, env, path, message) => {
    const dir = cwd();
    const file = join(dir, "runtime.json");
    writeFileSync(file, JSON.stringify(values));
    const e = failure(() => readRuntimeConfig({ file, env, cwd: dir }));
    expect(e.code).toBe("RUNTIME_CONFIG_INVALID");
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it("never quotes a token in its error message", () => {
    const e = failure(() => readRuntimeConfig({ env: { WEBHOOKS_ADMIN_TOKEN: "s3cr3t-short" }, cwd: cwd() }));
    expect(e.code).toBe("RUNTIME_CONFIG_INVALID");
    expect(e.message).not.toContain("s3cr3t");
  });

  it("reports a missing or non-mapping file as RUNTIME_CONFIG_INVALID", () => {
    const dir = cwd();
    expect(failure(() => readRuntimeConfig({ file: join(dir, "nope.yaml"), env: {}, cwd: dir }))).toEqual({
      code: "RUNTIME_CONFIG_INVALID",
      path: "",
      message: `runtime config file: no such file: ${join(dir, "nope.yaml")}`,
    });
    const list = join(dir, "list.yaml");
    writeFileSync(list, "- a\n- b\n");
    expect(failure(() => readRuntimeConfig({ file: list, env: {}, cwd: dir })).message).toBe(
      `runtime config file ${list} must hold a mapping of keys (listen, dataDir, …)`,
    );
  });

  it("takes an empty file as all defaults", () => {
    const dir = cwd();
    const file = join(dir, "empty.yaml");
    writeFileSync(file, "");
    expect(readRuntimeConfig({ file, env: {}, cwd: dir }).listen).toBe("127.0.0.1:8787");
  });
});

describe("loadRuntimeConfig tokens", () => {
  it("generates both tokens on the first start, stores them 0600 in a 0700 data dir, and reuses them after", () => {
    const dir = cwd();
    const first = loadRuntimeConfig({ env: {}, cwd: dir });
    const dataDir = join(dir, ".webhooks-runtime");
    expect(first.generated).toEqual(["adminToken", "ingestToken"]);
    expect(first.tokensFile).toBe(join(dataDir, "tokens.json"));
    expect(first.config.adminToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.config.ingestToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.config.adminToken).not.toBe(first.config.ingestToken);
    expect(statSync(first.tokensFile).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(first.tokensFile, "utf8"))).toEqual({
      adminToken: first.config.adminToken,
      ingestToken: first.config.ingestToken,
    });

    const second = loadRuntimeConfig({ env: {}, cwd: dir });
    expect(second.generated).toEqual([]);
    expect(second.config.adminToken).toBe(first.config.adminToken);
    expect(second.config.ingestToken).toBe(first.config.ingestToken);
  });

  it("never writes a token given by the environment or the file", () => {
    const dir = cwd();
    const loaded = loadRuntimeConfig({ env: { WEBHOOKS_ADMIN_TOKEN: ADMIN }, cwd: dir });
    expect(loaded.generated).toEqual(["ingestToken"]);
    expect(loaded.config.adminToken).toBe(ADMIN);
    const stored = readFileSync(loaded.tokensFile, "utf8");
    expect(stored).not.toContain(ADMIN);
    expect(JSON.parse(stored)).toEqual({ ingestToken: loaded.config.ingestToken });
  });

  it("writes no tokens file when both tokens are given", () => {
    const dir = cwd();
    const file = join(dir, "runtime.json");
    writeFileSync(file, JSON.stringify({ adminToken: ADMIN, ingestToken: INGEST }));
    const loaded = loadRuntimeConfig({ file, env: {}, cwd: dir });
    expect(loaded.generated).toEqual([]);
    expect(loaded.config).toMatchObject({ adminToken: ADMIN, ingestToken: INGEST });
    expect(() => statSync(loaded.tokensFile)).toThrow(/ENOENT/);
  });

  it("adds a missing token to an existing tokens file and keeps the other", () => {
    const dir = cwd();
    const dataDir = join(dir, "data");
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "tokens.json"), JSON.stringify({ adminToken: ADMIN }));
    const loaded = loadRuntimeConfig({ env: { WEBHOOKS_DATA_DIR: "data" }, cwd: dir });
    expect(loaded.generated).toEqual(["ingestToken"]);
    expect(loaded.config.adminToken).toBe(ADMIN);
    expect(JSON.parse(readFileSync(loaded.tokensFile, "utf8"))).toEqual({ adminToken: ADMIN, ingestToken: loaded.config.ingestToken });
  });

  it("refuses a damaged tokens file instead of replacing the tokens", () => {
    const dir = cwd();
    const dataDir = join(dir, "data");
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "tokens.json"), "{not json");
    const e = failure(() => loadRuntimeConfig({ env: { WEBHOOKS_DATA_DIR: dataDir }, cwd: dir }));
    expect(e).toEqual({
      code: "RUNTIME_CONFIG_INVALID",
      path: "",
      message: `${join(dataDir, "tokens.json")} is not a JSON object of tokens of at least 16 characters; delete it to have new tokens generated`,
    });
    expect(readFileSync(join(dataDir, "tokens.json"), "utf8")).toBe("{not json");
  });
});
