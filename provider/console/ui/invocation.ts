// The invocation data of one attempt (product §6): request, response and the
// details — method, URL, headers (masked by the runtime), bodies, status,
// duration, the error code with its fix, and each response validator.
import type { InvocationRecord } from "../../delivery/invocationRecord";
import { badge, h, pretty, when } from "./dom.js";

export const DOCS = "https://github.com/pulumi-webhooks/pulumi-webhooks/blob/main/docs";

function headerTable(caption: string, headers: Record<string, string>): HTMLElement {
  const names = Object.keys(headers).sort();
  if (names.length === 0) return h("p", {}, `${caption}: none`);
  return h(
    "table",
    { class: "kv" },
    h("caption", {}, caption),
    h("tbody", {}, ...names.map((n) => h("tr", {}, h("th", { scope: "row" }, n), h("td", {}, headers[n])))),
  );
}

function bodyBlock(label: string, body: string, truncated: boolean | undefined, bytes: number | undefined): HTMLElement {
  return h(
    "div",
    { class: "body-block" },
    h("h5", {}, label, truncated === true ? ` (first ${body.length} characters of ${bytes ?? "?"} bytes)` : ""),
    body === "" ? h("p", { class: "muted" }, "(empty)") : h("pre", { tabindex: 0, "aria-label": label }, pretty(body)),
  );
}

export function invocationPanel(record: InvocationRecord, title = `Attempt ${record.attempt}`): HTMLElement {
  const details = h(
    "dl",
    { class: "facts" },
    h("dt", {}, "Result"),
    h("dd", {}, badge(record.result)),
    h("dt", {}, "Event type"),
    h("dd", {}, record.eventType),
    h("dt", {}, "Started"),
    h("dd", {}, when(record.startedAt)),
    h("dt", {}, "Duration"),
    h("dd", {}, `${record.durationMs} ms`),
    h("dt", {}, "Delivery id (webhook-id)"),
    h("dd", {}, h("code", {}, record.deliveryId)),
  );
  const error =
    record.error === undefined
      ? null
      : h(
          "div",
          { class: "error-box", role: "note" },
          h("p", {}, h("strong", {}, record.error.code), record.error.retryable ? " (retried)" : " (not retried)"),
          h("p", {}, record.error.message),
          h("p", {}, h("a", { href: `${DOCS}/troubleshooting.md`, target: "_blank", rel: "noopener noreferrer" }, `${record.error.code} in docs/troubleshooting.md`)),
        );
  const validators =
    record.validators.length === 0
      ? null
      : h(
          "table",
          { class: "grid" },
          h("caption", {}, "Response validators"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Path"), h("th", { scope: "col" }, "Actual"), h("th", { scope: "col" }, "Expected"), h("th", { scope: "col" }, "Passed"))),
          h(
            "tbody",
            {},
            ...record.validators.map((v) =>
              h("tr", {}, h("td", {}, h("code", {}, v.jsonPath)), h("td", {}, JSON.stringify(v.actual)), h("td", {}, v.expectedValues.join(" | ")), h("td", {}, v.passed ? "yes" : "no")),
            ),
          ),
        );
  const response =
    record.response === undefined
      ? h("p", { class: "muted" }, "No response: the request did not complete.")
      : h(
          "div",
          {},
          h("p", {}, "Status ", h("strong", { class: "http-status" }, String(record.response.status))),
          headerTable("Response headers", record.response.headers),
          bodyBlock("Response body", record.response.body, record.response.bodyTruncated, record.response.bodyBytes),
        );
  return h(
    "section",
    { class: "invocation", "aria-label": `Invocation data: ${title}` },
    h("h4", {}, title),
    details,
    error,
    h(
      "div",
      { class: "split" },
      h(
        "div",
        {},
        h("h5", {}, "Request"),
        h("p", {}, h("code", { class: "request-line" }, `${record.request.method} ${record.request.url}`)),
        headerTable("Request headers", record.request.headers),
        bodyBlock("Request body", record.request.body, record.request.bodyTruncated, record.request.bodyBytes),
      ),
      h("div", {}, h("h5", {}, "Response"), response),
    ),
    validators,
  );
}
