import * as pulumi from "@pulumi/pulumi";
import type { AuditWebhookResourceArgs, AuditWebhookState, LastTest } from "./args";
import { refuseImportOption } from "./importOption";
import { seededProps } from "./outputs";
import { auditWebhookProvider } from "./provider";
import { withSecretInputs } from "./secretInputs";

type Field<K extends keyof AuditWebhookState> = pulumi.Output<AuditWebhookState[K]>;

/**
 * Sends every audit-log event to an HTTPS endpoint. `pulumi preview` checks the
 * whole config offline; `pulumi up` runs the Test invocation (a real call with
 * the audit mock event) and, when it passes, registers the webhook with the
 * delivery runtime (stack config `webhooks:runtimeUrl`, secret `webhooks:runtimeToken`).
 */
export class AuditWebhook extends pulumi.dynamic.Resource {
  /** The registration's id in the runtime (also the resource id). */
  declare readonly webhookId: pulumi.Output<string>;
  /** The registration's version: 1 on create, +1 on every update. */
  declare readonly version: pulumi.Output<number>;
  /** The last Test invocation the provider ran; absent while testBeforeApply is false. */
  declare readonly lastTest: pulumi.Output<LastTest | undefined>;
  /** The runtime the webhook is registered with. */
  declare readonly runtimeUrl: pulumi.Output<string>;
  /** The runtime's keyed fingerprint of each secret value by field path: how refresh sees a secret changed outside Pulumi. */
  declare readonly secretFingerprints: pulumi.Output<Record<string, string> | undefined>;

  declare readonly name: Field<"name">;
  declare readonly active: Field<"active">;
  declare readonly type: Field<"type">;
  declare readonly method: Field<"method">;
  /** Normalised: an explicit :443 is dropped. */
  declare readonly url: Field<"url">;
  declare readonly bodyTemplate: Field<"bodyTemplate">;
  /** Secret. */
  declare readonly headers: Field<"headers">;
  /** The token and client secret are secret. */
  declare readonly authentication: Field<"authentication">;
  declare readonly timeoutSeconds: Field<"timeoutSeconds">;
  declare readonly responseValidators: Field<"responseValidators">;
  /** Secret. */
  declare readonly signingSecret: Field<"signingSecret">;
  declare readonly testBeforeApply: Field<"testBeforeApply">;
  declare readonly testEvent: Field<"testEvent">;

  /**
   * Reads registration `id` (e.g. `wh_…`, from `GET /v1/webhooks`) from the runtime of the
   * resource's provider, without managing it: nothing is registered, changed or deleted.
   * Secret values come back masked (`****`, still secret). A missing id fails the program.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): AuditWebhook {
    return new AuditWebhook(name, {} as AuditWebhookResourceArgs, { ...opts, id });
  }

  /** @param opts `provider` takes a `Provider` of this package (a second runtime); `import` is refused (see `get`). */
  constructor(name: string, args: AuditWebhookResourceArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImportOption("AuditWebhook", name, opts);
    super(auditWebhookProvider, name, seededProps("audit", withSecretInputs(args), name), opts, "webhooks", "AuditWebhook");
  }
}
