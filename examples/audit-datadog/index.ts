// Audit-log events to the Datadog Logs intake. Datadog authenticates by two custom headers,
// so authentication stays "none" and the keys go in `headers`, whose values are always secret
// (in state, in previews and in every error message).
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AuditWebhook } from "pulumi-webhooks";

const cfg = new pulumi.Config();
// Override to reach another Datadog site (us3, us5, eu, …) or a proxy in front of it.
const url = cfg.get("intakeUrl") ?? "https://http-intake.logs.datadoghq.com/api/v2/logs";

const audit = new AuditWebhook("datadog-audit", {
  name: "Apono audit log to Datadog",
  url,
  headers: {
    "DD-API-KEY": cfg.requireSecret("datadogApiKey"),
    "DD-APPLICATION-KEY": cfg.requireSecret("datadogAppKey"),
  },
  bodyTemplate: fs.readFileSync(path.join(__dirname, "templates", "datadog-audit.hbs"), "utf8"),
  timeoutSeconds: 10,
  // The intake answers 202 {} on success: anything else fails the Test and the delivery.
  responseValidators: [{ jsonPath: "$.status", expectedValues: ["202"] }],
});

export const webhookId = audit.webhookId;
export const lastTest = audit.lastTest;
