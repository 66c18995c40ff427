// The native plugin's provider: each RPC of providerServer.ts dispatched by
// resource type onto the one core (resources/webhookCore.ts), plus the
// provider config (runtimeUrl, secret runtimeToken; the environment is the
// fallback) and the functions getWebhook and testWebhook.
import * as fs from "node:fs";
import * as path from "node:path";
import { WebhookError } from "../errors";
import type { EventKind } from "../model/events";
import { normaliseRuntimeUrl, type ConfiguredValues } from "../resources/runtimeSettings";
import { outputsOf } from "../resources/resourceState";
import { secretEnvelope, unwrapSecrets, UNKNOWN } from "../resources/secretValues";
import { sameValue } from "../resources/diffState";
import { WebhookCore, type WebhookCoreOptions } from "../resources/webhookCore";
import type { CheckFailure, DiffOutcome, NativeProvider, Props, StepContext } from "./providerServer";

export const RESOURCE_TOKENS: Record<string, EventKind> = {
  "webhooks:index:AuditWebhook": "audit",
  "webhooks:index:RequestWebhook": "request",
};
export const FUNCTION_TOKENS = { getWebhook: "webhooks:index:getWebhook", testWebhook: "webhooks:index:testWebhook" } as const;
const CONFIG_FIELDS = ["runtimeUrl", "runtimeToken"] as const;

