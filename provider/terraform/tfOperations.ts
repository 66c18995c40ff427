// What `webhooks terraform <op>` does: one Terraform/OpenTofu operation of the
// Go provider (provider-terraform/), mapped onto the one core (webhookCore.ts):
// the same check, diff, Test invocation, create/read/update/delete and lookup
// the Pulumi adapters call. The Go side owns only the plugin protocol.
//
// State keeps each input attribute as the configuration gave it (Terraform
// requires the applied value to equal the planned one); normalisation and the
// "what really changed" rule stay in the core (checkInputs, diffState).
import { isWebhookError, WebhookError } from "../errors";
import { checkWebhook } from "../check/checkWebhook";
import { checkInputs } from "../resources/checkInputs";
import { diffState } from "../resources/diffState";
import { engineMessage } from "../resources/engineError";
import { fieldsOf } from "../resources/resourceState";
import { configuredUrl, ENV_KEYS } from "../resources/runtimeSettings";
import { UNKNOWN, unwrapSecrets } from "../resources/secretValues";
import { WebhookCore } from "../resources/webhookCore";
import type { EventKind } from "../model/events";
import { DATA_SOURCE, RESOURCE_KINDS, resourceSchema, tfSchema, type TfAttrs } from "./tfSchema";
import { coreFields, tfPath, tfValues, toTf, UNKNOWN_MARKER, type Obj, type PathStep } from "./tfValues";
import { TERRAFORM_WORDS } from "../resources/toolWords";

export interface Diagnostic {
  code: string;
  path: PathStep[];
  summary: string;
  detail: string;
}

export interface OpRequest {
  type?: string;
  provider?: Obj | null;
  config?: Obj | null;
  state?: Obj | null;
  plan?: Obj | null;
}

export type OpResult = Obj & { diagnostics: Diagnostic[] };

/** Outputs the resource computes (the rest are the webhook's fields). */
const OUTPUTS = ["id", "webhook_id", "version", "last_test", "runtime_url", "secret_fingerprints"] as const;
const UNKNOWN_VALUE = { [UNKNOWN_MARKER]: true };
const isRecord = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

export async function runOperation(op: string, req: OpRequest, env: NodeJS.ProcessEnv = process.env): Promise<OpResult> {
  let attrs: TfAttrs | undefined;
  try {
    if (op === "schema") return { ...tfSchema(), diagnostics: [] };
    attrs = req.type === DATA_SOURCE ? tfSchema().data_sources[DATA_SOURCE] : resourceSchema(req.type ?? "");
    if (attrs === undefined) throw new WebhookError({ code: "CONFIG_INVALID_KIND", path: "type", message: `the webhooks provider has no type ${String(req.type)}` });
    if (req.type === DATA_SOURCE) return { state: await lookup(attrs, req, env), diagnostics: [] };
    const kind = RESOURCE_KINDS[req.type ?? ""];
    const step = new Step(kind, attrs, req, env);
    switch (op) {
      case "validate":
        return { diagnostics: step.validate() };
      case "plan":
        return { ...step.plan(), diagnostics: [] };
      case "create":
        return { state: await step.create(), diagnostics: [] };
      case "read":
        return { state: await step.read(), diagnostics: [] };
      case "update":
        return { state: await step.update(), diagnostics: [] };
      case "delete":
        await step.delete();
        return { diagnostics: [] };
      default:
        throw new WebhookError({ code: "CONFIG_UNKNOWN_FIELD", path: "op", message: `webhooks terraform has no operation ${op}` });
    }
  } catch (e) {
    return { ...partialState(e), diagnostics: [diagnosticOf(attrs ?? {}, e)] };
  }
}

/** Once registered, a failed step still hands Terraform the id, so the registration is not orphaned (webhookCore's afterRegistration). */
function partialState(e: unknown): Obj {
  const partial = e as { id?: unknown } | undefined;
  return typeof partial?.id === "string" && partial.id !== "" ? { partial_id: partial.id } : {};
}

function diagnosticOf(attrs: TfAttrs, e: unknown): Diagnostic {
  const code = isWebhookError(e) ? e.code : "INTERNAL";
  const steps = isWebhookError(e) && e.path !== "" ? tfPath(attrs, e.path) : [];
  const message = engineMessage(e);
  const [first, ...rest] = message.split("\n");
  // Terraform shows the attribute with the diagnostic; a path the schema does not name stays in the text.
  const where = steps.length === 0 && isWebhookError(e) && e.path !== "" ? `${e.path}: ` : "";
  return { code, path: steps, summary: `${where}${first}`, detail: rest.join("\n") };
}

