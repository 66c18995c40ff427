// The runtime's admin API as the provider uses it (product.md §6): the Test
// invocation of an unsaved config, register, update, read and delete. Global
// fetch, so the provider process loads no HTTP library. Every call has its own
// deadline, inside the caller's overall one: the engine's customTimeouts never
// reach a dynamic provider.
import { isWebhookError, WebhookError, type ErrorCode } from "../errors";
import type { InvocationRecord } from "../delivery/invocationRecord";
import type { EventKind } from "../model/events";
import type { RuntimeSettings } from "./runtimeSettings";
import { PULUMI_WORDS, type ToolWords } from "./toolWords";

/** A registration as the API returns it: `{id, version, kind, ...config}` with secret values masked. */
export interface RegistrationJson {
  id: string;
  version: number;
  kind: EventKind;
  [field: string]: unknown;
}

export interface CallOptions {
  /** The caller's overall deadline. */
  signal?: AbortSignal;
  /** This call's own limit. */
  timeoutMs: number;
}

/** An admin call that needs no target: register, read, delete. */
export const ADMIN_CALL_MS = 30_000;

/** A 2xx answer (or a 404 the caller accepts): status and parsed JSON body. */
export interface Answer {
  status: number;
  json: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The id in a registration answer, if there is one. */
export function idOf(answer: Answer): string | undefined {
  const j = answer.json;
  return isRecord(j) && typeof j.id === "string" && j.id !== "" ? j.id : undefined;
}

export class RuntimeApi {
  /**
   * @param unauthorized what a 401 says to do: by default, set the token setting to the runtime's adminToken
   * @param words the commands and settings the messages name (Pulumi's unless a Terraform adapter says otherwise)
   */
  constructor(
    private readonly settings: RuntimeSettings,
    private readonly unauthorized = `set ${PULUMI_WORDS.tokenSetting} to the runtime's adminToken`,
    private readonly words: ToolWords = PULUMI_WORDS,
  ) {}

  get url(): string {
    return this.settings.url;
  }

  /** The admin token this client sends (kept in state as a secret, for a later move to another runtime). */
  get token(): string {
    return this.settings.token;
  }

  /** Runs the Test invocation; the record says whether it passed (a failed test is a 200 with result "failure"). */
  async test(body: Record<string, unknown>, options: CallOptions & { trigger?: string }): Promise<InvocationRecord> {
    const query = options.trigger === undefined ? "" : `?trigger=${encodeURIComponent(options.trigger)}`;
    const res = await this.call("POST", `/v1/webhooks/test${query}`, body, options);
    if (!isRecord(res.json) || (res.json.result !== "success" && res.json.result !== "failure")) {
      throw this.unexpected("POST /v1/webhooks/test", res.status);
    }
    return res.json as unknown as InvocationRecord;
  }

  /**
   * Registers; the answer is parsed by the caller with `registration()`, because once the
   * runtime said yes the caller must keep the id even if the rest of the answer is wrong.
   */
  async register(body: Record<string, unknown>, options: CallOptions): Promise<Answer> {
    return this.call("POST", "/v1/webhooks", body, options);
  }

  /** A new version of the registration (parse with `registration()`); undefined when the runtime has no webhook with this id. */
  async update(id: string, body: Record<string, unknown>, options: CallOptions): Promise<Answer | undefined> {
    const res = await this.call("PUT", webhookPath(id), body, options, { notFound: true });
    return res.status === 404 ? undefined : res;
  }

  /** undefined when the runtime has no webhook with this id. */
  async get(id: string, options: CallOptions): Promise<Answer | undefined> {
    const res = await this.call("GET", webhookPath(id), undefined, options, { notFound: true });
    return res.status === 404 ? undefined : res;
  }

  /** Every registration (secrets masked). */
  async list(options: CallOptions): Promise<RegistrationJson[]> {
    const res = await this.call("GET", "/v1/webhooks", undefined, options);
    const all = isRecord(res.json) ? res.json.webhooks : undefined;
    if (!Array.isArray(all)) throw this.unexpected("GET /v1/webhooks", res.status);
    return all.map((r) => this.registration({ status: res.status, json: r }, "GET /v1/webhooks"));
  }

  /** false when it was already gone. */
  async remove(id: string, options: CallOptions): Promise<boolean> {
    const res = await this.call("DELETE", webhookPath(id), undefined, options, { notFound: true });
    return res.status !== 404;
  }

  /** The registration in an answer; throws RUNTIME_UNREACHABLE when the answer is not one. */
  registration(res: Answer, what: string): RegistrationJson {
    const j = res.json;
    if (!isRecord(j) || typeof j.id !== "string" || j.id === "" || typeof j.version !== "number") throw this.unexpected(what, res.status);
    return j as RegistrationJson;
  }

  private unexpected(what: string, status: number): WebhookError {
    return new WebhookError({
      code: "RUNTIME_UNREACHABLE",
      message: `the runtime at ${this.settings.url} answered ${what} with ${status} and a body that is not the webhooks API's; check that webhooks:runtimeUrl points at \`webhooks runtime start\``,
    });
  }

  private async call(
    method: string,
    path: string,
    body: unknown,
    options: CallOptions,
    accept: { notFound?: boolean } = {},
  ): Promise<Answer> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    const where = `${method} ${this.settings.url}${path}`;
    let res: Response;
    let text: string;
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
    } catch (e) {
      throw this.transportError(where, e, signal, options.signal);
    }
    if (res.status === 404 && accept.notFound === true) return { status: 404, json: undefined };
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.status >= 200 && res.status < 300) return { status: res.status, json };
    throw this.apiError(where, res.status, json);
  }

  private transportError(where: string, e: unknown, signal: AbortSignal, overall: AbortSignal | undefined): WebhookError {
    if (signal.aborted) {
      const which = overall?.aborted === true ? "the step's overall deadline passed" : "no answer in time";
      return new WebhookError({
        code: "RUNTIME_UNREACHABLE",
        retryable: true,
        message: `${where}: ${which}; check that the runtime is running and reachable, then run ${this.words.apply} again`,
        cause: e,
      });
    }
    const cause = (e as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    return new WebhookError({
      code: "RUNTIME_UNREACHABLE",
      retryable: true,
      message: `${where} failed${typeof cause === "string" ? ` (${cause})` : ""}: could not reach the webhooks runtime; check ${this.words.urlSetting} and that \`webhooks runtime start\` is running`,
      cause: e,
    });
  }

  private apiError(where: string, status: number, json: unknown): WebhookError {
    const error = isRecord(json) ? json.error : undefined;
    if (status === 401) {
      return new WebhookError({
        code: "API_UNAUTHORIZED",
        message: `${where}: the runtime refused the token; ${this.unauthorized}`,
      });
    }
    if (isWebhookError(error)) {
      const path = typeof (error as { path?: unknown }).path === "string" ? (error as { path: string }).path : "";
      return new WebhookError({ code: error.code as ErrorCode, path, message: `${where} → ${status}: ${error.message}` });
    }
    return new WebhookError({
      code: "RUNTIME_UNREACHABLE",
      retryable: status >= 500,
      message: `${where} → ${status} without an API error body; check that webhooks:runtimeUrl points at \`webhooks runtime start\``,
    });
  }
}

const webhookPath = (id: string): string => `/v1/webhooks/${encodeURIComponent(id)}`;
