// The resources' field, argument and output types, written out so that the
// published declarations need nothing but @pulumi/pulumi (no zod types reach a
// user's compiler). test/unit/contract/sdkTypes.test.ts proves they are the
// model's own input and output types (provider/model/webhookConfig.ts).
import type * as pulumi from "@pulumi/pulumi";

export type HttpMethod = "POST" | "PUT" | "PATCH" | "DELETE" | "GET";

export type RequestTrigger =
  | "RequestCreated"
  | "RequestApproved"
  | "RequestRejected"
  | "RequestGranted"
  | "RequestExpired"
  | "RequestFailed"
  | "Manual";

/** The event of the Test invocation: a trigger of the webhook (its mock event), or a whole event of the webhook's kind. */
export type TestEvent = RequestTrigger | Record<string, unknown>;

/** `none` (default; custom schemes go in headers), a bearer token, or OAuth 2.0 client credentials. */
export type Authentication =
  | { type: "none" }
  | { type: "bearer"; token: string }
  | { type: "oauth"; clientId: string; clientSecret: string; tokenEndpointUrl: string; scopes?: string[]; audience?: string };

/** A JSONPath ($.data…, $.status or $.headers…) that must select a value equal to one of expectedValues. */
export interface ResponseValidator {
  jsonPath: string;
  expectedValues: string[];
}

/** OR within a list, AND across lists; an absent or empty list does not restrict. */
export interface RequestFilters {
  integrations?: string[];
  integrationTypes?: string[];
  resourceTypes?: string[];
  permissions?: string[];
  accessFlows?: string[];
  bundles?: string[];
  requesters?: string[];
}

/** The fields of an audit webhook as a program gives them (README "Config files" has every rule). */
export interface AuditWebhookFields {
  name: string;
  active?: boolean;
  type?: "http";
  method?: HttpMethod;
  url: string;
  bodyTemplate?: string;
  /** Values are secret. */
  headers?: Record<string, string>;
  authentication?: Authentication;
  timeoutSeconds?: number;
  responseValidators?: ResponseValidator[];
  /** Secret. */
  signingSecret?: string;
  testBeforeApply?: boolean;
  /** Default: the first trigger's mock (request), the audit mock (audit). Changing it alone updates nothing. */
  testEvent?: TestEvent;
}

export interface RequestWebhookFields extends AuditWebhookFields {
  triggers: RequestTrigger[];
  filters?: RequestFilters;
}

/** The fields as state holds them: defaults filled, the URL normalised. */
export interface AuditWebhookState {
  name: string;
  active: boolean;
  type: "http";
  method: HttpMethod;
  url: string;
  bodyTemplate: string;
  headers: Record<string, string>;
  authentication: Authentication;
  timeoutSeconds: number;
  responseValidators: ResponseValidator[];
  signingSecret?: string;
  testBeforeApply: boolean;
  testEvent?: TestEvent;
}

export interface RequestWebhookState extends AuditWebhookState {
  triggers: RequestTrigger[];
  filters?: RequestFilters;
}

/** The last Test invocation the provider ran before a create or update. */
export interface LastTest {
  success: boolean;
  /** Absent when nothing came back (DNS, connection, TLS, timeout). */
  statusCode?: number;
  durationMs: number;
  /** ISO time the test started. */
  testedAt: string;
  /** Absent on success. */
  errorCode?: string;
}

/** T with pulumi.Input allowed at every level; unions (e.g. authentication's types) stay unions. */
export type DeepInput<T> = T extends string | number | boolean | null | undefined
  ? pulumi.Input<T>
  : T extends readonly (infer U)[]
    ? pulumi.Input<DeepInput<U>[]>
    : T extends object
      ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
      : pulumi.Input<T>;

type ResourceArgs<T> = { [K in keyof T]: DeepInput<T[K]> };

/** The arguments of an AuditWebhook: every audit-log event goes to `url`. */
export type AuditWebhookResourceArgs = ResourceArgs<AuditWebhookFields>;
/** The arguments of a RequestWebhook: access-request events chosen by `triggers` and `filters`. */
export type RequestWebhookResourceArgs = ResourceArgs<RequestWebhookFields>;
