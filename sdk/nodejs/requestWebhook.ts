import * as pulumi from "@pulumi/pulumi";
import type { LastTest, RequestWebhookResourceArgs, RequestWebhookState } from "./args";
import { refuseImportOption } from "./importOption";
import { seededProps } from "./outputs";
import { requestWebhookProvider } from "./provider";
import { withSecretInputs } from "./secretInputs";

type Field<K extends keyof RequestWebhookState> = pulumi.Output<RequestWebhookState[K]>;

/**
 * Sends access-request events (the `triggers` chosen, narrowed by `filters`) to
 * an HTTPS endpoint. `pulumi preview` checks the whole config offline; `pulumi up`
 * runs the Test invocation (a real call with a request mock event) and, when it
 * passes, registers the webhook with the delivery runtime (stack config
 * `webhooks:runtimeUrl`, secret `webhooks:runtimeToken`).
 */
export class RequestWebhook extends pulumi.dynamic.Resource {
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
  declare readonly triggers: Field<"triggers">;
  declare readonly filters: Field<"filters">;

  /**
   * Reads registration `id` (e.g. `wh_…`, from `GET /v1/webhooks`) from the runtime of the
   * resource's provider, without managing it: nothing is registered, changed or deleted.
   * Secret values come back masked (`****`, still secret). A missing id fails the program.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): RequestWebhook {
    return new RequestWebhook(name, {} as RequestWebhookResourceArgs, { ...opts, id });
  }

  /** @param opts `provider` takes a `Provider` of this package (a second runtime); `import` is refused (see `get`). */
  constructor(name: string, args: RequestWebhookResourceArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImportOption("RequestWebhook", name, opts);
    super(requestWebhookProvider, name, seededProps("request", withSecretInputs(args), name), opts, "webhooks", "RequestWebhook");
  }
}
