// One webhook's page: its config as registered (secrets masked), version history
// with what changed, Test, Manual trigger, the payload schema of its kind, a
// template preview, and its deliveries. Config stays code: nothing here edits it.
import type { TemplatePreview, WebhookVersionList } from "../../model/consoleApi";
import type { InvocationRecord } from "../../delivery/invocationRecord";
import type { Shape } from "../../model/payloadShape";
import { call, canAct, messageOf, READ_ONLY_NOTE, type WebhookView } from "./api.js";
import { deliveryList, retryAllDead } from "./deliveriesView.js";
import { dot, h, pretty, replace, when } from "./dom.js";
import { DOCS, invocationPanel } from "./invocation.js";
import { managerText } from "./webhooksView.js";

/** The payload shape as indented lines: `data.requester.email`, arrays as `[]`. */
function shapeLines(shape: Shape, path: string, out: string[]): string[] {
  if (shape.kind === "object") for (const [k, v] of Object.entries(shape.fields)) shapeLines(v, path === "" ? k : `${path}.${k}`, out);
  else if (shape.kind === "array") shapeLines(shape.items, `${path}[]`, out);
  else out.push(`${path}${shape.kind === "any" ? "  (any value)" : ""}`);
  return out;
}

const readOnly = (): HTMLElement => h("p", { class: "muted read-only" }, READ_ONLY_NOTE);

function section(title: string, id: string, ...children: Array<Node | null>): HTMLElement {
  return h("section", { "aria-labelledby": id }, h("h3", { id }, title), ...children);
}

