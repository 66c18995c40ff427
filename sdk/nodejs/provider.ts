// The dynamic providers of the two resources, one instance per type (pulumi
// caches serialization per provider object). Each method loads the
// implementation by package name when it runs, inside the provider process, so
// the serialized code (`__provider`, stored in state) holds only the kind and
// these forwarding lines: no client, no library code, no secret.
/* eslint-disable @typescript-eslint/no-require-imports -- required by name at call time, so nothing is captured */
import type * as pulumi from "@pulumi/pulumi";
import type { EventKind } from "../../provider/model/events";

type Method = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";
type Args = unknown[];

function dynamicProvider(kind: EventKind): pulumi.dynamic.ResourceProvider {
  // No comments inside these functions: their source text is what gets serialized.
  const call = (method: Method, args: Args) => require("pulumi-webhooks/provider/resources").providerFor(kind)[method](...args);
  return {
    configure: (...a: Args) => call("configure", a),
    check: (...a: Args) => call("check", a),
    diff: (...a: Args) => call("diff", a),
    create: (...a: Args) => call("create", a),
    read: (...a: Args) => call("read", a),
    update: (...a: Args) => call("update", a),
    delete: (...a: Args) => call("delete", a),
  };
}

export const auditWebhookProvider = dynamicProvider("audit");
export const requestWebhookProvider = dynamicProvider("request");
