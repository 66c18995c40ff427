// `webhooks runtime start` without the command line: config → engine → API.
// Returns once the API listens; stop() closes the API (requests in progress
// finish), then stops the engine (attempts in flight finish), in that order so
// no request reaches a closed store.
import { getHeapStatistics } from "node:v8";
import { VERSION } from "../version";
import { defaultConnectionBudget } from "./api/connectionBudget";
import { createApiServer } from "./api/server";
import { createEngine as defaultCreateEngine } from "./createEngine";
import type { Engine, EngineObserver, EngineOptions } from "./engine";
import { loadRuntimeConfig, type ResolvedRuntimeConfig, type TokenName } from "./loadRuntimeConfig";
import { createLogger, logLevelOf, type Logger } from "./logger";
import { Metrics } from "./metrics";
import { WebhookError } from "../errors";
import { redactStoreUrl } from "./store/postgresStore";
import { onTemplateWarning } from "../templating";

/** How long shutdown waits for requests and attempts in progress: the longest webhook timeout (60 s) and a margin. */
export const DRAIN_MS = 65_000;

export interface StartRuntimeOptions {
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** Human-readable output (where it listens, generated tokens): stdout. */
  out: (text: string) => void;
  /** JSON log lines: stderr by default. */
  logWrite?: (line: string) => void;
  /** Tests inject an engine factory; default the SQLite/PostgreSQL engine. */
  createEngine?: (options: EngineOptions) => Promise<Engine>;
}

export interface RunningRuntime {
  url: string;
  config: ResolvedRuntimeConfig;
  logger: Logger;
  /** Stops accepting, finishes what is in progress, closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

function observerOf(metrics: Metrics, logger: Logger): EngineObserver {
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

const TOKEN_LABEL: Record<TokenName, string> = { adminToken: "admin token: ", ingestToken: "ingest token:" };

export async function startRuntime(options: StartRuntimeOptions): Promise<RunningRuntime> {
  const loaded = loadRuntimeConfig({ ...(options.configFile === undefined ? {} : { file: options.configFile }), env: options.env });
  const { config } = loaded;
  const logger = createLogger({
    level: logLevelOf(options.env.WEBHOOKS_LOG_LEVEL),
    secrets: [
      config.adminToken,
      config.ingestToken,
      ...(config.metricsToken === undefined ? [] : [config.metricsToken]),
      ...(config.readToken === undefined ? [] : [config.readToken]),
    ],
    ...(options.logWrite === undefined ? {} : { write: options.logWrite }),
  });
  // Handlebars would print these to the console in several lines; the log is one JSON object per line.
  onTemplateWarning((message) => logger.warn("template warning", { message }));
  const metrics = new Metrics(VERSION);
  const engine = await (options.createEngine ?? defaultCreateEngine)({ config, observer: observerOf(metrics, logger) });
  try {
    await engine.start();
  } catch (e) {
    // The store is open: close it so the process can exit with the error.
    await engine.stop({ drainMs: 0 }).catch(() => undefined);
    throw e;
  }

  const maxConnections = defaultConnectionBudget(config.server.maxConnections, config.delivery.concurrency);
  const api = createApiServer({
    engine,
    metrics,
    logger,
    maxBodyBytes: config.ingest.maxBodyBytes,
    maxConnections,
    maxBytesInFlight: config.ingest.maxBytesInFlight,
    now: Date.now,
    tokens: {
      adminToken: config.adminToken,
      ingestToken: config.ingestToken,
      ...(config.metricsToken === undefined ? {} : { metricsToken: config.metricsToken }),
      ...(config.readToken === undefined ? {} : { readToken: config.readToken }),
    },
  });
  let address: { url: string };
  try {
    address = await api.listen(config.listen);
  } catch (e) {
    await engine.stop({ drainMs: 0 });
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new WebhookError({
      code: "RUNTIME_CONFIG_INVALID",
      path: "listen",
      message: `cannot listen on ${config.listen} (${why}); is another runtime running there? Change listen or WEBHOOKS_LISTEN`,
    });
  }

  // The URL without its password: operators see which database a node uses.
  const storeKind = config.store === "sqlite" ? "sqlite" : redactStoreUrl(config.store);
  options.out(`webhooks runtime ${VERSION} listening on ${address.url} (store: ${storeKind}, data dir: ${config.dataDir})\n`);
  if (loaded.generated.length > 0) {
    options.out(`Generated API token(s), shown this once; kept in ${loaded.tokensFile} (mode 0600):\n`);
    for (const name of loaded.generated) options.out(`  ${TOKEN_LABEL[name]} ${config[name]}\n`);
  }
  // heapLimitMb shows the cap in force (memory.maxHeapMb, when started by the CLI), or Node's own limit.
  const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024));
  logger.info("runtime started", { version: VERSION, url: address.url, store: storeKind, dataDir: config.dataDir, maxConnections, heapLimitMb });

  let stopped: Promise<void> | undefined;
  return {
    url: address.url,
    config,
    logger,
    stop() {
      stopped ??= (async () => {
        logger.info("runtime stopping: finishing requests and attempts in progress");
        await api.close({ drainMs: DRAIN_MS });
        await engine.stop({ drainMs: DRAIN_MS });
        logger.info("runtime stopped");
      })();
      return stopped;
    },
  };
}
