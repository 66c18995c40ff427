// Type-level contract: the SDK's written-out types are the model's own input and
// output types, and schema.json, the model and the SDK's classes name the same
// keys. A key or a type that differs in one place makes one of these `true`
// assignments a type error, so `npm run typecheck` (and this test, compiled by
// ts-jest) fails.
import * as pulumi from "@pulumi/pulumi";
import type { AuditWebhookArgs, AuditWebhookConfig, RequestWebhookArgs, RequestWebhookConfig } from "../../../provider/model/webhookConfig";
import type { LastTest as ProviderLastTest } from "../../../provider/resources/resourceState";
import {
  AuditWebhook,
  Provider,
  RequestWebhook,
  type AuditWebhookFields,
  type ProviderArgs,
  type AuditWebhookResourceArgs,
  type AuditWebhookState,
  type LastTest,
  type RequestWebhookFields,
  type RequestWebhookResourceArgs,
  type RequestWebhookState,
} from "../../../sdk/nodejs";
import schema from "../../../schema.json";

/** true only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Every key of every member of a union. */
type AllKeys<T> = T extends unknown ? keyof T : never;

type Resources = (typeof schema)["resources"];
type Types = (typeof schema)["types"];
type AuditSchema = Resources["webhooks:index:AuditWebhook"];
type RequestSchema = Resources["webhooks:index:RequestWebhook"];
/** What a resource class exposes beyond pulumi's own members. */
type Exposed<C> = Exclude<keyof C, keyof pulumi.dynamic.Resource>;

// Each `const x: Equal<…> = true` compiles only when Equal<…> is true: a mismatch makes it `false`.
const auditFields: Equal<AuditWebhookFields, AuditWebhookArgs> = true;
const requestFields: Equal<RequestWebhookFields, RequestWebhookArgs> = true;
const auditState: Equal<AuditWebhookState, AuditWebhookConfig> = true;
const requestState: Equal<RequestWebhookState, RequestWebhookConfig> = true;
const providerLastTest: Equal<LastTest, ProviderLastTest> = true;
const auditArgs: Equal<keyof AuditSchema["inputProperties"], keyof AuditWebhookArgs> = true;
const requestArgs: Equal<keyof RequestSchema["inputProperties"], keyof RequestWebhookArgs> = true;
const auditSdkArgs: Equal<keyof AuditWebhookResourceArgs, keyof AuditWebhookArgs> = true;
const requestSdkArgs: Equal<keyof RequestWebhookResourceArgs, keyof RequestWebhookArgs> = true;
const auditOutputs: Equal<keyof AuditSchema["properties"], Exposed<AuditWebhook>> = true;
const requestOutputs: Equal<keyof RequestSchema["properties"], Exposed<RequestWebhook>> = true;
const authentication: Equal<keyof Types["webhooks:index:Authentication"]["properties"], AllKeys<NonNullable<AuditWebhookArgs["authentication"]>>> = true;
const validator: Equal<keyof Types["webhooks:index:ResponseValidator"]["properties"], keyof NonNullable<AuditWebhookArgs["responseValidators"]>[number]> = true;
const filters: Equal<keyof Types["webhooks:index:RequestFilters"]["properties"], keyof NonNullable<RequestWebhookArgs["filters"]>> = true;
const lastTest: Equal<keyof Types["webhooks:index:LastTest"]["properties"], keyof LastTest> = true;
const providerArgs: Equal<keyof ProviderArgs, keyof (typeof schema)["config"]["variables"]> = true;
const auditGet: Equal<ReturnType<typeof AuditWebhook.get>, AuditWebhook> = true;
const requestGet: Equal<ReturnType<typeof RequestWebhook.get>, RequestWebhook> = true;
const checks = { providerArgs, auditGet, requestGet, auditFields, requestFields, auditState, requestState, providerLastTest, auditArgs, requestArgs, auditSdkArgs, requestSdkArgs, auditOutputs, requestOutputs, authentication, validator, filters, lastTest };

it("schema.json, the model's input types and the SDK classes name the same keys (checked by the compiler)", () => {
  expect(Object.values(checks).every((v) => v === true)).toBe(true);
});

// The README's program, compiled but never run: plain values, Outputs and Promises are accepted at any depth.
export function readmeProgram(): Array<pulumi.Output<string>> {
  const cfg = new pulumi.Config();
  const hook = new RequestWebhook("coralogix", {
    name: "Coralogix access requests",
    url: "https://ingress.example.com/api/v1/logs",
    bodyTemplate: Promise.resolve('{"id": "{{data.id}}"}'),
    authentication: { type: "bearer", token: cfg.requireSecret("coralogixKey") },
    triggers: ["RequestCreated", pulumi.output("RequestGranted" as const)],
    filters: { integrationTypes: ["postgresql"] },
    responseValidators: [{ jsonPath: "$.status", expectedValues: ["200"] }],
  });
  const audit = new AuditWebhook("siem", {
    name: "Audit",
    url: pulumi.output("https://siem.example.com/in"),
    headers: { "X-Api-Key": cfg.requireSecret("siemKey") },
    authentication: { type: "oauth", clientId: "id", clientSecret: cfg.requireSecret("cs"), tokenEndpointUrl: "https://auth.example.com/t", scopes: ["a"] },
  });
  return [hook.webhookId, audit.url];
}

// docs/dynamic-vs-native.md's program: a typed Provider for a second runtime, and lookups through it.
export function secondRuntimeProgram(): Array<pulumi.Output<unknown>> {
  const cfg = new pulumi.Config();
  const eu = new Provider("eu", { runtimeUrl: "https://webhooks.eu.example:8787", runtimeToken: cfg.requireSecret("euRuntimeToken") });
  const hook = new RequestWebhook("eu-requests", { name: "eu", url: "https://hooks.eu.example/apono", bodyTemplate: "{}", triggers: ["RequestCreated"] }, { provider: eu });
  const existing = RequestWebhook.get("existing", "wh_3f2c", { provider: eu });
  const audit = AuditWebhook.get("audit", hook.webhookId);
  return [existing.triggers, existing.authentication, audit.headers];
}

// Mistakes the compiler catches before any preview (each line must be an error, or tsc fails on the unused directive).
export function refusedByTheCompiler(): void {
  // @ts-expect-error -- triggers belong to request webhooks only
  new AuditWebhook("a", { name: "a", url: "https://a.example.com/", triggers: ["Manual"] });
  // @ts-expect-error -- FETCH is not a method
  new AuditWebhook("b", { name: "b", url: "https://b.example.com/", method: "FETCH" });
  // @ts-expect-error -- a request webhook needs its triggers
  new RequestWebhook("c", { name: "c", url: "https://c.example.com/" });
  // @ts-expect-error -- a bearer token is not an OAuth field
  new AuditWebhook("d", { name: "d", url: "https://d.example.com/", authentication: { type: "oauth", token: "t" } });
  // @ts-expect-error -- the provider's URL key is runtimeUrl
  new Provider("e", { url: "https://e.example.com" });
  // @ts-expect-error -- an audit lookup has no triggers
  void AuditWebhook.get("f", "wh_1").triggers;
}
