// Every property a webhook resource exposes is seeded as undefined in the
// resource's props: pulumi creates an Output only for keys present there (a
// class field declared any other way may stay undefined, pulumi#12160).
import type { EventKind } from "../../provider/model/events";
import { WEBHOOK_FIELDS } from "../../provider/model/webhookConfig";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_BY_INPUT, OUTPUT_KEYS } from "../../provider/resources/resourceState";

/**
 * The props for the resource's constructor: every field and output seeded, then the given args, then who manages
 * the registration (project, stack, resource name): the provider's duplicate-name check and the runtime's
 * name takeover on a replace need it, and the dynamic provider is never told the URN.
 */
export function seededProps(kind: EventKind, args: object, resource: string): Record<string, unknown> {
  const seeds = Object.fromEntries([...WEBHOOK_FIELDS[kind], ...OUTPUT_KEYS].map((k) => [k, undefined]));
  return { ...seeds, ...args, [MANAGED_BY_INPUT]: { project: pulumi.getProject(), stack: pulumi.getStack(), resource } };
}
