// The one core behind AuditWebhook and RequestWebhook: check, diff,
// create/read/update/delete (Test invocation through the runtime, then the
// registration). Pure of @pulumi/pulumi: the dynamic provider
// (webhookProvider.ts) and the native plugin (provider/native/) are thin
// adapters over it, so a rule changes in one place. Props are the engine's
// plain JSON with secrets in the wire envelope (secretValues.ts).
import { WebhookError } from "../errors";
import { engineMessage } from "./engineError";
import { checkWebhook } from "../check/checkWebhook";
import type { EventKind } from "../model/events";
import { checkInputs, type CheckOutcome } from "./checkInputs";
import { diffState, type DiffOutcome } from "./diffState";
import { fieldsFromRuntime } from "./readBack";
import { managerOfUrn, parseManagedBy, type ManagedBy } from "../model/managedBy";
import { processClaims, type NameClaims } from "./nameClaims";
import { APPLIED_VERSION_STATE, appliedVersionOf, fieldsOf, fingerprintsIn, MANAGED_BY_INPUT, outputsOf, RUNTIME_TOKEN_STATE, stateTokenOf, type LastTest, type WebhookOutputs } from "./resourceState";
import { runtimeApiFor } from "./runtimeCredentials";
import type { InvocationRecord } from "../delivery/invocationRecord";
import { ADMIN_CALL_MS, idOf, type RegistrationJson, type RuntimeApi } from "./runtimeApi";
import { configuredUrl, requireSettings, type ConfiguredValues } from "./runtimeSettings";
import { secretEnvelope, UNKNOWN, unwrapSecrets, wrapSecrets } from "./secretValues";
import { lastTestOf, testFailureError } from "./testResult";
import { PULUMI_WORDS, type ToolWords } from "./toolWords";

export interface WebhookCoreOptions {
  /** Where the environment fallback is read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Limit of an admin call (register, read, delete); default 30 s. */
  adminCallMs?: number;
  /** Time the runtime gets around the target's own timeout in a Test invocation (OAuth token, TLS, render); default 30 s. */
  testOverheadMs?: number;
  /** Names claimed by the resources checked so far; default: this process's (both kinds share them). */
  claims?: NameClaims;
  /** The commands and settings messages name; default Pulumi's (provider/terraform passes TERRAFORM_WORDS). */
  words?: ToolWords;
}

export type Props = Record<string, unknown>;

/** The engine's limit of one step (a resource's customTimeouts), in seconds; 0 or absent: the core's own deadline. */
export interface StepOptions {
  timeoutSeconds?: number;
  /** The resource's URN (the native plugin); the dynamic SDK passes its label as the input `__managedBy` instead. */
  urn?: string;
}

export interface CreateOutcome {
  id: string;
  outs: Props;
}

/** id "" means the registration is gone (deleted outside Pulumi). */
export interface ReadOutcome {
  id: string;
  props?: Props;
  inputs?: Props;
}

/** Time the runtime gets around the target's own timeout in a Test invocation. */
const TEST_OVERHEAD_MS = 30_000;

export class WebhookCore {
  private configured: ConfiguredValues = {};
  private readonly env: NodeJS.ProcessEnv;
  private readonly adminCallMs: number;
  private readonly testOverheadMs: number;
  private readonly claims: NameClaims;
  private readonly words: ToolWords;

  constructor(
    readonly kind: EventKind,
    options: WebhookCoreOptions = {},
  ) {
    this.env = options.env ?? process.env;
    this.adminCallMs = options.adminCallMs ?? ADMIN_CALL_MS;
    this.testOverheadMs = options.testOverheadMs ?? TEST_OVERHEAD_MS;
    this.claims = options.claims ?? processClaims;
    this.words = options.words ?? PULUMI_WORDS;
  }

  /** The stack's (or an explicit provider's) runtimeUrl/runtimeToken; the environment stays the fallback. */
  configure(values: ConfiguredValues): void {
    this.configured = values;
  }

  /** Offline: never calls the runtime; unknowns tolerated. A name another resource of the program uses fails (CONFIG_DUPLICATE_NAME). */
  check(news: unknown, step: StepOptions = {}): CheckOutcome {
    const outcome = checkInputs(this.kind, news);
    const owner = this.managedBy(news, step);
    const name = fieldsOf(this.kind, outcome.inputs).name;
    if (outcome.failures.length > 0 || owner === undefined || typeof name !== "string" || name === UNKNOWN) return outcome;
    const clash = this.claims.claim(configuredUrl(this.configured, this.env) ?? "", name, owner);
    return clash === undefined ? outcome : { ...outcome, failures: [{ property: "name", reason: `${clash} (CONFIG_DUPLICATE_NAME)` }] };
  }

  diff(olds: unknown, news: unknown): DiffOutcome {
    return diffState(this.kind, olds, news, configuredUrl(this.configured, this.env));
  }

