"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WebhookProvider = void 0;
const errors_1 = require("../errors");
const checkWebhook_1 = require("../check/checkWebhook");
const checkInputs_1 = require("./checkInputs");
const diffState_1 = require("./diffState");
const readBack_1 = require("./readBack");
const resourceState_1 = require("./resourceState");
const runtimeApi_1 = require("./runtimeApi");
const runtimeSettings_1 = require("./runtimeSettings");
const secretValues_1 = require("./secretValues");
const testResult_1 = require("./testResult");
/** Time the runtime gets around the target's own timeout in a Test invocation. */
const TEST_OVERHEAD_MS = 30_000;
class WebhookProvider {
    kind;
    configured = {};
    env;
    adminCallMs;
    testOverheadMs;
    constructor(kind, options = {}) {
        this.kind = kind;
        this.env = options.env ?? process.env;
        this.adminCallMs = options.adminCallMs ?? runtimeApi_1.ADMIN_CALL_MS;
        this.testOverheadMs = options.testOverheadMs ?? TEST_OVERHEAD_MS;
    }
    async configure(req) {
        this.configured = (0, runtimeSettings_1.valuesFromConfig)(req.config);
    }
    async check(_olds, news) {
        const { inputs, failures } = (0, checkInputs_1.checkInputs)(this.kind, news);
        return failures.length > 0 ? { inputs, failures } : { inputs };
    }
    async diff(_id, olds, news) {
        const d = (0, diffState_1.diffState)(this.kind, olds, news, (0, runtimeSettings_1.configuredUrl)(this.configured, this.env));
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    }
    async create(inputs) {
        const api = this.api();
        const fields = this.validFields(inputs);
        const deadline = this.deadline(fields);
        const lastTest = await this.runTest(api, fields, deadline);
        const answer = await api.register({ kind: this.kind, ...fields }, { signal: deadline, timeoutMs: this.adminCallMs });
        // An answer without an id leaves nothing the engine could keep: registration() throws and says why.
        const id = (0, runtimeApi_1.idOf)(answer) ?? api.registration(answer, "POST /v1/webhooks").id;
        return this.afterRegistration({ ...(0, secretValues_1.wrapSecrets)(fields), webhookId: id, runtimeUrl: api.url, lastTest }, () => ({
            id,
            outs: this.state(fields, api.registration(answer, "POST /v1/webhooks"), api.url, lastTest),
        }));
    }
    async update(id, olds, news) {
        const previous = (0, resourceState_1.outputsOf)(olds);
        const api = this.api(previous.runtimeUrl);
        const fields = this.validFields(news);
        const deadline = this.deadline(fields);
        const lastTest = (await this.runTest(api, fields, deadline)) ?? previous.lastTest;
        const updated = await api.update(id, { kind: this.kind, ...fields }, { signal: deadline, timeoutMs: this.adminCallMs });
        if (updated === undefined) {
            throw new errors_1.WebhookError({
                code: "API_NOT_FOUND",
                message: `webhook ${id} is no longer registered with the runtime at ${api.url} (deleted outside Pulumi); run pulumi refresh to drop it from state, then pulumi up to register it again`,
            });
        }
        return this.afterRegistration({ ...(0, secretValues_1.wrapSecrets)(fields), webhookId: id, runtimeUrl: api.url, lastTest }, () => ({
            outs: this.state(fields, api.registration(updated, "PUT /v1/webhooks/{id}"), api.url, lastTest),
        }));
    }
    async read(id, props) {
        const previous = (0, resourceState_1.outputsOf)(props);
        const api = this.api(previous.runtimeUrl);
        const answer = await api.get(id, { timeoutMs: this.adminCallMs });
        // An empty id tells the engine the resource is gone (deleted outside Pulumi).
        if (answer === undefined)
            return { id: "" };
        const registration = api.registration(answer, "GET /v1/webhooks/{id}");
        if (registration.kind !== this.kind) {
            throw new errors_1.WebhookError({
                code: "CONFIG_INVALID_KIND",
                path: "kind",
                message: `webhook ${id} in the runtime at ${api.url} is a ${String(registration.kind)} webhook, not ${this.kind}; was the id reused? remove it from state with pulumi state delete`,
            });
        }
        const fields = (0, readBack_1.fieldsFromRuntime)(this.kind, registration, props);
        return {
            id,
            props: this.state(fields, registration, api.url, previous.lastTest),
            inputs: (0, secretValues_1.wrapSecrets)(fields),
        };
    }
    async delete(id, props) {
        await this.api((0, resourceState_1.outputsOf)(props).runtimeUrl).remove(id, { timeoutMs: this.adminCallMs });
    }
    /** The runtime to call: the one in state for an existing webhook, else the configured one. */
    api(runtimeUrl) {
        const settings = (0, runtimeSettings_1.requireSettings)(this.configured, this.env);
        return new runtimeApi_1.RuntimeApi(runtimeUrl === undefined ? settings : { ...settings, url: runtimeUrl });
    }
    /** `check` ran before, but the engine may skip it (e.g. an imported state); never register an invalid config. */
    validFields(inputs) {
        const fields = (0, resourceState_1.fieldsOf)(this.kind, inputs);
        const result = (0, checkWebhook_1.checkWebhook)(fields, { kind: this.kind });
        if (!result.ok) {
            const first = result.errors[0];
            throw new errors_1.WebhookError({
                code: first.code,
                path: first.path,
                message: result.errors.map((e) => `${e.path === "" ? "" : `${e.path}: `}${e.message} (${e.code})`).join("\n"),
            });
        }
        return (0, resourceState_1.fieldsOf)(this.kind, result.config);
    }
    /** The step's overall deadline: the Test invocation plus the registration. */
    deadline(fields) {
        const timeoutSeconds = typeof fields.timeoutSeconds === "number" ? fields.timeoutSeconds : 10;
        return AbortSignal.timeout(timeoutSeconds * 1000 + this.testOverheadMs + this.adminCallMs);
    }
    /** The Test invocation unless testBeforeApply is false; a failure throws, so nothing is registered. */
    async runTest(api, fields, deadline) {
        if (fields.testBeforeApply === false)
            return undefined;
        const timeoutSeconds = typeof fields.timeoutSeconds === "number" ? fields.timeoutSeconds : 10;
        const record = await api.test({ kind: this.kind, ...fields }, { signal: deadline, timeoutMs: timeoutSeconds * 1000 + this.testOverheadMs });
        if (record.result !== "success")
            throw (0, testResult_1.testFailureError)(record, String(fields.name));
        return (0, testResult_1.lastTestOf)(record);
    }
    state(fields, registration, runtimeUrl, lastTest) {
        const outputs = {
            webhookId: registration.id,
            version: registration.version,
            ...(lastTest === undefined ? {} : { lastTest }),
            runtimeUrl,
        };
        return { ...(0, secretValues_1.wrapSecrets)(fields), ...outputs };
    }
    /**
     * Once the runtime holds the registration, any later failure must still give the
     * engine the id and what is known of the state, or the registration is orphaned
     * (the engine records a partially created resource and refreshes or updates it next time).
     */
    afterRegistration(known, finish) {
        try {
            return finish();
        }
        catch (e) {
            const message = e instanceof Error || (0, errors_1.isWebhookError)(e) ? e.message : String(e);
            const properties = Object.fromEntries(Object.entries(known).filter(([, v]) => v !== undefined));
            throw Object.assign(new Error(`webhook ${known.webhookId} was registered, but the step did not finish: ${message}`), {
                id: known.webhookId,
                properties,
                reasons: [message],
            });
        }
    }
}
exports.WebhookProvider = WebhookProvider;
