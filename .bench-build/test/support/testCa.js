"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TEST_CERT_NAMES = void 0;
exports.createTestCa = createTestCa;
// Test-time PKI: a throwaway CA and a server certificate made with the openssl
// CLI in a temp dir (node:crypto cannot issue X.509 certificates). Nothing is
// committed; the dir is removed on dispose() or when the process exits.
//
//   const ca = createTestCa();                  // trusted by the client via ca.caFile
//   const stranger = createTestCa();            // an unrelated CA: its certs are "unknown CA"
//   startReceiver({ tls: ca })                  // serves ca.certPem / ca.keyPem
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
/** The names every default test server certificate covers; tests pin them to 127.x addresses. */
exports.TEST_CERT_NAMES = ["hooks.test", "*.hooks.test", "oauth.test", "*.oauth.test"];
const live = new Set();
let exitHookInstalled = false;
function removeAllAtExit() {
    if (exitHookInstalled)
        return;
    exitHookInstalled = true;
    process.on("exit", () => {
        for (const dir of live)
            (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
    });
}
function openssl(args, cwd) {
    (0, node_child_process_1.execFileSync)("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}
/** Creates a fresh CA (EC P-256, valid 2 days) and a server certificate for `names`. */
function createTestCa(options = {}) {
    const names = options.names ?? exports.TEST_CERT_NAMES;
    const dir = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), "webhooks-test-ca-"));
    live.add(dir);
    removeAllAtExit();
    const subject = `/CN=${options.commonName ?? "pulumi-webhooks test CA"} ${process.pid}-${live.size}`;
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"], dir);
    openssl([
        "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", "2", "-subj", subject, "-out", "ca.pem",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ], dir);
    let serial = 0;
    const issue = (certNames) => {
        serial += 1;
        const base = `server${serial}`;
        const san = certNames.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(",");
        (0, node_fs_1.writeFileSync)((0, node_path_1.join)(dir, `${base}.ext`), [
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=serverAuth",
            `subjectAltName=${san}`,
            "",
        ].join("\n"));
        openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${base}.key`], dir);
        openssl(["req", "-new", "-key", `${base}.key`, "-subj", `/CN=${certNames[0]}`, "-out", `${base}.csr`], dir);
        openssl([
            "x509", "-req", "-in", `${base}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", String(1000 + serial),
            "-days", "2", "-sha256", "-extfile", `${base}.ext`, "-out", `${base}.pem`,
        ], dir);
        return { certPem: (0, node_fs_1.readFileSync)((0, node_path_1.join)(dir, `${base}.pem`), "utf8"), keyPem: (0, node_fs_1.readFileSync)((0, node_path_1.join)(dir, `${base}.key`), "utf8") };
    };
    const server = issue(names);
    return {
        caPem: (0, node_fs_1.readFileSync)((0, node_path_1.join)(dir, "ca.pem"), "utf8"),
        caFile: (0, node_path_1.join)(dir, "ca.pem"),
        dir,
        names,
        certPem: server.certPem,
        keyPem: server.keyPem,
        issue,
        dispose() {
            live.delete(dir);
            (0, node_fs_1.rmSync)(dir, { recursive: true, force: true });
        },
    };
}
