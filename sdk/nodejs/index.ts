// pulumi-webhooks: `import { AuditWebhook, Provider, RequestWebhook } from "pulumi-webhooks"`.
export { AuditWebhook } from "./auditWebhook";
export { RequestWebhook } from "./requestWebhook";
export { Provider, type ProviderArgs } from "./explicitProvider";
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
  TestEvent,
} from "./args";
