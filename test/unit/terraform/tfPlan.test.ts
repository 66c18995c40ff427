// The Terraform bridge's plan and validate ops, offline: the core's diff decides what changes,
// a moved runtime replaces, and validate answers with the codes of `webhooks validate`.
import { runOperation } from "../../../provider/terraform/tfOperations";

const TYPE = "webhooks_audit_webhook";
const provider = { runtime_url: "http://127.0.0.1:8787", admin_token: "t", ca_file: null };
const config = { name: "a", url: "https://hooks.test:443/a", body_template: '{"t": "{{event_type}}"}' };
const outputs = {
  id: "wh_1",
  webhook_id: "wh_1",
  version: 3,
  last_test: { success: true, status_code: 200, duration_ms: 5, tested_at: "2026-01-01T00:00:00.000Z", error_code: null },
  runtime_url: "http://127.0.0.1:8787",
  secret_fingerprints: {},
};
const state = { ...config, ...outputs };
const unknown = { $unknown: true };

test("create: every output is unknown until apply", async () => {
  const answer = await runOperation("plan", { type: TYPE, provider, state: null, plan: config });
  expect(answer.planned).toMatchObject({ ...config, id: unknown, version: unknown, last_test: unknown, runtime_url: unknown });
});

test("a change only the core's diff ignores (the explicit :443, test_before_apply) keeps the outputs: nothing will be called", async () => {
  const plan = { ...state, url: "https://hooks.test/a", test_before_apply: false };
  const answer = await runOperation("plan", { type: TYPE, provider, state, plan });
  expect(answer.planned).toEqual({ ...plan, ...outputs });
  expect(answer.requires_replace).toEqual([]);
});

test("a real change makes version, last_test and the fingerprints unknown; another runtime replaces", async () => {
  const plan = { ...state, body_template: '{"t": 2}' };
  const update = await runOperation("plan", { type: TYPE, provider, state, plan });
  expect(update.planned).toMatchObject({ id: "wh_1", version: unknown, last_test: unknown, secret_fingerprints: unknown, runtime_url: outputs.runtime_url });
  expect(update.requires_replace).toEqual([]);
  const moved = await runOperation("plan", { type: TYPE, provider: { ...provider, runtime_url: "http://127.0.0.2:8787/" }, state, plan: state });
  expect(moved.requires_replace).toEqual([[{ attr: "runtime_url" }]]);
  expect(moved.planned).toMatchObject({ id: unknown, runtime_url: unknown });
});

test("validate: the codes and messages of webhooks validate, on the attribute; unknown values pass", async () => {
  const bad = await runOperation("validate", { type: TYPE, config: { ...config, url: "http://hooks.test/a", timeout_seconds: 0 } });
  expect(bad.diagnostics.map((d) => [d.code, d.path])).toEqual([
    ["CONFIG_INVALID_URL", [{ attr: "url" }]],
    ["CONFIG_INVALID_TIMEOUT", [{ attr: "timeout_seconds" }]],
  ]);
  expect(bad.diagnostics[0].summary).toBe("url uses http:; only https:// is allowed, so change the scheme to https (CONFIG_INVALID_URL)");
  const pending = await runOperation("validate", { type: TYPE, config: { ...config, url: unknown, body_template: unknown } });
  expect(pending.diagnostics).toEqual([]);
});

test("an unknown type or operation is an error diagnostic, not a crash", async () => {
  expect((await runOperation("plan", { type: "webhooks_nope" })).diagnostics[0]).toMatchObject({ code: "CONFIG_INVALID_KIND" });
  expect((await runOperation("frobnicate", { type: TYPE })).diagnostics[0]).toMatchObject({ code: "CONFIG_UNKNOWN_FIELD" });
});