  async create(inputs: Props, step: StepOptions = {}): Promise<CreateOutcome> {
    const api = this.api();
    const fields = this.validFields(inputs);
    const deadline = this.deadline(fields, step);
    const lastTest = await this.runTest(api, fields, deadline);
    const answer = await api.register(this.body(fields, inputs, step), { signal: deadline, timeoutMs: this.adminCallMs });
    // An answer without an id leaves nothing the engine could keep: registration() throws and says why.
    const id = idOf(answer) ?? api.registration(answer, "POST /v1/webhooks").id;
    return this.afterRegistration({ ...wrapSecrets(fields), webhookId: id, runtimeUrl: api.url, lastTest, ...this.tokenState(api) }, () => ({
      id,
      outs: this.state(fields, api.registration(answer, "POST /v1/webhooks"), api, lastTest),
    }));
  }

  async update(id: string, olds: Props, news: Props, step: StepOptions = {}): Promise<{ outs: Props }> {
    const previous = outputsOf(olds);
    const api = this.api(previous.runtimeUrl, stateTokenOf(olds));
    const fields = this.validFields(news);
    const deadline = this.deadline(fields, step);
    const lastTest = (await this.runTest(api, fields, deadline)) ?? previous.lastTest;
    const updated = await api.update(id, this.body(fields, news, step), { signal: deadline, timeoutMs: this.adminCallMs });
    if (updated === undefined) {
      throw new WebhookError({
        code: "API_NOT_FOUND",
        message: `webhook ${id} is no longer registered with the runtime at ${api.url} (deleted outside ${this.words.tool}); ${this.words.deletedOutside}`,
      });
    }
    return this.afterRegistration({ ...wrapSecrets(fields), webhookId: id, runtimeUrl: api.url, lastTest, ...this.tokenState(api) }, () => ({
      outs: this.state(fields, api.registration(updated, "PUT /v1/webhooks/{id}"), api, lastTest),
    }));
  }

  /** `props` is the state; empty for an import or a `.get` (then the configured runtime is asked and secrets stay masked). */
  async read(id: string, props: Props, step: StepOptions = {}): Promise<ReadOutcome> {
    const previous = outputsOf(props);
    const api = this.api(previous.runtimeUrl, stateTokenOf(props));
    const answer = await api.get(id, { timeoutMs: this.adminLimit(step) });
    // An empty id tells the engine the resource is gone (deleted outside Pulumi).
    if (answer === undefined) return { id: "" };
    const registration = api.registration(answer, "GET /v1/webhooks/{id}");
    if (registration.kind !== this.kind) {
      throw new WebhookError({
        code: "CONFIG_INVALID_KIND",
        path: "kind",
        message: `webhook ${id} in the runtime at ${api.url} is a ${String(registration.kind)} webhook, not ${this.kind}; was the id reused? remove it from state with ${this.words.forget}`,
      });
    }
    const fields = fieldsFromRuntime(this.kind, registration, props);
    // The version Pulumi applied stays as state had it, so a version registered outside Pulumi shows in the refresh's
    // diff. A lookup (`.get`) or an import keeps neither it nor a token: only a managed webhook is ever deleted, and
    // its state's `version` stands for the applied one until its next update writes both.
    const managed = previous.webhookId !== undefined;
    const { [RUNTIME_TOKEN_STATE]: token, [APPLIED_VERSION_STATE]: applied, ...lookupState } = this.state(
      fields,
      registration,
      api,
      previous.lastTest,
      appliedVersionOf(props) ?? registration.version,
    );
    return {
      id,
      props: managed ? { ...lookupState, [APPLIED_VERSION_STATE]: applied, [RUNTIME_TOKEN_STATE]: token } : lookupState,
      inputs: wrapSecrets(fields),
    };
  }

  async delete(id: string, props: Props, step: StepOptions = {}): Promise<void> {
    // Already gone (e.g. a replacement took its name over and its queued deliveries) is fine.
    await this.api(outputsOf(props).runtimeUrl, stateTokenOf(props)).remove(id, { timeoutMs: this.adminLimit(step) });
  }

  /** The registration as the runtime shows it (secrets masked), or undefined when there is none. */
  async lookup(by: { id?: string; name?: string }): Promise<RegistrationJson | undefined> {
    const api = this.api();
    if (by.id !== undefined && by.id !== "") {
      const answer = await api.get(by.id, { timeoutMs: this.adminCallMs });
      return answer === undefined ? undefined : api.registration(answer, "GET /v1/webhooks/{id}");
    }
    const all = await api.list({ timeoutMs: this.adminCallMs });
    return all.find((r) => r.name === by.name);
  }

  /** The Test invocation of a config, registering nothing; the record says whether it passed. */
  async test(inputs: Props, trigger: string | undefined, step: StepOptions = {}): Promise<InvocationRecord> {
    const api = this.api();
    const fields = this.validFields(inputs);
    const deadline = this.deadline(fields, step);
    const timeoutSeconds = typeof fields.timeoutSeconds === "number" ? fields.timeoutSeconds : 10;
    return api.test({ kind: this.kind, ...fields }, { signal: deadline, timeoutMs: timeoutSeconds * 1000 + this.testOverheadMs, ...(trigger === undefined ? {} : { trigger }) });
  }

