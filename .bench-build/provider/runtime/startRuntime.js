"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DRAIN_MS = void 0;
exports.startRuntime = startRuntime;
// `webhooks runtime start` without the command line: config → engine → API.
// Returns once the API listens; stop() closes the API (requests in progress
// finish), then stops the engine (attempts in flight finish), in that order so
// no request reaches a closed store.
const version_1 = require("../version");
const server_1 = require("./api/server");
const createEngine_1 = require("./createEngine");
const loadRuntimeConfig_1 = require("./loadRuntimeConfig");
const logger_1 = require("./logger");
const metrics_1 = require("./metrics");
const errors_1 = require("../errors");
/** How long shutdown waits for requests and attempts in progress: the longest webhook timeout (60 s) and a margin. */
exports.DRAIN_MS = 65_000;
function observerOf(metrics, logger) {
    return {
        eventsIngested: (kind, count, duplicates) => metrics.eventsIngested(kind, count, duplicates),
        attemptFinished(record, status) {
            metrics.attemptFinished(record, status);
            // A delivered attempt is the normal case (and frequent): debug; a failure is what an operator looks for.
            const level = status === "delivered" ? "debug" : status === "retrying" ? "info" : "warn";
            logger.log(level, `delivery ${status}`, {
                deliveryId: record.deliveryId,
                webhookId: record.webhookId,
                eventId: record.eventId,
                attempt: record.attempt,
                httpStatus: record.response?.status,
                durationMs: record.durationMs,
                error: record.error === undefined ? undefined : { code: record.error.code, message: record.error.message },
            });
        },
        log: (level, message, fields) => logger.log(level, message, fields),
    };
}
const TOKEN_LABEL = { adminToken: "admin token: ", ingestToken: "ingest token:" };
async function startRuntime(options) {
    const loaded = (0, loadRuntimeConfig_1.loadRuntimeConfig)({ ...(options.configFile === undefined ? {} : { file: options.configFile }), env: options.env });
    const { config } = loaded;
    const logger = (0, logger_1.createLogger)({
        level: (0, logger_1.logLevelOf)(options.env.WEBHOOKS_LOG_LEVEL),
        secrets: [config.adminToken, config.ingestToken],
        ...(options.logWrite === undefined ? {} : { write: options.logWrite }),
    });
    const metrics = new metrics_1.Metrics(version_1.VERSION);
    const engine = await (options.createEngine ?? createEngine_1.createEngine)({ config, observer: observerOf(metrics, logger) });
    try {
        await engine.start();
    }
    catch (e) {
        // The store is open: close it so the process can exit with the error.
        await engine.stop({ drainMs: 0 }).catch(() => undefined);
        throw e;
    }
    const api = (0, server_1.createApiServer)({
        engine,
        metrics,
        logger,
        maxBodyBytes: config.ingest.maxBodyBytes,
        now: Date.now,
        tokens: { adminToken: config.adminToken, ingestToken: config.ingestToken },
    });
    let address;
    try {
        address = await api.listen(config.listen);
    }
    catch (e) {
        await engine.stop({ drainMs: 0 });
        const why = e.code ?? String(e);
        throw new errors_1.WebhookError({
            code: "RUNTIME_CONFIG_INVALID",
            path: "listen",
            message: `cannot listen on ${config.listen} (${why}); is another runtime running there? Change listen or WEBHOOKS_LISTEN`,
        });
    }
    const storeKind = config.store === "sqlite" ? "sqlite" : "postgres";
    options.out(`webhooks runtime ${version_1.VERSION} listening on ${address.url} (store: ${storeKind}, data dir: ${config.dataDir})\n`);
    if (loaded.generated.length > 0) {
        options.out(`Generated API token(s), shown this once; kept in ${loaded.tokensFile} (mode 0600):\n`);
        for (const name of loaded.generated)
            options.out(`  ${TOKEN_LABEL[name]} ${config[name]}\n`);
    }
    logger.info("runtime started", { version: version_1.VERSION, url: address.url, store: storeKind, dataDir: config.dataDir });
    let stopped;
    return {
        url: address.url,
        config,
        logger,
        stop() {
            stopped ??= (async () => {
                logger.info("runtime stopping: finishing requests and attempts in progress");
                await api.close({ drainMs: exports.DRAIN_MS });
                await engine.stop({ drainMs: exports.DRAIN_MS });
                logger.info("runtime stopped");
            })();
            return stopped;
        },
    };
}
