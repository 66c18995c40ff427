// The `import` resource option cannot work for a dynamic resource: Pulumi's
// dynamic-provider host loads the provider code from the resource's state
// (`__provider`), and an import's read carries no state, so the host fails with
// a TypeError before any code of this package runs (`pulumi import` on the
// command line fails the same way, and nothing here can change that). The
// program path at least fails first, once, saying what does work.
import type * as pulumi from "@pulumi/pulumi";
import { WebhookError } from "../../provider/errors";

/** Throws CONFIG_IMPORT_UNSUPPORTED when `opts.import` is set; says how to adopt or read the registration instead. */
export function refuseImportOption(type: "AuditWebhook" | "RequestWebhook", name: string, opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.import === undefined) return;
  const id = typeof opts.import === "string" ? opts.import : "<webhook id>";
  throw new WebhookError({
    code: "CONFIG_IMPORT_UNSUPPORTED",
    path: "import",
    message:
      `${type} ${JSON.stringify(name)}: the import option cannot adopt a webhook through the dynamic pulumi-webhooks classes ` +
      `(Pulumi's dynamic-provider host has no provider code on an import). Remove the option, then either ` +
      `adopt it with the native plugin (pulumi import webhooks:index:${type} ${name} ${id}, see docs/native-provider.md), ` +
      `or read it without managing it: ${type}.get(${JSON.stringify(name)}, ${JSON.stringify(id)}) (docs/dynamic-vs-native.md)`,
  });
}
