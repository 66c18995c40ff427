// The smallest useful program: every audit-log event and the access-request events of two
// triggers, each sent to a receiver under one base URL. `pulumi preview` checks both offline;
// `pulumi up` calls the receiver once per webhook (the Test invocation), then registers them.
import * as pulumi from "@pulumi/pulumi";
import { AuditWebhook, RequestWebhook } from "pulumi-webhooks";

const cfg = new pulumi.Config();
// https only, no port (webhook URLs never carry one); the runtime's network.resolve maps the name.
const receiverUrl = cfg.get("receiverUrl") ?? "https://hooks.test";

const audit = new AuditWebhook("audit", {
  name: "Quickstart audit log",
  url: `${receiverUrl}/audit`,
  bodyTemplate: JSON.stringify({
    event_type: "{{event_type}}",
    action: "{{data.action}}",
    actor: "{{data.actor_name}}",
    target: "{{data.target_name}}",
  }),
});

const requests = new RequestWebhook("requests", {
  name: "Quickstart access requests",
  url: `${receiverUrl}/requests`,
  triggers: ["RequestCreated", "RequestGranted"],
  bodyTemplate: JSON.stringify({
    event_type: "{{event_type}}",
    request: "{{data.friendly_id}}",
    requester: "{{data.requester.email}}",
    integration: "{{data.access_groups.[0].integration.name}}",
  }),
});

export const auditWebhookId = audit.webhookId;
export const requestWebhookId = requests.webhookId;
export const requestTest = requests.lastTest;
