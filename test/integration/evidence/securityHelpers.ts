// Helpers of the security evidence suite (security.test.ts): raw HTTP requests
// (fetch normalises headers, and these tests need the exact bytes on the wire),
// TCP traps that count every connection attempt to an address, the encoded forms
// a secret can travel in, and a search that names every hit by surface and form.
import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/runtimeProcess";

/** Runs the BUILT `webhooks` CLI (dist/, as users run it) and resolves with its exit code and output. */
export function runBuiltCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, "dist/provider/cli/main.js"), ...args], (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 request over a fresh TCP connection, header lines written byte for byte (latin1), so a
 * test controls exactly what reaches the server's parser: trailing whitespace, non-ASCII bytes, no header.
 */
export function rawRequest(baseUrl: string, method: string, path: string, headerLines: string[], body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    "Connection: close",
    ...(payload === undefined ? [] : ["Content-Type: application/json", `Content-Length: ${payload.length}`]),
    ...headerLines,
    "",
    "",
  ].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: text.slice(split + 4) });
    });
    socket.write(Buffer.from(head, "latin1"));
    if (payload !== undefined) socket.write(payload);
  });
}

export interface Trap {
  host: string;
  /** TCP connections accepted so far (before any TLS: a refused delivery must not even open one). */
  readonly connections: number;
  close(): Promise<void>;
}

/** A TCP listener on host:443 that counts and drops every connection. */
export async function startTrap(host: string): Promise<Trap> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(443, host.replace(/^\[(.*)\]$/, "$1"), () => resolve());
  });
  server.unref();
  return {
    host,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** application/x-www-form-urlencoded, as OAuth clients encode Basic credentials and form bodies. */
export const formEncode = (s: string): string => new URLSearchParams([["", s]]).toString().slice(1);

/** `Authorization: Basic` credentials of an OAuth client (RFC 6749 §2.3.1). */
export const basicCredentials = (clientId: string, clientSecret: string): string =>
  Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, "utf8").toString("base64");

/** The forms a secret can travel in: as written, JSON-escaped, percent- and form-encoded, base64 and base64url. */
export function secretForms(value: string): Record<string, string> {
  return {
    raw: value,
    json: JSON.stringify(value).slice(1, -1),
    "url-encoded": encodeURIComponent(value),
    "form-encoded": formEncode(value),
    base64: Buffer.from(value, "utf8").toString("base64"),
    base64url: Buffer.from(value, "utf8").toString("base64url"),
  };
}

export interface Surface {
  name: string;
  text: string;
}

/** "<surface>: <secret> (<form>)" for every form of every secret found in a surface; [] when clean. */
export function secretHits(surfaces: readonly Surface[], secrets: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const surface of surfaces) {
    for (const [name, value] of Object.entries(secrets)) {
      for (const [form, text] of Object.entries(secretForms(value))) {
        if (surface.text.includes(text)) hits.push(`${surface.name}: ${name} (${form})`);
      }
    }
  }
  return hits;
}

/** Every row of a table of the runtime's SQLite file, as JSON text (read-only, beside the running runtime). */
export function sqliteTable(dataDir: string, table: string): string {
  const db = new Database(join(dataDir, "webhooks.db"), { readonly: true, fileMustExist: true });
  try {
    return JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all());
  } finally {
    db.close();
  }
}