export async function webhookView(main: HTMLElement, id: string): Promise<() => void> {
  const path = `/v1/webhooks/${encodeURIComponent(id)}`;
  const [w, versions] = await Promise.all([
    call<WebhookView & { secretFingerprints?: unknown }>("GET", path),
    call<WebhookVersionList>("GET", `${path}/versions`),
  ]);
  const kindMocks = (await call<{ events: Array<{ event_type: string }> }>("GET", `/v1/mock-events/${w.kind}`)).events;
  const { secretFingerprints: _fp, ...shown } = w;

  // Test: the stored config through the runtime's Test invocation, shown with its invocation data.
  const testResult = h("div", { id: "test-result", "aria-live": "polite" });
  const testButton = h("button", { type: "button", id: "test-button", onclick: async () => {
    testButton.disabled = true;
    replace(testResult, h("p", {}, "Testing…"));
    try {
      const record = await call<InvocationRecord>("POST", `${path}/test`);
      replace(testResult, h("p", { class: `outcome outcome-${record.result}`, role: "status" }, record.result === "success" ? "Test successful" : "Test failed"), invocationPanel(record, "Test invocation"));
    } catch (e) {
      replace(testResult, h("p", { class: "outcome outcome-failure", role: "status" }, "Test failed"), h("pre", {}, messageOf(e)));
    } finally {
      testButton.disabled = false;
    }
  } }, "Test");

  // Manual trigger: a request event, prefilled with the Manual mock, delivered to this webhook alone.
  const manualMock = kindMocks.find((e) => e.event_type === "Manual") ?? kindMocks[0];
  const manualText = h("textarea", { id: "manual-event", rows: 12, spellcheck: "false" });
  manualText.value = JSON.stringify(manualMock ?? {}, null, 2);
  const manualResult = h("div", { id: "manual-result", "aria-live": "polite" });
  const manual =
    w.kind !== "request"
      ? h("p", { class: "muted" }, "Manual triggers are for request webhooks.")
      : h(
          "form",
          { "aria-label": "Manual trigger", onsubmit: async (e: Event) => {
            e.preventDefault();
            try {
              const event = JSON.parse(manualText.value) as unknown;
              const r = await call<{ deliveryId: string; eventId: string }>("POST", `${path}/invoke`, event);
              replace(manualResult, h("p", { role: "status" }, "Sent: delivery ", h("a", { href: `#/deliveries/${encodeURIComponent(r.deliveryId)}`, id: "manual-delivery" }, r.deliveryId), ` (event ${r.eventId})`));
            } catch (err) {
              replace(manualResult, h("pre", { role: "alert" }, messageOf(err)));
            }
          } },
          h("label", { for: "manual-event" }, "Request event (the Manual mock; edit it as you like)"),
          manualText,
          h("button", { type: "submit", id: "manual-send" }, "Send manual trigger"),
        );

  // Template preview: the body template rendered with any mock event of the kind (the delivery's renderer).
  const previewType = h("select", { id: "preview-type" }, ...kindMocks.map((e) => h("option", { value: e.event_type }, e.event_type)));
  const previewOut = h("div", { id: "preview-out", "aria-live": "polite" });
  const preview = h("form", { "aria-label": "Template preview", onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const r = await call<TemplatePreview>("POST", "/v1/templates/preview", { kind: w.kind, bodyTemplate: w.bodyTemplate ?? "", eventType: previewType.value });
      replace(previewOut, h("h4", {}, `Rendered with the ${r.eventType} mock`), h("pre", { tabindex: 0 }, r.body === "" ? "(empty body)" : pretty(r.body)));
    } catch (err) {
      replace(previewOut, h("pre", { role: "alert" }, messageOf(err)));
    }
  } }, h("label", { for: "preview-type" }, "Mock event"), previewType, h("button", { type: "submit" }, "Render"));

  const shapePre = h("pre", { tabindex: 0 });
  const shape = h("details", { id: "payload-schema", ontoggle: async () => {
    if (shapePre.textContent !== "") return;
    const r = await call<{ shape: Shape }>("GET", `/v1/payload-shapes/${w.kind}`);
    shapePre.textContent = shapeLines(r.shape, "", []).join("\n");
  } }, h("summary", {}, "View event's payload schema"), shapePre);

  const deadProgress = h("p", { role: "status" });
  const retryDead = h("button", { type: "button", id: "retry-dead", onclick: async () => {
    retryDead.disabled = true;
    try {
      await retryAllDead(id, deadProgress);
    } catch (e) {
      deadProgress.textContent = messageOf(e);
    } finally {
      retryDead.disabled = false;
    }
  } }, "Retry all dead letters of this webhook");

  const history = versions.versions.map((v) =>
    h(
      "details",
      { class: "version" },
      h("summary", {}, `Version ${v.version} · ${when(v.createdAt)} · `, v.changed.length === 0 ? (v.version === 1 ? "registered" : "no field changed") : `changed: ${v.changed.join(", ")}`),
      h("pre", { tabindex: 0 }, JSON.stringify(v.config, null, 2)),
    ),
  );

  const deliveries = h("div", {});
  replace(
    main,
    h("h2", {}, dot(w.active !== false), " ", w.name),
    h("p", {}, `${w.kind} webhook · version ${w.version} · managed ${w.managedBy === undefined ? "by hand" : `by Pulumi: ${managerText(w)}`}`),
    h(
      "p",
      { class: "notice", role: "note" },
      "The console changes no webhook config: config stays code. Change it in your Pulumi program (or the config file) and run ",
      h("code", {}, "pulumi up"),
      "; see ",
      h("a", { href: `${DOCS}/reference.md`, target: "_blank", rel: "noopener noreferrer" }, "docs/reference.md"),
      ".",
    ),
    section("Test", "h-test", h("p", {}, "Runs the Test invocation now with the registered config (the same as `pulumi up` runs before it registers)."), canAct() ? testButton : readOnly(), testResult),
    section("Manual trigger", "h-manual", canAct() ? manual : readOnly(), manualResult),
    section("Config as registered", "h-config", h("p", { class: "muted" }, "Secret values are masked."), h("pre", { tabindex: 0, id: "config" }, JSON.stringify(shown, null, 2))),
    section("Body template preview", "h-preview", shape, preview, previewOut),
    section("Version history", "h-versions", ...history),
    section("Dead letters", "h-dead", canAct() ? retryDead : readOnly(), deadProgress),
    section("Deliveries", "h-deliveries", deliveries),
  );
  return deliveryList(deliveries, { title: `Deliveries of ${w.name}`, webhookId: id });
}
