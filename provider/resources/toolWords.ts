// How the core's messages name the tool that drives it. The rules and the facts are the same;
// only the commands and setting names a user types differ: Pulumi's (the dynamic provider and
// the native plugin) or Terraform/OpenTofu's (provider/terraform passes TERRAFORM_WORDS).
import { CONFIG_KEYS, ENV_KEYS } from "./runtimeSettings";

export interface ToolWords {
  /** The tool's name, as in "deleted outside Pulumi". */
  tool: string;
  /** The command that applies the program: "pulumi up". */
  apply: string;
  /** The runtime URL and admin token settings, with their environment fallbacks. */
  urlSetting: string;
  tokenSetting: string;
  /** How to register without the Test invocation. */
  skipTest: string;
  /** The field names a failed Test invocation points at. */
  targetFields: string;
  /** How to drop a resource from state without touching the runtime. */
  forget: string;
  /** What to do about a webhook deleted outside the tool. */
  deletedOutside: string;
  /** What a refused token means for this tool (401 from the configured runtime). */
  tokenRefused: string;
  /** How to move a webhook whose runtime is not the configured one, when that runtime refused. */
  moveHint: string;
}

export const PULUMI_WORDS: ToolWords = {
  tool: "Pulumi",
  apply: "pulumi up",
  urlSetting: `${CONFIG_KEYS.url} (or ${ENV_KEYS.url})`,
  tokenSetting: `${CONFIG_KEYS.token} (or ${ENV_KEYS.token})`,
  skipTest: "set testBeforeApply: false",
  targetFields: "url, headers, authentication or responseValidators",
  forget: "pulumi state delete <urn>",
  deletedOutside: "run pulumi refresh to drop it from state, then pulumi up to register it again",
  tokenRefused:
    `set ${CONFIG_KEYS.token} to the runtime's adminToken. If it was rotated: pulumi destroy and pulumi refresh use the provider config ` +
    "saved in state by the last pulumi up, so run pulumi up once first, or add --run-program (pulumi destroy --run-program) so the provider gets the current config",
  moveHint:
    `To move it: set ${CONFIG_KEYS.url} and ${CONFIG_KEYS.token} back to that runtime, run pulumi up once, then set the new runtime and run pulumi up; ` +
    "or drop it from state with pulumi state delete <urn> and delete it in that runtime with DELETE /v1/webhooks/{id}",
};

export const TERRAFORM_WORDS: ToolWords = {
  tool: "Terraform",
  apply: "terraform apply (tofu apply)",
  urlSetting: `runtime_url in the provider "webhooks" block (or ${ENV_KEYS.url})`,
  tokenSetting: `admin_token in the provider "webhooks" block (or ${ENV_KEYS.token})`,
  skipTest: "set test_before_apply = false",
  targetFields: "url, headers, authentication or response_validators",
  forget: "terraform state rm <address>",
  deletedOutside: "run terraform apply -refresh-only (tofu apply -refresh-only) to drop it from state; the next apply registers it again",
  tokenRefused: `set admin_token in the provider "webhooks" block (or ${ENV_KEYS.token}) to the runtime's current adminToken`,
  moveHint:
    "To move it: set runtime_url and admin_token back to that runtime and destroy it there (terraform destroy -target=<address>), " +
    "or delete it in that runtime with DELETE /v1/webhooks/{id} and drop it from state with terraform state rm <address>; then apply with the new runtime",
};
