"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TOKENS_FILE = exports.TOKEN_NAMES = void 0;
exports.readRuntimeConfig = readRuntimeConfig;
exports.generateToken = generateToken;
exports.loadRuntimeConfig = loadRuntimeConfig;
exports.storedTokens = storedTokens;
// The runtime's configuration as `runtime start` and the operator commands see
// it: the file (optional), then WEBHOOKS_* overrides, then the schema's
// defaults. Tokens still missing come from <dataDir>/tokens.json, or are
// generated once and stored there (0600) so a restart keeps them.
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const errors_1 = require("../errors");
const readDataFile_1 = require("../io/readDataFile");
const runtimeConfig_1 = require("../model/runtimeConfig");
exports.TOKEN_NAMES = ["adminToken", "ingestToken"];
exports.TOKENS_FILE = "tokens.json";
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function invalid(message, path = "") {
    return new errors_1.WebhookError({ code: "RUNTIME_CONFIG_INVALID", path, message });
}
function fileValues(file) {
    if (file === undefined)
        return {};
    let data;
    try {
        data = (0, readDataFile_1.readDataFile)(file);
    }
    catch (e) {
        // The operator acts on "the runtime config is wrong" whatever the reason the file failed.
        if ((0, errors_1.isWebhookError)(e))
            throw invalid(`runtime config file: ${e.message}`);
        throw e;
    }
    if (data === null || data === undefined)
        return {};
    if (!isRecord(data))
        throw invalid(`runtime config file ${file} must hold a mapping of keys (listen, dataDir, …)`);
    return data;
}
function parseBoolean(env, text, path) {
    const t = text.trim().toLowerCase();
    if (t === "true" || t === "1")
        return true;
    if (t === "false" || t === "0")
        return false;
    throw invalid(`${env} must be true, false, 1 or 0`, path);
}
/** Copies the file's values and sets each WEBHOOKS_* variable that is set (an empty value counts as unset). */
function withEnv(values, env) {
    const merged = structuredClone(values);
    const fromEnv = new Map();
    for (const o of runtimeConfig_1.ENV_OVERRIDES) {
        const text = env[o.env];
        if (text === undefined || text === "")
            continue;
        const path = o.path.join(".");
        let target = merged;
        for (const key of o.path.slice(0, -1)) {
            if (!isRecord(target[key]))
                target[key] = {};
            target = target[key];
        }
        target[o.path[o.path.length - 1]] = o.type === "boolean" ? parseBoolean(o.env, text, path) : text;
        fromEnv.set(path, o.env);
    }
    return { merged, fromEnv };
}
/** The config from the file and the environment, validated, without touching the disk (no token generation). */
function readRuntimeConfig(sources) {
    const { merged, fromEnv } = withEnv(fileValues(sources.file), sources.env);
    let config;
    try {
        config = (0, runtimeConfig_1.parseRuntimeConfig)(merged);
    }
    catch (e) {
        if (!(0, errors_1.isWebhookError)(e))
            throw e;
        // A value set by a variable is fixed there, not in the file: say which.
        const env = fromEnv.get(e.path);
        throw env === undefined ? e : invalid(`${e.message} (set by ${env})`, e.path);
    }
    return { ...config, dataDir: (0, node_path_1.resolve)(sources.cwd ?? process.cwd(), config.dataDir) };
}
/** A token: 32 random bytes, base64url (43 characters). */
function generateToken() {
    return (0, node_crypto_1.randomBytes)(32).toString("base64url");
}
function readTokensFile(file) {
    let text;
    try {
        text = (0, node_fs_1.readFileSync)(file, "utf8");
    }
    catch (e) {
        if (e.code === "ENOENT")
            return {};
        throw invalid(`cannot read ${file} (${e.code ?? String(e)}); check its owner and mode`);
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        data = undefined;
    }
    const bad = invalid(`${file} is not a JSON object of tokens of at least 16 characters; delete it to have new tokens generated`);
    if (!isRecord(data))
        throw bad;
    const out = {};
    for (const name of exports.TOKEN_NAMES) {
        const v = data[name];
        if (v === undefined)
            continue;
        if (typeof v !== "string" || v.length < 16)
            throw bad;
        out[name] = v;
    }
    return out;
}
function writeTokensFile(dataDir, file, tokens) {
    (0, node_fs_1.mkdirSync)(dataDir, { recursive: true, mode: 0o700 });
    // Written aside and renamed, so a crash never leaves a half-written file that would lose the tokens.
    const temp = `${file}.${process.pid}.tmp`;
    (0, node_fs_1.writeFileSync)(temp, JSON.stringify(tokens, null, 2) + "\n", { mode: 0o600 });
    (0, node_fs_1.chmodSync)(temp, 0o600);
    (0, node_fs_1.renameSync)(temp, file);
}
/**
 * The whole config for `runtime start`: file, env, defaults, and the tokens. Tokens given by the
 * file or the environment are used as they are and never written; missing ones are read from
 * <dataDir>/tokens.json or generated and added to it.
 */
function loadRuntimeConfig(sources) {
    const config = readRuntimeConfig(sources);
    const tokensFile = (0, node_path_1.join)(config.dataDir, exports.TOKENS_FILE);
    const missing = exports.TOKEN_NAMES.filter((name) => config[name] === undefined);
    if (config.store === "sqlite" || missing.length > 0)
        (0, node_fs_1.mkdirSync)(config.dataDir, { recursive: true, mode: 0o700 });
    if (missing.length === 0) {
        return { config: config, generated: [], tokensFile };
    }
    const stored = readTokensFile(tokensFile);
    const generated = missing.filter((name) => stored[name] === undefined);
    if (generated.length > 0) {
        for (const name of generated)
            stored[name] = generateToken();
        writeTokensFile(config.dataDir, tokensFile, stored);
    }
    const tokens = Object.fromEntries(missing.map((name) => [name, stored[name]]));
    return { config: { ...config, ...tokens }, generated, tokensFile };
}
/** Tokens stored in a data dir, for the operator commands; empty when there is no file. */
function storedTokens(dataDir) {
    return readTokensFile((0, node_path_1.join)(dataDir, exports.TOKENS_FILE));
}
