// Access requests to a Slack incoming webhook. Slack's credential is the webhook URL itself,
// so there is no authentication block: the URL comes from secret config and stays secret in
// state (additionalSecretOutputs).
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RequestWebhook } from "pulumi-webhooks";

const cfg = new pulumi.Config();

const slack = new RequestWebhook(
  "slack",
  {
    name: "Slack access requests",
    url: cfg.requireSecret("slackWebhookUrl"),
    triggers: ["RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted"],
    bodyTemplate: fs.readFileSync(path.join(__dirname, "templates", "slack.hbs"), "utf8"),
    // Slack answers 200 with the text "ok"; any other status fails the Test and the delivery.
    responseValidators: [{ jsonPath: "$.status", expectedValues: ["200"] }],
  },
  { additionalSecretOutputs: ["url"] },
);

export const webhookId = slack.webhookId;
export const lastTest = slack.lastTest;
