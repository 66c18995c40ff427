// How the operator commands reach a running runtime: where it is, which token
// to send, and turning its answers (or its silence) into WebhookErrors.
// Lookup order, most explicit first: --url / --token, WEBHOOKS_RUNTIME_URL /
// WEBHOOKS_ADMIN_TOKEN / WEBHOOKS_INGEST_TOKEN, then the runtime config
// (--config and WEBHOOKS_* overrides: listen, dataDir) and <dataDir>/tokens.json.
import { resolve } from "node:path";
import { WebhookError, isWebhookError, type ErrorCode } from "../errors";
import { readRuntimeConfig, storedTokens, type TokenName } from "../runtime/loadRuntimeConfig";
import { UsageError } from "./command";

export const DEFAULT_DATA_DIR = "./.webhooks-runtime";

/** The options every operator command takes. */
export const CONNECTION_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  config: { type: "string" },
  "data-dir": { type: "string" },
} as const;

export const CONNECTION_HELP = `  --url <url>        the runtime's API (default: WEBHOOKS_RUNTIME_URL, or
                     listen from --config / WEBHOOKS_LISTEN, or http://127.0.0.1:8787)
  --token <token>    the API token (default: WEBHOOKS_ADMIN_TOKEN or
                     WEBHOOKS_INGEST_TOKEN, or <data dir>/tokens.json)
  --config <file>    the runtime's config file, for listen and dataDir
  --data-dir <dir>   where tokens.json is (default: dataDir of the config,
                     WEBHOOKS_DATA_DIR, or ${DEFAULT_DATA_DIR})`;

export interface Connection {
  url: string;
  token: string;
}

const TOKEN_ENV: Record<TokenName, string> = { adminToken: "WEBHOOKS_ADMIN_TOKEN", ingestToken: "WEBHOOKS_INGEST_TOKEN" };

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** A URL to reach a listen address: a wildcard address is reached on loopback. */
export function urlOfListen(listen: string): string {
  const i = listen.lastIndexOf(":");
  let host = listen.slice(0, i);
  if (host === "0.0.0.0" || host === "") host = "127.0.0.1";
  if (host === "[::]") host = "[::1]";
  return `http://${host}:${listen.slice(i + 1)}`;
}

/**
 * Where the runtime is and the token for `role` ("ingestToken" for ingest; the admin token is
 * accepted there too, so it is the fallback).
 */
export function resolveConnection(values: Record<string, unknown>, env: NodeJS.ProcessEnv, role: TokenName): Connection {
  const configFile = str(values.config);
  // The config is read only when something is still missing: a bad config must not break --url/--token use.
  const config = () => readRuntimeConfig({ ...(configFile === undefined ? {} : { file: configFile }), env });

  const url = str(values.url) ?? str(env.WEBHOOKS_RUNTIME_URL) ?? urlOfListen(config().listen);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`the runtime URL ${JSON.stringify(url)} is not a URL; pass e.g. --url http://127.0.0.1:8787`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError("the runtime URL must start with http:// or https://");

  // The admin token opens the ingest endpoints too, so it is the fallback for either role.
  const fallback: TokenName = "adminToken";
  let token = str(values.token) ?? str(env[TOKEN_ENV[role]]) ?? str(env[TOKEN_ENV[fallback]]);
  if (token === undefined) {
    const dataDir = resolve(str(values["data-dir"]) ?? (configFile !== undefined || env.WEBHOOKS_DATA_DIR !== undefined ? config().dataDir : DEFAULT_DATA_DIR));
    const stored = storedTokens(dataDir);
    token = stored[role] ?? stored[fallback];
    if (token === undefined) {
      throw new UsageError(
        `no API token: pass --token, set ${TOKEN_ENV[role]}, or point --data-dir at the runtime's data dir (no tokens.json in ${dataDir})`,
      );
    }
  }
  return { url: url.replace(/\/+$/, ""), token };
}

export interface RuntimeResponse<T> {
  status: number;
  body: T;
}

/** A JSON client for the runtime's API with the global fetch. */
export class RuntimeClient {
  constructor(private readonly connection: Connection) {}

  /** Resolves with 2xx answers; throws WebhookError for error answers (their code) and RUNTIME_UNREACHABLE. */
  async request<T>(method: string, path: string, body?: unknown): Promise<RuntimeResponse<T>> {
    const url = `${this.connection.url}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${this.connection.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
      throw new WebhookError({
        code: "RUNTIME_UNREACHABLE",
        message:
          `cannot reach the runtime at ${this.connection.url} (${why}). Check that "webhooks runtime start" is running ` +
          `and listening there, or pass --url / set WEBHOOKS_RUNTIME_URL to where it listens`,
        cause: e,
      });
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (res.ok) return { status: res.status, body: parsed as T };
    throw errorOf(res.status, parsed, this.connection.url);
  }
}

function errorOf(status: number, body: unknown, url: string): WebhookError {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (isWebhookError(error)) {
    const e = error as { code: ErrorCode; message: string; path?: unknown };
    const hint = e.code === "API_UNAUTHORIZED" ? "; check --token, the WEBHOOKS_*_TOKEN variables or --data-dir" : "";
    return new WebhookError({ code: e.code, message: e.message + hint, path: typeof e.path === "string" ? e.path : "" });
  }
  // Not the runtime's JSON: something else answers at that address.
  return new WebhookError({
    code: "RUNTIME_UNREACHABLE",
    message: `${url} answered ${status} without a runtime error body; is --url the runtime's API address?`,
  });
}


/** Prints an error from the runtime (or reaching it) as `<prefix>: <path>: <message> (<CODE>)`; rethrows anything else. */
export function reportError(io: { err(text: string): void }, prefix: string, e: unknown): number {
  if (!isWebhookError(e)) throw e;
  const path = typeof e.path === "string" && e.path !== "" ? `${e.path}: ` : "";
  io.err(`${prefix}: ${path}${e.message} (${e.code})\n`);
  return 1;
}
