// The dynamic provider behind sdk/nodejs's AuditWebhook and RequestWebhook: a
// thin adapter of pulumi.dynamic.ResourceProvider (pulumi-notes.md §A2) onto
// the core (webhookCore.ts). The serialized provider in sdk/nodejs only
// forwards to this (loaded by package name inside the provider process), so
// state carries no library code and no secret.
import type * as pulumi from "@pulumi/pulumi";
import type { EventKind } from "../model/events";
import { valuesFromConfig, type ConfigSource } from "./runtimeSettings";
import { WebhookCore, type Props, type WebhookCoreOptions } from "./webhookCore";

export type WebhookProviderOptions = WebhookCoreOptions;

export class WebhookProvider implements pulumi.dynamic.ResourceProvider {
  private readonly core: WebhookCore;

  constructor(
    readonly kind: EventKind,
    options: WebhookProviderOptions = {},
  ) {
    this.core = new WebhookCore(kind, options);
  }

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.core.configure(valuesFromConfig(req.config));
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = this.core.check(news);
    return failures.length > 0 ? { inputs, failures } : { inputs };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const d = this.core.diff(olds, news);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  // The engine's customTimeouts never reach a dynamic provider: the core's own deadlines apply.
  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    return this.core.create(inputs);
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    return this.core.update(id, olds, news);
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    return this.core.read(id, props);
  }

  async delete(id: string, props: Props): Promise<void> {
    await this.core.delete(id, props);
  }
}
