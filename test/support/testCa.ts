// Test-time PKI: a throwaway CA and a server certificate made with the openssl
// CLI in a temp dir (node:crypto cannot issue X.509 certificates). Nothing is
// committed; the dir is removed on dispose() or when the process exits.
//
//   const ca = createTestCa();                  // trusted by the client via ca.caFile
//   const stranger = createTestCa();            // an unrelated CA: its certs are "unknown CA"
//   startReceiver({ tls: ca })                  // serves ca.certPem / ca.keyPem
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The names every default test server certificate covers; tests pin them to 127.x addresses. */
export const TEST_CERT_NAMES = ["hooks.test", "*.hooks.test", "oauth.test", "*.oauth.test"];

export interface ServerCert {
  certPem: string;
  keyPem: string;
}

export interface TestCa extends ServerCert {
  caPem: string;
  /** The CA certificate as a file, for `NetworkPolicy.caFile`. */
  caFile: string;
  /** Temp dir holding every file of this CA. */
  dir: string;
  /** The names the default server certificate (certPem/keyPem) covers. */
  names: string[];
  /** Issues another server certificate from this CA, for other names. */
  issue(names: string[]): ServerCert;
  /** Removes the temp dir (also done at process exit). */
  dispose(): void;
}

const live = new Set<string>();
let exitHookInstalled = false;

function removeAllAtExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const dir of live) rmSync(dir, { recursive: true, force: true });
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** Creates a fresh CA (EC P-256, valid 2 days) and a server certificate for `names`. */
export function createTestCa(options: { names?: string[]; commonName?: string } = {}): TestCa {
  const names = options.names ?? TEST_CERT_NAMES;
  const dir = mkdtempSync(join(tmpdir(), "webhooks-test-ca-"));
  live.add(dir);
  removeAllAtExit();

  const subject = `/CN=${options.commonName ?? "pulumi-webhooks test CA"} ${process.pid}-${live.size}`;
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"], dir);
  openssl(
    [
      "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", "2", "-subj", subject, "-out", "ca.pem",
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );

  let serial = 0;
  const issue = (certNames: string[]): ServerCert => {
    serial += 1;
    const base = `server${serial}`;
    const san = certNames.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(",");
    writeFileSync(
      join(dir, `${base}.ext`),
      [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth",
        `subjectAltName=${san}`,
        "",
      ].join("\n"),
    );
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${base}.key`], dir);
    openssl(["req", "-new", "-key", `${base}.key`, "-subj", `/CN=${certNames[0]}`, "-out", `${base}.csr`], dir);
    openssl(
      [
        "x509", "-req", "-in", `${base}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", String(1000 + serial),
        "-days", "2", "-sha256", "-extfile", `${base}.ext`, "-out", `${base}.pem`,
      ],
      dir,
    );
    return { certPem: readFileSync(join(dir, `${base}.pem`), "utf8"), keyPem: readFileSync(join(dir, `${base}.key`), "utf8") };
  };

  const server = issue(names);
  return {
    caPem: readFileSync(join(dir, "ca.pem"), "utf8"),
    caFile: join(dir, "ca.pem"),
    dir,
    names,
    certPem: server.certPem,
    keyPem: server.keyPem,
    issue,
    dispose() {
      live.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
