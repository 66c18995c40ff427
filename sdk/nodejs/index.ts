// pulumi-webhooks: `import { AuditWebhook, RequestWebhook } from "pulumi-webhooks"`.
export { AuditWebhook } from "./auditWebhook";
export { RequestWebhook } from "./requestWebhook";
export type {
  Authentication,
  AuditWebhookFields,
  AuditWebhookResourceArgs,
  AuditWebhookState,
  DeepInput,
  HttpMethod,
  LastTest,
  RequestFilters,
  RequestTrigger,
  RequestWebhookFields,
  RequestWebhookResourceArgs,
  RequestWebhookState,
  ResponseValidator,
} from "./args";
