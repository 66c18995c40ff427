// A local PKI for trying webhooks against a receiver on this machine: a CA and
// server certificates made with the openssl CLI (node:crypto cannot issue X.509
// certificates). Used by `webhooks dev receiver` (kept in a directory, reused) and
// by the tests (throwaway). Nothing here is for production targets.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ServerCert {
  certPem: string;
  keyPem: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT") throw new Error("the openssl command is needed to make the local CA; install it (Debian: apt-get install openssl)");
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString().trim() ?? err.message}`);
  }
}

/** Writes `ca.key` and `ca.pem` (EC P-256, CA:TRUE) into `dir`; returns the CA file path. */
export function createCa(dir: string, options: { commonName: string; days: number }): string {
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"], dir);
  openssl(
    [
      "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", String(options.days), "-subj", `/CN=${options.commonName}`, "-out", "ca.pem",
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  return join(dir, "ca.pem");
}

/** Issues a server certificate for `names` (DNS names or IP addresses) from the CA in `dir`, as `<base>.pem`/`<base>.key`. */
export function issueServerCert(dir: string, base: string, names: readonly string[], options: { serial: number; days: number }): ServerCert {
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(",");
  writeFileSync(
    join(dir, `${base}.ext`),
    ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth", `subjectAltName=${san}`, ""].join("\n"),
  );
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${base}.key`], dir);
  openssl(["req", "-new", "-key", `${base}.key`, "-subj", `/CN=${names[0]}`, "-out", `${base}.csr`], dir);
  openssl(
    [
      "x509", "-req", "-in", `${base}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", String(options.serial),
      "-days", String(options.days), "-sha256", "-extfile", `${base}.ext`, "-out", `${base}.pem`,
    ],
    dir,
  );
  return { certPem: readFileSync(join(dir, `${base}.pem`), "utf8"), keyPem: readFileSync(join(dir, `${base}.key`), "utf8") };
}