/** schema.json is at the package root: above provider/ in the sources, above dist/ when compiled (repo and plugin alike). */
export function readSchema(): string {
  const candidates = [path.join(__dirname, "..", "..", "schema.json"), path.join(__dirname, "..", "..", "..", "schema.json")];
  const found = candidates.find((p) => fs.existsSync(p));
  if (found === undefined) throw new Error(`schema.json not found next to the plugin (looked at ${candidates.join(", ")})`);
  return fs.readFileSync(found, "utf8");
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" && v !== UNKNOWN ? v.trim() : undefined);

/** An explicit provider's inputs win over the stack config (`webhooks:runtimeUrl`; older engines send `webhooks:config:runtimeUrl`). */
export function configuredValues(variables: Record<string, string>, args: Props | undefined): ConfiguredValues {
  const given = isRecord(unwrapSecrets(args)) ? (unwrapSecrets(args) as Props) : {};
  const pick = (key: (typeof CONFIG_FIELDS)[number]) =>
    text(given[key]) ?? text(variables[`webhooks:${key}`]) ?? text(variables[`webhooks:config:${key}`]);
  const url = pick("runtimeUrl");
  const token = pick("runtimeToken");
  return { ...(url === undefined ? {} : { url }), ...(token === undefined ? {} : { token }) };
}

export class WebhooksNativeProvider implements NativeProvider {
  readonly schema: string;
  readonly version: string;
  private readonly cores: Record<EventKind, WebhookCore>;

  constructor(options: WebhookCoreOptions & { schema?: string } = {}) {
    this.schema = options.schema ?? readSchema();
    this.version = String((JSON.parse(this.schema) as { version: unknown }).version);
    this.cores = { audit: new WebhookCore("audit", options), request: new WebhookCore("request", options) };
  }

  checkConfig(_olds: Props, news: Props): { inputs: Props; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    const url = text(unwrapSecrets(news.runtimeUrl));
    if (url !== undefined && !/^https?:\/\/[^/?#]+/i.test(url)) {
      failures.push({ property: "runtimeUrl", reason: "runtimeUrl must be the runtime's http:// or https:// base URL, e.g. http://127.0.0.1:8787 (CONFIG_INVALID_URL)" });
    }
    const token = unwrapSecrets(news.runtimeToken);
    // The token is a secret whatever the program passed, so the provider's state never shows it.
    const inputs = { ...news, ...(typeof token === "string" && token !== UNKNOWN ? { runtimeToken: secretEnvelope(token) } : {}) };
    return { inputs, failures };
  }

  diffConfig(olds: Props, news: Props): DiffOutcome {
    const detailed: DiffOutcome["detailed"] = {};
    for (const f of CONFIG_FIELDS) {
      const [a, b] = [unwrapSecrets(olds[f]), unwrapSecrets(news[f])];
      const same = f === "runtimeUrl" && typeof a === "string" && typeof b === "string" ? normaliseRuntimeUrl(a) === normaliseRuntimeUrl(b) : sameValue(a, b);
      if (!same) detailed[f] = { kind: a === undefined ? "add" : b === undefined ? "delete" : "update", replace: false };
    }
    // Never a provider replace: each webhook compares the runtime in its state with the new one and replaces itself.
    return { changes: Object.keys(detailed).length > 0, replaces: [], deleteBeforeReplace: false, detailed };
  }

  configure(variables: Record<string, string>, args: Props | undefined): void {
    const values = configuredValues(variables, args);
    for (const core of Object.values(this.cores)) core.configure(values);
  }

  async check(step: StepContext, _olds: Props, news: Props) {
    // The URN names the resource: a name another resource of the deployment claimed fails check (CONFIG_DUPLICATE_NAME).
    return this.core(step.type).check(news, step);
  }

  async diff(step: StepContext, _id: string, olds: Props, news: Props) {
    return this.core(step.type).diff(olds, news);
  }

  async create(step: StepContext, props: Props) {
    return this.core(step.type).create(props, step);
  }

  async read(step: StepContext, id: string, props: Props) {
    const result = await this.core(step.type).read(id, props, step);
    // A refresh of a deleted webhook answers id "" (gone); an import or `.get` of an unknown id is a mistake to name.
    if (result.id === "" && outputsOf(props).webhookId === undefined) {
      throw new WebhookError({
        code: "API_NOT_FOUND",
        path: "id",
        message: `no webhook with id ${id} is registered with the configured runtime (webhooks:runtimeUrl, or the provider's runtimeUrl); GET /v1/webhooks lists the ids`,
      });
    }
    return result;
  }

  async update(step: StepContext, id: string, olds: Props, news: Props) {
    return this.core(step.type).update(id, olds, news, step);
  }

  async delete(step: StepContext, id: string, props: Props) {
    await this.core(step.type).delete(id, props, step);
  }

  async invoke(token: string, args: Props): Promise<Props> {
    const given = unwrapSecrets(args) as Props;
    if (token === FUNCTION_TOKENS.getWebhook) return this.getWebhook(given);
    if (token === FUNCTION_TOKENS.testWebhook) return this.testWebhook(given);
    throw new WebhookError({ code: "CONFIG_UNKNOWN_FIELD", path: "token", message: `the webhooks provider has no function ${token}; it has ${Object.values(FUNCTION_TOKENS).join(" and ")}` });
  }

  private async getWebhook(args: Props): Promise<Props> {
    const id = text(args.id);
    const name = text(args.name);
    if ((id === undefined) === (name === undefined)) {
      throw new WebhookError({ code: "CONFIG_REQUIRED", path: "id", message: "getWebhook needs exactly one of id or name" });
    }
    const found = await this.cores.request.lookup(id === undefined ? { name } : { id });
    if (found === undefined) {
      throw new WebhookError({
        code: "API_NOT_FOUND",
        path: id === undefined ? "name" : "id",
        message: `no webhook with ${id === undefined ? `name ${JSON.stringify(name)}` : `id ${id}`} in the configured runtime; GET /v1/webhooks lists the registered ones`,
      });
    }
    // The runtime masks every secret value ("****") in what it returns.
    return { id: found.id, kind: found.kind, name: found.name, version: found.version, registration: found };
  }

  private async testWebhook(args: Props): Promise<Props> {
    const kind = args.kind;
    if (kind !== "audit" && kind !== "request") {
      throw new WebhookError({ code: "CONFIG_INVALID_KIND", path: "kind", message: `testWebhook: kind must be "audit" or "request", got ${JSON.stringify(kind)}` });
    }
    const config = isRecord(args.config) ? args.config : {};
    const trigger = text(args.trigger);
    if (trigger !== undefined && kind !== "request") {
      throw new WebhookError({ code: "CONFIG_INVALID_TRIGGER", path: "trigger", message: "testWebhook: trigger is for request webhooks; leave it out for kind audit" });
    }
    const record = await this.cores[kind].test(config, trigger);
    return {
      result: record.result,
      success: record.result === "success",
      ...(record.response === undefined ? {} : { statusCode: record.response.status }),
      durationMs: record.durationMs,
      ...(record.error === undefined ? {} : { errorCode: record.error.code, errorMessage: record.error.message }),
      record,
    };
  }

  private core(type: string): WebhookCore {
    const kind = RESOURCE_TOKENS[type];
    if (kind === undefined) {
      throw new WebhookError({ code: "CONFIG_INVALID_KIND", path: "type", message: `the webhooks provider has no resource ${type}; it has ${Object.keys(RESOURCE_TOKENS).join(" and ")}` });
    }
    return this.cores[kind];
  }
}