/** The runtime the provider block names; the environment (WEBHOOKS_RUNTIME_URL/TOKEN) is the core's fallback. */
function coreFor(kind: EventKind, provider: Obj | null | undefined, env: NodeJS.ProcessEnv): WebhookCore {
  const url = text(provider?.runtime_url);
  const token = text(provider?.admin_token);
  if (url === undefined && text(env[ENV_KEYS.url]) === undefined) {
    throw new WebhookError({ code: "CONFIG_REQUIRED", path: "runtime_url", message: `set runtime_url in the provider "webhooks" block (or ${ENV_KEYS.url}) to the delivery runtime's base URL, e.g. http://127.0.0.1:8787` });
  }
  if (token === undefined && text(env[ENV_KEYS.token]) === undefined) {
    throw new WebhookError({ code: "CONFIG_REQUIRED", path: "admin_token", message: `set admin_token in the provider "webhooks" block (or ${ENV_KEYS.token}) to the runtime's adminToken` });
  }
  const core = new WebhookCore(kind, { env, words: TERRAFORM_WORDS });
  core.configure({ ...(url === undefined ? {} : { url }), ...(token === undefined ? {} : { token }) });
  return core;
}

class Step {
  constructor(
    private readonly kind: EventKind,
    private readonly attrs: TfAttrs,
    private readonly req: OpRequest,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The same rules and codes as `webhooks validate`; values unknown until apply are tolerated. */
  validate(): Diagnostic[] {
    const fields = coreFields(this.attrs, this.req.config ?? {});
    const result = checkWebhook(fields, { kind: this.kind, unknownSentinel: UNKNOWN });
    return result.ok ? [] : result.errors.map((e) => diagnosticOf(this.attrs, e));
  }

  /** Offline: what changes (the core's diff), which outputs are unknown until apply, and a replace when the runtime moved. */
  plan(): Obj {
    const { state, plan } = this.req;
    if (!isRecord(plan)) return { planned: plan ?? null, requires_replace: [] };
    if (!isRecord(state)) {
      const unknowns = Object.fromEntries(OUTPUTS.map((k) => [k, UNKNOWN_VALUE]));
      return { planned: { ...plan, ...unknowns }, requires_replace: [] };
    }
    const diff = diffState(this.kind, this.coreState(state, true), this.normalised(plan), this.configuredUrl());
    const kept = Object.fromEntries(OUTPUTS.map((k) => [k, state[k] ?? null]));
    if (!diff.changes) return { planned: { ...plan, ...kept }, requires_replace: [] };
    const moved = diff.replaces.includes("runtimeUrl");
    const changing = moved ? OUTPUTS : (["version", "last_test", "secret_fingerprints"] as const);
    const unknowns = Object.fromEntries(changing.map((k) => [k, UNKNOWN_VALUE]));
    return { planned: { ...plan, ...kept, ...unknowns }, requires_replace: moved ? [[{ attr: "runtime_url" }]] : [] };
  }

  async create(): Promise<Obj> {
    const plan = this.req.plan ?? {};
    const { id, outs } = await this.core().create(coreFields(this.attrs, plan));
    return { ...plan, ...this.outputs(id, outs) };
  }

  /** Refresh and import: the runtime's view; a field the core's diff sees unchanged keeps its configured spelling. */
  async read(): Promise<Obj | null> {
    const state = this.req.state ?? {};
    const id = text(state.id);
    if (id === undefined) throw new WebhookError({ code: "CONFIG_REQUIRED", path: "id", message: "import needs the webhook id (wh_…): GET /v1/webhooks lists them" });
    const imported = text(state.webhook_id) === undefined;
    const result = await this.core().read(id, this.coreState(state));
    if (result.id === "") {
      if (!imported) return null; // deleted outside Terraform: dropped from state, the next apply registers it again
      throw new WebhookError({ code: "API_NOT_FOUND", path: "id", message: `no ${this.kind} webhook with id ${id} is registered with the provider's runtime (runtime_url); GET /v1/webhooks lists the ids` });
    }
    const remote = fieldsOf(this.kind, result.inputs);
    const baseline = imported ? this.defaultsOf(remote) : { baseline: this.normalised(state), given: [] };
    const changed = diffState(this.kind, baseline.baseline, remote, undefined).detailed;
    const out: Obj = { ...state };
    for (const [name, attr] of Object.entries(this.attrs)) {
      if (attr.computed === true && attr.optional !== true) continue;
      // An import takes the runtime's value of a required field and of each field off its default; the rest stays unset.
      if (attr.core in changed || baseline.given.includes(attr.core)) out[name] = toTf(attr, remote[attr.core]);
      else if (imported) out[name] = null;
    }
    return { ...out, ...this.outputs(result.id, result.props ?? {}) };
  }

  async update(): Promise<Obj> {
    const state = this.req.state ?? {};
    const plan = this.req.plan ?? {};
    const olds = this.coreState(state);
    const core = this.core();
    // A change the core's diff ignores (testBeforeApply, testEvent, a spelling) updates nothing in the runtime.
    if (!core.diff(this.coreState(state, true), this.normalised(plan)).changes) return { ...plan, ...Object.fromEntries(OUTPUTS.map((k) => [k, state[k] ?? null])) };
    const { outs } = await core.update(String(state.id), olds, coreFields(this.attrs, plan));
    return { ...plan, ...this.outputs(String(state.id), outs) };
  }

  async delete(): Promise<void> {
    const state = this.req.state ?? {};
    await this.core().delete(String(state.id), this.coreState(state));
  }

  private core(): WebhookCore {
    return coreFor(this.kind, this.req.provider, this.env);
  }

  private configuredUrl(): string | undefined {
    const url = text(this.req.provider?.runtime_url);
    return configuredUrl(url === undefined ? {} : { url }, this.env);
  }

  /** The fields as the core's check normalises them (defaults filled, `:443` dropped); as given when they do not pass. */
  private normalised(tf: Obj): Obj {
    const fields = coreFields(this.attrs, tf);
    const checked = checkInputs(this.kind, fields);
    return checked.failures.length === 0 ? (unwrapSecrets(checked.inputs) as Obj) : fields;
  }

  /**
   * An import's baseline: the registration's identifying fields (name, url, triggers, the template, and the method
   * when the template alone does not pass) with the kind's defaults filled, so a field the runtime holds at its
   * default stays unset (null) in state. Returns the baseline and the fields it was given (those are always kept).
   */
  private defaultsOf(remote: Obj): { baseline: Obj; given: string[] } {
    for (const given of [["name", "url", "triggers", "bodyTemplate"], ["name", "url", "triggers", "bodyTemplate", "method"]]) {
      const input = Object.fromEntries(given.filter((f) => remote[f] !== undefined).map((f) => [f, remote[f]]));
      const checked = checkInputs(this.kind, input);
      if (checked.failures.length === 0) return { baseline: unwrapSecrets(checked.inputs) as Obj, given: Object.keys(input) };
    }
    return { baseline: remote, given: Object.keys(remote) };
  }

  /** The core's props of a Terraform state: the fields plus the outputs read uses (runtime, fingerprints). */
  private coreState(state: Obj, normalise = false): Obj {
    const fingerprints = isRecord(state.secret_fingerprints) ? { secretFingerprints: state.secret_fingerprints } : {};
    return {
      ...(normalise ? this.normalised(state) : coreFields(this.attrs, state)),
      ...(text(state.webhook_id) === undefined ? {} : { webhookId: state.webhook_id }),
      ...(typeof state.version === "number" ? { version: state.version } : {}),
      ...(text(state.runtime_url) === undefined ? {} : { runtimeUrl: state.runtime_url }),
      ...(isRecord(state.last_test) ? { lastTest: coreFields(this.attrs.last_test.attributes ?? {}, state.last_test, true) } : {}),
      ...fingerprints,
    };
  }

  /** The computed attributes of a core result. The runtime token the core keeps in Pulumi state is not kept: the provider block names it. */
  private outputs(id: string, outs: Obj): Obj {
    const plain = unwrapSecrets(outs) as Obj;
    return {
      id,
      webhook_id: id,
      version: plain.version ?? null,
      last_test: toTf(this.attrs.last_test, plain.lastTest),
      runtime_url: plain.runtimeUrl ?? null,
      secret_fingerprints: plain.secretFingerprints ?? null,
    };
  }
}

/** The `webhooks_webhook` data source: one registration by id or name, secrets masked as the runtime shows them. */
async function lookup(attrs: TfAttrs, req: OpRequest, env: NodeJS.ProcessEnv): Promise<Obj> {
  const config = req.config ?? {};
  const [id, name] = [text(config.id), text(config.name)];
  if ((id === undefined) === (name === undefined)) throw new WebhookError({ code: "CONFIG_REQUIRED", path: "id", message: "data \"webhooks_webhook\" needs exactly one of id or name" });
  const found = await coreFor("audit", req.provider, env).lookup(id === undefined ? { name } : { id });
  if (found === undefined) {
    throw new WebhookError({
      code: "API_NOT_FOUND",
      path: id === undefined ? "name" : "id",
      message: `no webhook with ${id === undefined ? `name ${JSON.stringify(name)}` : `id ${id}`} in the provider's runtime; GET /v1/webhooks lists the registered ones`,
    });
  }
  return tfValues(attrs, { id: found.id, name: found.name, kind: found.kind, version: found.version, registration: found });
}
