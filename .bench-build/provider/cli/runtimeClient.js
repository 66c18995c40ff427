"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RuntimeClient = exports.CONNECTION_HELP = exports.CONNECTION_OPTIONS = exports.DEFAULT_DATA_DIR = void 0;
exports.urlOfListen = urlOfListen;
exports.resolveConnection = resolveConnection;
exports.reportError = reportError;
// How the operator commands reach a running runtime: where it is, which token
// to send, and turning its answers (or its silence) into WebhookErrors.
// Lookup order, most explicit first: --url / --token, WEBHOOKS_RUNTIME_URL /
// WEBHOOKS_ADMIN_TOKEN / WEBHOOKS_INGEST_TOKEN, then the runtime config
// (--config and WEBHOOKS_* overrides: listen, dataDir) and <dataDir>/tokens.json.
const node_path_1 = require("node:path");
const errors_1 = require("../errors");
const loadRuntimeConfig_1 = require("../runtime/loadRuntimeConfig");
const command_1 = require("./command");
exports.DEFAULT_DATA_DIR = "./.webhooks-runtime";
/** The options every operator command takes. */
exports.CONNECTION_OPTIONS = {
    url: { type: "string" },
    token: { type: "string" },
    config: { type: "string" },
    "data-dir": { type: "string" },
};
exports.CONNECTION_HELP = `  --url <url>        the runtime's API (default: WEBHOOKS_RUNTIME_URL, or
                     listen from --config / WEBHOOKS_LISTEN, or http://127.0.0.1:8787)
  --token <token>    the API token (default: WEBHOOKS_ADMIN_TOKEN or
                     WEBHOOKS_INGEST_TOKEN, or <data dir>/tokens.json)
  --config <file>    the runtime's config file, for listen and dataDir
  --data-dir <dir>   where tokens.json is (default: dataDir of the config,
                     WEBHOOKS_DATA_DIR, or ${exports.DEFAULT_DATA_DIR})`;
const TOKEN_ENV = { adminToken: "WEBHOOKS_ADMIN_TOKEN", ingestToken: "WEBHOOKS_INGEST_TOKEN" };
const str = (v) => (typeof v === "string" && v !== "" ? v : undefined);
/** A URL to reach a listen address: a wildcard address is reached on loopback. */
function urlOfListen(listen) {
    const i = listen.lastIndexOf(":");
    let host = listen.slice(0, i);
    if (host === "0.0.0.0" || host === "")
        host = "127.0.0.1";
    if (host === "[::]")
        host = "[::1]";
    return `http://${host}:${listen.slice(i + 1)}`;
}
/**
 * Where the runtime is and the token for `role` ("ingestToken" for ingest; the admin token is
 * accepted there too, so it is the fallback).
 */
function resolveConnection(values, env, role) {
    const configFile = str(values.config);
    // The config is read only when something is still missing: a bad config must not break --url/--token use.
    const config = () => (0, loadRuntimeConfig_1.readRuntimeConfig)({ ...(configFile === undefined ? {} : { file: configFile }), env });
    const url = str(values.url) ?? str(env.WEBHOOKS_RUNTIME_URL) ?? urlOfListen(config().listen);
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new command_1.UsageError(`the runtime URL ${JSON.stringify(url)} is not a URL; pass e.g. --url http://127.0.0.1:8787`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
        throw new command_1.UsageError("the runtime URL must start with http:// or https://");
    // The admin token opens the ingest endpoints too, so it is the fallback for either role.
    const fallback = "adminToken";
    let token = str(values.token) ?? str(env[TOKEN_ENV[role]]) ?? str(env[TOKEN_ENV[fallback]]);
    if (token === undefined) {
        const dataDir = (0, node_path_1.resolve)(str(values["data-dir"]) ?? (configFile !== undefined || env.WEBHOOKS_DATA_DIR !== undefined ? config().dataDir : exports.DEFAULT_DATA_DIR));
        const stored = (0, loadRuntimeConfig_1.storedTokens)(dataDir);
        token = stored[role] ?? stored[fallback];
        if (token === undefined) {
            throw new command_1.UsageError(`no API token: pass --token, set ${TOKEN_ENV[role]}, or point --data-dir at the runtime's data dir (no tokens.json in ${dataDir})`);
        }
    }
    return { url: url.replace(/\/+$/, ""), token };
}
/** A JSON client for the runtime's API with the global fetch. */
class RuntimeClient {
    connection;
    constructor(connection) {
        this.connection = connection;
    }
    /** Resolves with 2xx answers; throws WebhookError for error answers (their code) and RUNTIME_UNREACHABLE. */
    async request(method, path, body) {
        const url = `${this.connection.url}${path}`;
        let res;
        try {
            res = await fetch(url, {
                method,
                headers: { Authorization: `Bearer ${this.connection.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
                ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
            });
        }
        catch (e) {
            const cause = e.cause;
            const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
            throw new errors_1.WebhookError({
                code: "RUNTIME_UNREACHABLE",
                message: `cannot reach the runtime at ${this.connection.url} (${why}). Check that "webhooks runtime start" is running ` +
                    `and listening there, or pass --url / set WEBHOOKS_RUNTIME_URL to where it listens`,
                cause: e,
            });
        }
        const text = await res.text();
        let parsed = undefined;
        if (text !== "") {
            try {
                parsed = JSON.parse(text);
            }
            catch {
                parsed = undefined;
            }
        }
        if (res.ok)
            return { status: res.status, body: parsed };
        throw errorOf(res.status, parsed, this.connection.url);
    }
}
exports.RuntimeClient = RuntimeClient;
function errorOf(status, body, url) {
    const error = body?.error;
    if ((0, errors_1.isWebhookError)(error)) {
        const e = error;
        const hint = e.code === "API_UNAUTHORIZED" ? "; check --token, the WEBHOOKS_*_TOKEN variables or --data-dir" : "";
        return new errors_1.WebhookError({ code: e.code, message: e.message + hint, path: typeof e.path === "string" ? e.path : "" });
    }
    // Not the runtime's JSON: something else answers at that address.
    return new errors_1.WebhookError({
        code: "RUNTIME_UNREACHABLE",
        message: `${url} answered ${status} without a runtime error body; is --url the runtime's API address?`,
    });
}
/** Prints an error from the runtime (or reaching it) as `<prefix>: <path>: <message> (<CODE>)`; rethrows anything else. */
function reportError(io, prefix, e) {
    if (!(0, errors_1.isWebhookError)(e))
        throw e;
    const path = typeof e.path === "string" && e.path !== "" ? `${e.path}: ` : "";
    io.err(`${prefix}: ${path}${e.message} (${e.code})\n`);
    return 1;
}
