"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ENV_KEYS = exports.CONFIG_KEYS = void 0;
exports.valuesFromConfig = valuesFromConfig;
exports.configuredUrl = configuredUrl;
exports.requireSettings = requireSettings;
exports.normaliseRuntimeUrl = normaliseRuntimeUrl;
// Where the delivery runtime is and the admin token to call it with: stack
// config first (`webhooks:runtimeUrl`, secret `webhooks:runtimeToken`), then the
// environment. Read in the provider process, never captured in the serialized
// provider, so no token reaches state. `check` is offline and needs neither.
const errors_1 = require("../errors");
exports.CONFIG_KEYS = { url: "webhooks:runtimeUrl", token: "webhooks:runtimeToken" };
exports.ENV_KEYS = { url: "WEBHOOKS_RUNTIME_URL", token: "WEBHOOKS_RUNTIME_TOKEN" };
const nonEmpty = (v) => (v === undefined || v.trim() === "" ? undefined : v.trim());
/** What the stack config holds (the engine passes the whole config, namespaces kept). */
function valuesFromConfig(config) {
    const url = nonEmpty(config.get(exports.CONFIG_KEYS.url));
    const token = nonEmpty(config.get(exports.CONFIG_KEYS.token));
    return { ...(url === undefined ? {} : { url }), ...(token === undefined ? {} : { token }) };
}
/** The runtime URL alone (diff compares it with the one in state), or undefined when not set anywhere. */
function configuredUrl(configured, env) {
    const url = configured.url ?? nonEmpty(env[exports.ENV_KEYS.url]);
    return url === undefined ? undefined : normaliseRuntimeUrl(url);
}
/** Both values, or a WebhookError that names the config keys and the environment variables. */
function requireSettings(configured, env) {
    const url = configuredUrl(configured, env);
    const token = configured.token ?? nonEmpty(env[exports.ENV_KEYS.token]);
    const missing = [
        ...(url === undefined ? [`the runtime URL (pulumi config set ${exports.CONFIG_KEYS.url} http://host:8787, or ${exports.ENV_KEYS.url})`] : []),
        ...(token === undefined
            ? [`the runtime's admin token (pulumi config set --secret ${exports.CONFIG_KEYS.token} <adminToken>, or ${exports.ENV_KEYS.token})`]
            : []),
    ];
    if (url === undefined || token === undefined) {
        throw new errors_1.WebhookError({
            code: "CONFIG_REQUIRED",
            path: url === undefined ? exports.CONFIG_KEYS.url : exports.CONFIG_KEYS.token,
            message: `the webhooks provider needs ${missing.join(" and ")} to reach the delivery runtime`,
        });
    }
    if (!/^https?:\/\/[^/?#]+/i.test(url)) {
        throw new errors_1.WebhookError({
            code: "CONFIG_INVALID_URL",
            path: exports.CONFIG_KEYS.url,
            message: `${exports.CONFIG_KEYS.url} (or ${exports.ENV_KEYS.url}) must be the runtime's http:// or https:// base URL, e.g. http://127.0.0.1:8787`,
        });
    }
    return { url, token };
}
/** One spelling per runtime, so a trailing slash does not look like a move to another runtime. */
function normaliseRuntimeUrl(url) {
    return url.trim().replace(/\/+$/, "");
}
