// Access requests to a Coralogix generic incoming webhook: the seed's template
// (examples/configs/coralogix-request.yaml), whose request details travel as a JSON document
// inside the string "integration_type_fields". The credential is part of the URL Coralogix
// generates, so the URL comes from secret config and its output is kept secret too.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RequestWebhook } from "pulumi-webhooks";

const cfg = new pulumi.Config();

const coralogix = new RequestWebhook(
  "coralogix",
  {
    name: "Coralogix access requests",
    url: cfg.requireSecret("coralogixUrl"),
    triggers: ["RequestCreated", "RequestApproved", "RequestGranted", "RequestRejected", "RequestExpired", "RequestFailed"],
    filters: { integrationTypes: cfg.getObject<string[]>("integrationTypes") ?? ["postgresql"] },
    bodyTemplate: fs.readFileSync(path.join(__dirname, "templates", "coralogix.hbs"), "utf8"),
    timeoutSeconds: 10,
    responseValidators: [{ jsonPath: "$.status", expectedValues: ["200", "202"] }],
  },
  { additionalSecretOutputs: ["url"] },
);

export const webhookId = coralogix.webhookId;
export const lastTest = coralogix.lastTest;
