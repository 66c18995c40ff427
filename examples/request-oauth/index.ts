// Access requests to an API behind OAuth 2.0 client credentials: the runtime fetches a token
// from tokenEndpointUrl (and renews it) before each call, and sends it as a bearer token. The
// client secret is secret config; the client id, scopes and audience are not secrets.
import * as pulumi from "@pulumi/pulumi";
import { RequestWebhook } from "pulumi-webhooks";

const cfg = new pulumi.Config();
const audience = cfg.get("audience");

const hook = new RequestWebhook("itsm", {
  name: "Access requests to the ITSM API",
  url: cfg.require("endpointUrl"),
  triggers: ["RequestCreated", "RequestGranted", "RequestExpired"],
  authentication: {
    type: "oauth",
    clientId: cfg.require("clientId"),
    clientSecret: cfg.requireSecret("clientSecret"),
    tokenEndpointUrl: cfg.require("tokenEndpointUrl"),
    scopes: cfg.getObject<string[]>("scopes") ?? ["webhooks.write"],
    ...(audience === undefined ? {} : { audience }),
  },
  bodyTemplate: JSON.stringify({
    type: "{{event_type}}",
    request_id: "{{data.friendly_id}}",
    requester: { name: "{{data.requester.name}}", email: "{{data.requester.email}}" },
    integration: "{{data.access_groups.[0].integration.name}}",
    justification: "{{data.justification}}",
  }),
  timeoutSeconds: 10,
});

export const webhookId = hook.webhookId;
export const lastTest = hook.lastTest;
