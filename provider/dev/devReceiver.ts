// `webhooks dev receiver`: an HTTPS receiver on a loopback address, port 443
// (webhook URLs carry no port), with a local CA kept in a directory so the
// runtime can verify TLS, as it always does. It records what it is sent and
// answers with a fixed status. Header values other than the standard,
// non-secret ones are masked: they are the webhook's secrets.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { join, resolve } from "node:path";
import { MASK, maskUrl } from "../model/urlSecrets";
import { createCa, issueServerCert } from "./localCa";

/** Headers whose values carry no secret; every other header value is shown as ****. */
const PLAIN_HEADERS = new Set([
  "accept", "accept-encoding", "connection", "content-length", "content-type", "host", "user-agent",
  "webhook-id", "webhook-timestamp", "webhook-signature",
]);
const BODY_SHOWN_BYTES = 16 * 1024;
const CA_DAYS = 825;

export interface DevReceiverOptions {
  /** The name webhooks use in their URL (https://<name>/...). */
  name: string;
  /** Loopback address to bind (127.0.0.0/8). */
  address: string;
  /** Where the CA and the server certificate are kept (made on first use, reused after). */
  dir: string;
  /** Status every request is answered with. */
  status: number;
  /** Default 443; only tests pass another (a webhook URL cannot name a port). */
  port?: number;
}

export interface ReceivedRequest {
  time: string;
  method: string;
  /** Path and query as sent (query values masked). */
  path: string;
  headers: Record<string, string>;
  /** The body (pretty JSON when it parses), cut at 16 KiB. */
  body: string;
  status: number;
}

export interface DevReceiver {
  url: string;
  address: string;
  caFile: string;
  /** The runtime config that reaches this receiver, as YAML lines. */
  runtimeConfigYaml: string;
  close(): Promise<void>;
}

/** The CA and a server certificate for `name` in `dir`: made once, reused while the name is the same. */
export function ensureCertificates(dir: string, name: string): { caFile: string; certPem: string; keyPem: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, "ca.pem");
  const namesFile = join(dir, "receiver.names");
  if (!existsSync(caFile)) createCa(dir, { commonName: "webhooks dev receiver CA (local, not for production)", days: CA_DAYS });
  const fresh = !existsSync(join(dir, "receiver.pem")) || !existsSync(namesFile) || readFileSync(namesFile, "utf8") !== name;
  if (fresh) {
    issueServerCert(dir, "receiver", [name], { serial: Date.now(), days: CA_DAYS });
    writeFileSync(namesFile, name);
  }
  return { caFile: resolve(caFile), certPem: readFileSync(join(dir, "receiver.pem"), "utf8"), keyPem: readFileSync(join(dir, "receiver.key"), "utf8") };
}

function shownHeaders(raw: NodeJS.Dict<string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k] = PLAIN_HEADERS.has(k) ? (Array.isArray(v) ? v.join(", ") : v) : MASK;
  }
  return out;
}

/** Path and query as sent, credentials masked by the rule every record and log uses (model/urlSecrets.ts). */
function shownPath(name: string, path: string): string {
  const origin = `https://${name}`;
  return maskUrl(`${origin}${path}`).slice(origin.length);
}

function shownBody(body: Buffer): string {
  const text = body.subarray(0, BODY_SHOWN_BYTES).toString("utf8");
  const cut = body.length > BODY_SHOWN_BYTES ? `\n… (${body.length} bytes in all)` : "";
  try {
    return JSON.stringify(JSON.parse(body.toString("utf8")), null, 2).slice(0, BODY_SHOWN_BYTES) + cut;
  } catch {
    return text + cut;
  }
}

export function runtimeConfigFor(name: string, address: string, caFile: string): string {
  return [
    "tls:",
    `  caFile: ${JSON.stringify(caFile)}`,
    "network:",
    `  resolve: { ${JSON.stringify(name)}: ${JSON.stringify(address)} }`,
    `  allowCidrs: [${JSON.stringify(`${address}/32`)}]`,
  ].join("\n");
}

export async function startDevReceiver(options: DevReceiverOptions, onRequest: (r: ReceivedRequest) => void): Promise<DevReceiver> {
  const certs = ensureCertificates(options.dir, options.name);
  const server: Server = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      onRequest({
        time: new Date().toISOString(),
        method: req.method ?? "",
        path: shownPath(options.name, req.url ?? ""),
        headers: shownHeaders(req.headers),
        body: shownBody(Buffer.concat(chunks)),
        status: options.status,
      });
      res.writeHead(options.status, { "Content-Type": "application/json" });
      res.end(options.status >= 200 && options.status < 300 ? '{"ok":true}' : `{"ok":false,"status":${options.status}}`);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 443, options.address, () => {
      server.off("error", fail);
      ok();
    });
  });
  return {
    url: `https://${options.name}`,
    address: options.address,
    caFile: certs.caFile,
    runtimeConfigYaml: runtimeConfigFor(options.name, options.address, certs.caFile),
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
