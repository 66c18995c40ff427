"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RuntimeApi = exports.ADMIN_CALL_MS = void 0;
exports.idOf = idOf;
// The runtime's admin API as the provider uses it (product.md §6): the Test
// invocation of an unsaved config, register, update, read and delete. Global
// fetch, so the provider process loads no HTTP library. Every call has its own
// deadline, inside the caller's overall one: the engine's customTimeouts never
// reach a dynamic provider.
const errors_1 = require("../errors");
/** An admin call that needs no target: register, read, delete. */
exports.ADMIN_CALL_MS = 30_000;
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
/** The id in a registration answer, if there is one. */
function idOf(answer) {
    const j = answer.json;
    return isRecord(j) && typeof j.id === "string" && j.id !== "" ? j.id : undefined;
}
class RuntimeApi {
    settings;
    constructor(settings) {
        this.settings = settings;
    }
    get url() {
        return this.settings.url;
    }
    /** Runs the Test invocation; the record says whether it passed (a failed test is a 200 with result "failure"). */
    async test(body, options) {
        const res = await this.call("POST", "/v1/webhooks/test", body, options);
        if (!isRecord(res.json) || (res.json.result !== "success" && res.json.result !== "failure")) {
            throw this.unexpected("POST /v1/webhooks/test", res.status);
        }
        return res.json;
    }
    /**
     * Registers; the answer is parsed by the caller with `registration()`, because once the
     * runtime said yes the caller must keep the id even if the rest of the answer is wrong.
     */
    async register(body, options) {
        return this.call("POST", "/v1/webhooks", body, options);
    }
    /** A new version of the registration (parse with `registration()`); undefined when the runtime has no webhook with this id. */
    async update(id, body, options) {
        const res = await this.call("PUT", webhookPath(id), body, options, { notFound: true });
        return res.status === 404 ? undefined : res;
    }
    /** undefined when the runtime has no webhook with this id. */
    async get(id, options) {
        const res = await this.call("GET", webhookPath(id), undefined, options, { notFound: true });
        return res.status === 404 ? undefined : res;
    }
    /** false when it was already gone. */
    async remove(id, options) {
        const res = await this.call("DELETE", webhookPath(id), undefined, options, { notFound: true });
        return res.status !== 404;
    }
    /** The registration in an answer; throws RUNTIME_UNREACHABLE when the answer is not one. */
    registration(res, what) {
        const j = res.json;
        if (!isRecord(j) || typeof j.id !== "string" || j.id === "" || typeof j.version !== "number")
            throw this.unexpected(what, res.status);
        return j;
    }
    unexpected(what, status) {
        return new errors_1.WebhookError({
            code: "RUNTIME_UNREACHABLE",
            message: `the runtime at ${this.settings.url} answered ${what} with ${status} and a body that is not the webhooks API's; check that webhooks:runtimeUrl points at \`webhooks runtime start\``,
        });
    }
    async call(method, path, body, options, accept = {}) {
        const timeout = AbortSignal.timeout(options.timeoutMs);
        const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
        const where = `${method} ${this.settings.url}${path}`;
        let res;
        let text;
        try {
            res = await fetch(`${this.settings.url}${path}`, {
                method,
                headers: {
                    authorization: `Bearer ${this.settings.token}`,
                    accept: "application/json",
                    ...(body === undefined ? {} : { "content-type": "application/json" }),
                },
                ...(body === undefined ? {} : { body: JSON.stringify(body) }),
                redirect: "manual",
                signal,
            });
            text = await res.text();
        }
        catch (e) {
            throw this.transportError(where, e, signal, options.signal);
        }
        if (res.status === 404 && accept.notFound === true)
            return { status: 404, json: undefined };
        let json;
        try {
            json = text === "" ? undefined : JSON.parse(text);
        }
        catch {
            json = undefined;
        }
        if (res.status >= 200 && res.status < 300)
            return { status: res.status, json };
        throw this.apiError(where, res.status, json);
    }
    transportError(where, e, signal, overall) {
        if (signal.aborted) {
            const which = overall?.aborted === true ? "the step's overall deadline passed" : "no answer in time";
            return new errors_1.WebhookError({
                code: "RUNTIME_UNREACHABLE",
                retryable: true,
                message: `${where}: ${which}; check that the runtime is running and reachable, then run pulumi up again`,
                cause: e,
            });
        }
        const cause = e?.cause?.code;
        return new errors_1.WebhookError({
            code: "RUNTIME_UNREACHABLE",
            retryable: true,
            message: `${where} failed${typeof cause === "string" ? ` (${cause})` : ""}: could not reach the webhooks runtime; check webhooks:runtimeUrl (or WEBHOOKS_RUNTIME_URL) and that \`webhooks runtime start\` is running`,
            cause: e,
        });
    }
    apiError(where, status, json) {
        const error = isRecord(json) ? json.error : undefined;
        if (status === 401) {
            return new errors_1.WebhookError({
                code: "API_UNAUTHORIZED",
                message: `${where}: the runtime refused the token; set webhooks:runtimeToken (or WEBHOOKS_RUNTIME_TOKEN) to the runtime's adminToken`,
            });
        }
        if ((0, errors_1.isWebhookError)(error)) {
            const path = typeof error.path === "string" ? error.path : "";
            return new errors_1.WebhookError({ code: error.code, path, message: `${where} → ${status}: ${error.message}` });
        }
        return new errors_1.WebhookError({
            code: "RUNTIME_UNREACHABLE",
            retryable: status >= 500,
            message: `${where} → ${status} without an API error body; check that webhooks:runtimeUrl points at \`webhooks runtime start\``,
        });
    }
}
exports.RuntimeApi = RuntimeApi;
const webhookPath = (id) => `/v1/webhooks/${encodeURIComponent(id)}`;