  /** The runtime to call: the one in state for an existing webhook (with its token when it is not the configured one), else the configured one. */
  private api(runtimeUrl?: string, stateToken?: string): RuntimeApi {
    return runtimeApiFor(requireSettings(this.configured, this.env), runtimeUrl, stateToken, this.words);
  }

  /** The resource registering: the URN's label (native plugin), else the dynamic SDK's `__managedBy` input. */
  private managedBy(inputs: unknown, step: StepOptions): ManagedBy | undefined {
    if (step.urn !== undefined) return managerOfUrn(step.urn);
    const given = unwrapSecrets(inputs);
    const label = typeof given === "object" && given !== null ? (given as Props)[MANAGED_BY_INPUT] : undefined;
    return parseManagedBy(label, MANAGED_BY_INPUT);
  }

  /** The register/update body: the config and who manages it (a replace of the same resource takes its name over). */
  private body(fields: Props, inputs: Props, step: StepOptions): Props {
    const managedBy = this.managedBy(inputs, step);
    return { kind: this.kind, ...fields, ...(managedBy === undefined ? {} : { managedBy }) };
  }

  private tokenState(api: RuntimeApi): Props {
    return { [RUNTIME_TOKEN_STATE]: secretEnvelope(api.token) };
  }

  /** `check` ran before, but the engine may skip it (e.g. an imported state); never register an invalid config. */
  private validFields(inputs: Props): Props {
    const fields = fieldsOf(this.kind, inputs);
    const result = checkWebhook(fields, { kind: this.kind });
    if (!result.ok) {
      const first = result.errors[0];
      throw new WebhookError({
        code: first.code,
        path: first.path,
        message: result.errors.map((e) => `${e.path === "" ? "" : `${e.path}: `}${e.message} (${e.code})`).join("\n"),
      });
    }
    return fieldsOf(this.kind, result.config);
  }

  /** The step's overall deadline: the Test invocation plus the registration, or the engine's customTimeouts when it sends one. */
  private deadline(fields: Props, step: StepOptions): AbortSignal {
    if (step.timeoutSeconds !== undefined && step.timeoutSeconds > 0) return AbortSignal.timeout(step.timeoutSeconds * 1000);
    const timeoutSeconds = typeof fields.timeoutSeconds === "number" ? fields.timeoutSeconds : 10;
    return AbortSignal.timeout(timeoutSeconds * 1000 + this.testOverheadMs + this.adminCallMs);
  }

  private adminLimit(step: StepOptions): number {
    return step.timeoutSeconds !== undefined && step.timeoutSeconds > 0 ? step.timeoutSeconds * 1000 : this.adminCallMs;
  }

  /** The Test invocation unless testBeforeApply is false; a failure throws, so nothing is registered. */
  private async runTest(api: RuntimeApi, fields: Props, deadline: AbortSignal): Promise<LastTest | undefined> {
    if (fields.testBeforeApply === false) return undefined;
    const timeoutSeconds = typeof fields.timeoutSeconds === "number" ? fields.timeoutSeconds : 10;
    const record = await api.test({ kind: this.kind, ...fields }, { signal: deadline, timeoutMs: timeoutSeconds * 1000 + this.testOverheadMs });
    if (record.result !== "success") throw testFailureError(record, String(fields.name), this.words);
    return lastTestOf(record);
  }

  private state(fields: Props, registration: RegistrationJson, api: RuntimeApi, lastTest: LastTest | undefined, applied = registration.version): Props {
    const [runtimeUrl, token] = [api.url, api.token];
    const secretFingerprints = fingerprintsIn(registration);
    const outputs: WebhookOutputs = {
      webhookId: registration.id,
      version: registration.version,
      ...(lastTest === undefined ? {} : { lastTest }),
      runtimeUrl,
      ...(secretFingerprints === undefined ? {} : { secretFingerprints }),
    };
    return { ...wrapSecrets(fields), ...outputs, [APPLIED_VERSION_STATE]: applied, [RUNTIME_TOKEN_STATE]: secretEnvelope(token) };
  }

  /**
   * Once the runtime holds the registration, any later failure must still give the
   * engine the id and what is known of the state, or the registration is orphaned
   * (the engine records a partially created resource and refreshes or updates it next time).
   */
  private afterRegistration<T>(known: Props & { webhookId: string }, finish: () => T): T {
    try {
      return finish();
    } catch (e) {
      const message = engineMessage(e);
      const properties = Object.fromEntries(Object.entries(known).filter(([, v]) => v !== undefined));
      throw Object.assign(new Error(`webhook ${known.webhookId} was registered, but the step did not finish: ${message}`), {
        id: known.webhookId,
        properties,
        reasons: [message],
      });
    }
  }
}
