// Test-time PKI: a throwaway CA and a server certificate in a temp dir, made by
// provider/dev/localCa.ts (the openssl CLI). Nothing is committed; the dir is
// removed on dispose() or when the process exits.
//
//   const ca = createTestCa();                  // trusted by the client via ca.caFile
//   const stranger = createTestCa();            // an unrelated CA: its certs are "unknown CA"
//   startReceiver({ tls: ca })                  // serves ca.certPem / ca.keyPem
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCa, issueServerCert, type ServerCert } from "../../provider/dev/localCa";

export type { ServerCert };

/** The names every default test server certificate covers; tests pin them to 127.x addresses. */
export const TEST_CERT_NAMES = ["hooks.test", "*.hooks.test", "oauth.test", "*.oauth.test"];

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

/** Creates a fresh CA (EC P-256, valid 2 days) and a server certificate for `names`. */
export function createTestCa(options: { names?: string[]; commonName?: string } = {}): TestCa {
  const names = options.names ?? TEST_CERT_NAMES;
  const dir = mkdtempSync(join(tmpdir(), "webhooks-test-ca-"));
  live.add(dir);
  removeAllAtExit();

  createCa(dir, { commonName: `${options.commonName ?? "pulumi-webhooks test CA"} ${process.pid}-${live.size}`, days: 2 });
  let serial = 0;
  const issue = (certNames: string[]): ServerCert => {
    serial += 1;
    return issueServerCert(dir, `server${serial}`, certNames, { serial: 1000 + serial, days: 2 });
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
