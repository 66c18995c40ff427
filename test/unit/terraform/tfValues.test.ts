// The Terraform bridge's value mapping: attribute paths of the core's error paths, and
// Terraform values ⇄ core fields (renames, JSON attributes, unknowns, unset values).
import { UNKNOWN } from "../../../provider/resources/secretValues";
import { resourceSchema, tfSchema } from "../../../provider/terraform/tfSchema";
import { coreFields, tfPath, tfValues } from "../../../provider/terraform/tfValues";
import { SECRET_FIELD_PATHS } from "../../../provider/model/webhookConfig";
import schema from "../../../schema.json";

const request = resourceSchema("webhooks_request_webhook")!;

test("a nested or map error path of the core becomes the attribute path Terraform shows", () => {
  expect(tfPath(request, "responseValidators[0].jsonPath")).toEqual([{ attr: "response_validators" }, { index: 0 }, { attr: "json_path" }]);
  expect(tfPath(request, "authentication.clientSecret")).toEqual([{ attr: "authentication" }, { attr: "client_secret" }]);
  expect(tfPath(request, "headers.X-Api-Key")).toEqual([{ attr: "headers" }, { key: "X-Api-Key" }]);
  expect(tfPath(request, "filters.integrationTypes[1]")).toEqual([{ attr: "filters" }, { attr: "integration_types" }, { index: 1 }]);
  expect(tfPath(request, "webhooks:runtimeUrl")).toEqual([]);
});

test("values map both ways: snake_case, test_event as JSON, unknowns as the core's sentinel, unset dropped", () => {
  const tf = {
    name: "n",
    url: "https://x.test/a",
    triggers: ["RequestGranted", { $unknown: true }],
    body_template: { $unknown: true },
    test_event: JSON.stringify({ event_type: "RequestGranted" }),
    authentication: { type: "bearer", token: "t", client_id: null, client_secret: null, token_endpoint_url: null, scopes: null, audience: null },
    response_validators: [{ json_path: "$.status", expected_values: ["200"] }],
    active: null,
    id: "wh_1",
  };
  const fields = coreFields(request, tf);
  expect(fields).toEqual({
    name: "n",
    url: "https://x.test/a",
    triggers: ["RequestGranted", UNKNOWN],
    bodyTemplate: UNKNOWN,
    testEvent: { event_type: "RequestGranted" },
    authentication: { type: "bearer", token: "t" },
    responseValidators: [{ jsonPath: "$.status", expectedValues: ["200"] }],
  });
  const back = tfValues(request, { ...fields, bodyTemplate: "{}", triggers: ["RequestGranted"] });
  expect(back).toMatchObject({ body_template: "{}", test_event: '{"event_type":"RequestGranted"}', active: null, filters: null });
  expect(back.authentication).toEqual(tf.authentication);
});

test("the schema has every input of schema.json, snake_cased, and every secret field is sensitive", () => {
  const audit = resourceSchema("webhooks_audit_webhook")!;
  const inputs = Object.keys(schema.resources["webhooks:index:AuditWebhook"].inputProperties);
  expect(inputs.map((n) => audit[n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]?.core)).toEqual(inputs);
  const sensitive: string[] = [];
  for (const attr of Object.values(request)) {
    if (attr.sensitive === true) sensitive.push(attr.core);
    for (const nested of Object.values(attr.attributes ?? {})) if (nested.sensitive === true) sensitive.push(`${attr.core}.${nested.core}`);
  }
  expect(sensitive.sort()).toEqual(SECRET_FIELD_PATHS.map((p) => p.replace(/\.\*$/, "")).sort());
  expect(tfSchema().provider.admin_token.sensitive).toBe(true);
});
