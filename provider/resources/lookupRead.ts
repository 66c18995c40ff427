// `AuditWebhook.get` / `RequestWebhook.get` reach the dynamic provider as a read
// whose props hold no state, only `__provider`. Pulumi's dynamic-provider host adds
// `__provider` to whatever read returns, so the empty id that tells a refresh "gone"
// would be kept as a resource with no fields: a lookup fails instead, naming the id,
// and a registration of the other kind names the class to look it up with.
import type * as pulumi from "@pulumi/pulumi";
import { WebhookError, isWebhookError } from "../errors";
import { outputsOf } from "./resourceState";
import { WebhookProvider } from "./webhookProvider";

type Props = Record<string, unknown>;

export class DynamicWebhookProvider extends WebhookProvider {
  override async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const lookup = outputsOf(props).webhookId === undefined;
    let result: pulumi.dynamic.ReadResult;
    try {
      result = await super.read(id, props);
    } catch (e) {
      if (lookup && isWebhookError(e) && e.code === "CONFIG_INVALID_KIND") {
        const other = this.kind === "audit" ? "RequestWebhook" : "AuditWebhook";
        throw new WebhookError({
          code: "CONFIG_INVALID_KIND",
          path: "id",
          message: `webhook ${id} is not a ${this.kind} webhook; look it up with ${other}.get`,
        });
      }
      throw e;
    }
    if (lookup && result.id === "") {
      throw new WebhookError({
        code: "API_NOT_FOUND",
        path: "id",
        message: `no ${this.kind} webhook with id ${id} is registered with the provider's runtime (webhooks:runtimeUrl, or the Provider's runtimeUrl); GET /v1/webhooks lists the ids (API_NOT_FOUND)`,
      });
    }
    return result;
  }
}
