// A typed explicit provider for the dynamic classes: a second runtime (another
// region, another team's) with its own URL and token, passed as `{ provider }`.
// The dynamic resources belong to Pulumi's `pulumi-nodejs` package, so this is a
// provider resource of that package; the engine hands its inputs to the dynamic
// provider's `configure` exactly as it hands the stack config to the default one
// (keys kept namespaced), so the same `webhooks:*` keys are read.
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS } from "../../provider/resources/runtimeSettings";

/** Where a Provider's webhooks are registered; each value falls back to the environment of the `pulumi` process. */
export interface ProviderArgs {
  /** The runtime's base URL, e.g. `https://webhooks.eu.example:8787`. Default: WEBHOOKS_RUNTIME_URL. */
  runtimeUrl?: pulumi.Input<string>;
  /** The runtime's admin token; kept secret in state whatever is passed. Default: WEBHOOKS_RUNTIME_TOKEN. */
  runtimeToken?: pulumi.Input<string>;
}

/**
 * A delivery runtime for the AuditWebhook and RequestWebhook classes of this package:
 * `new Provider("eu", { runtimeUrl, runtimeToken })`, then `{ provider: eu }` in a
 * resource's options (or `{ providers: [eu] }` on a component). Not for the native
 * plugin's SDKs: those have their own `webhooks.Provider` (docs/dynamic-vs-native.md).
 */
export class Provider extends pulumi.ProviderResource {
  /** The runtime URL as given (the token is not an output). */
  declare readonly runtimeUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const props: pulumi.Inputs = {
      [CONFIG_KEYS.url]: args.runtimeUrl,
      [CONFIG_KEYS.token]: args.runtimeToken === undefined ? undefined : pulumi.secret(args.runtimeToken),
    };
    super("pulumi-nodejs", name, props, opts);
    this.runtimeUrl = pulumi.output(args.runtimeUrl);
  }
}
