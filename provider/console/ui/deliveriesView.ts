// Deliveries: filtered by webhook, status, event type and time, paged by the
// runtime's cursor (newest first, no cap), the first page refreshed every 2 s
// (live); a delivery's page shows each attempt's invocation data, and a dead
// (or retrying) one can be retried. Dead letters are this list with status=dead.
import type { DeadLetterRetry } from "../../model/consoleApi";
import type { InvocationRecord } from "../../delivery/invocationRecord";
import type { DeliveryPage, DeliveryRow } from "../../runtime/store/store";
import { call, canAct, messageOf, type WebhookView } from "./api.js";
import { badge, cell, h, replace, when } from "./dom.js";
import { invocationPanel } from "./invocation.js";

export const POLL_MS = 2000;
const STATUSES = ["pending", "retrying", "delivered", "dead"];

export interface ListOptions {
  /** Fixed filters (the webhook page's deliveries, the dead letters). */
  webhookId?: string;
  status?: string;
  /** Filters from the location (#/deliveries?status=dead). */
  initial?: URLSearchParams;
  title: string;
}

const toIso = (local: string): string => (local === "" ? "" : new Date(local).toISOString());

/** A delivery list with its filter form and pager; returns the function that stops its polling. */
export async function deliveryList(container: HTMLElement, options: ListOptions): Promise<() => void> {
  const { webhooks } = await call<{ webhooks: WebhookView[] }>("GET", "/v1/webhooks");
  const names = new Map(webhooks.map((w) => [w.id, w.name]));
  const initial = options.initial ?? new URLSearchParams();
  const id = (n: string) => `dl-${n}-${options.status ?? "all"}`;

  const webhook = h("select", { id: id("webhook") }, h("option", { value: "" }, "All webhooks"), ...webhooks.map((w) => h("option", { value: w.id }, w.name)));
  webhook.value = initial.get("webhookId") ?? "";
  const status = h("select", { id: id("status") }, h("option", { value: "" }, "Any status"), ...STATUSES.map((s) => h("option", { value: s }, s)));
  status.value = initial.get("status") ?? "";
  const eventType = h("input", { id: id("event"), type: "text", placeholder: "e.g. RequestCreated", value: initial.get("eventType") ?? "" });
  const since = h("input", { id: id("since"), type: "datetime-local" });
  const until = h("input", { id: id("until"), type: "datetime-local" });
  const limit = h("select", { id: id("limit") }, ...[25, 100, 500, 1000].map((n) => h("option", { value: n }, n)));
  limit.value = initial.get("limit") ?? "100";

  const body = h("tbody", {});
  const info = h("p", { class: "muted", "aria-live": "polite" });
  const newer = h("button", { type: "button", id: id("newer") }, "← Newer");
  const newest = h("button", { type: "button", id: id("newest") }, "Newest");
  const older = h("button", { type: "button", id: id("older") }, "Older →");
  const live = h("span", { class: "live", "aria-live": "off" });
  /** Cursors of the pages before the one shown ("" = the first page). */
  const stack: string[] = [];
  let cursor = "";
  let next: string | undefined;
  let page = 1;
  let stopped = false;

  function query(): string {
    const q = new URLSearchParams();
    const wh = options.webhookId ?? webhook.value;
    const st = options.status ?? status.value;
    if (wh !== "") q.set("webhookId", wh);
    if (st !== "") q.set("status", st);
    if (eventType.value.trim() !== "") q.set("eventType", eventType.value.trim());
    if (since.value !== "") q.set("since", toIso(since.value));
    if (until.value !== "") q.set("until", toIso(until.value));
    q.set("limit", limit.value);
    if (cursor !== "") q.set("cursor", cursor);
    return q.toString();
  }

  function row(d: DeliveryRow): HTMLElement {
    const retry =
      canAct() && (d.status === "dead" || d.status === "retrying")
        ? h("button", { type: "button", class: "small", "aria-label": `Retry delivery ${d.id}`, onclick: async (e: Event) => {
            const b = e.currentTarget as HTMLButtonElement;
            b.disabled = true;
            try {
              await call("POST", `/v1/deliveries/${encodeURIComponent(d.id)}/retry`);
              b.textContent = "Requeued";
            } catch (err) {
              b.textContent = "Retry failed";
              b.title = messageOf(err);
            }
          } }, "Retry")
        : null;
    return h(
      "tr",
      { "data-delivery": d.id },
      cell("Delivery", {}, h("a", { href: `#/deliveries/${encodeURIComponent(d.id)}` }, h("code", {}, d.id))),
      cell("Webhook", {}, names.get(d.webhookId) ?? d.webhookId, ` v${d.webhookVersion}`),
      cell("Status", {}, badge(d.status)),
      cell("Attempts", { class: "num" }, d.attempts),
      cell("Created", {}, when(d.createdAt)),
      cell("Last error", {}, d.lastError === undefined ? "—" : h("span", { title: d.lastError.message }, h("strong", {}, d.lastError.code), ` ${d.lastError.message}`)),
      cell("Action", {}, retry),
    );
  }

  async function load(): Promise<void> {
    try {
      const result = await call<DeliveryPage>("GET", `/v1/deliveries?${query()}`);
      next = result.nextCursor;
      replace(body, ...result.deliveries.map(row));
      if (result.deliveries.length === 0) replace(body, h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No deliveries match.")));
      info.textContent = `Page ${page}: ${result.deliveries.length} deliveries${next === undefined ? " (the last page)" : ""}`;
      info.dataset.page = String(page);
      info.dataset.rows = String(result.deliveries.length);
      older.disabled = next === undefined;
      newer.disabled = stack.length === 0;
      newest.disabled = stack.length === 0;
      live.textContent = cursor === "" ? `Live: refreshed ${new Date().toLocaleTimeString()}` : "Paused (not the newest page)";
    } catch (e) {
      info.textContent = messageOf(e);
    }
  }

  older.addEventListener("click", () => {
    if (next === undefined) return;
    stack.push(cursor);
    cursor = next;
    page += 1;
    void load();
  });
  newer.addEventListener("click", () => {
    cursor = stack.pop() ?? "";
    page -= 1;
    void load();
  });
  newest.addEventListener("click", () => {
    stack.length = 0;
    cursor = "";
    page = 1;
    void load();
  });
  const refilter = (e: Event) => {
    e.preventDefault();
    stack.length = 0;
    cursor = "";
    page = 1;
    void load();
  };
  const labelled = (label: string, control: HTMLElement) => h("span", { class: "field" }, h("label", { for: control.id }, label), control);
  const form = h(
    "form",
    { class: "toolbar", "aria-label": `Filter ${options.title.toLowerCase()}`, onsubmit: refilter },
    options.webhookId === undefined ? labelled("Webhook", webhook) : null,
    options.status === undefined ? labelled("Status", status) : null,
    labelled("Event type", eventType),
    labelled("Since", since),
    labelled("Until", until),
    labelled("Per page", limit),
    h("button", { type: "submit" }, "Apply"),
  );
  for (const c of [webhook, status, limit]) c.addEventListener("change", refilter);

  replace(
    container,
    form,
    h("div", { class: "pager" }, newest, newer, older, live),
    info,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "grid cards deliveries" },
        h("caption", { class: "sr-only" }, options.title),
        h(
          "thead",
          {},
          h("tr", {}, ...["Delivery", "Webhook", "Status", "Attempts", "Created", "Last error", "Action"].map((t) => h("th", { scope: "col" }, t))),
        ),
        body,
      ),
    ),
  );
  await load();
  // Live updates: the newest page is read again every POLL_MS (one indexed page query; older pages stay still).
  const timer = setInterval(() => {
    if (!stopped && cursor === "" && document.visibilityState === "visible") void load();
  }, POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

export async function deliveriesView(main: HTMLElement, params: URLSearchParams): Promise<() => void> {
  const list = h("div", {});
  replace(main, h("h2", {}, "Deliveries"), list);
  return deliveryList(list, { title: "Deliveries", initial: params });
}

export async function deadLettersView(main: HTMLElement): Promise<() => void> {
  const list = h("div", {});
  replace(
    main,
    h("h2", {}, "Dead letters"),
    h("p", {}, "Deliveries that used every attempt, or could not be made; each row says why it died. Retry one here, or all of a webhook on its page."),
    list,
  );
  return deliveryList(list, { title: "Dead letters", status: "dead" });
}

/** Retries a webhook's dead letters in bounded batches, showing the running total. */
export async function retryAllDead(webhookId: string, progress: HTMLElement): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await call<DeadLetterRetry>("POST", `/v1/webhooks/${encodeURIComponent(webhookId)}/dead-letters/retry`, { limit: 100 });
    total += batch.requeued;
    progress.textContent = `Requeued ${total} dead deliveries${batch.more ? "…" : "."}`;
    if (!batch.more || batch.requeued === 0) return total;
  }
}

export async function deliveryView(main: HTMLElement, id: string): Promise<() => void> {
  const found = await call<{ delivery: DeliveryRow; attempts: InvocationRecord[] }>("GET", `/v1/deliveries/${encodeURIComponent(id)}`);
  const d = found.delivery;
  const note = h("p", { role: "status" });
  const retry =
    canAct() && (d.status === "dead" || d.status === "retrying")
      ? h("button", { type: "button", id: "retry-delivery", onclick: async () => {
          try {
            await call("POST", `/v1/deliveries/${encodeURIComponent(d.id)}/retry`);
            note.textContent = "Requeued: the runtime attempts it again now.";
          } catch (e) {
            note.textContent = messageOf(e);
          }
        } }, "Retry this delivery")
      : null;
  replace(
    main,
    h("h2", {}, "Delivery ", h("code", {}, d.id)),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Status"),
      h("dd", { id: "delivery-status" }, badge(d.status)),
      h("dt", {}, "Webhook"),
      h("dd", {}, h("a", { href: `#/webhooks/${encodeURIComponent(d.webhookId)}` }, d.webhookId), ` (version ${d.webhookVersion})`),
      h("dt", {}, "Event"),
      h("dd", {}, h("code", {}, d.eventId)),
      h("dt", {}, "Attempts"),
      h("dd", {}, d.attempts),
      h("dt", {}, "Created"),
      h("dd", {}, when(d.createdAt)),
      h("dt", {}, d.status === "dead" ? "Why it died" : "Last error"),
      h("dd", {}, d.lastError === undefined ? "—" : `${d.lastError.code}: ${d.lastError.message}`),
    ),
    retry,
    note,
    h("h3", {}, "Invocation data"),
    found.attempts.length === 0 ? h("p", { class: "muted" }, "No attempt yet.") : null,
    ...found.attempts.map((a) => h("details", { class: "attempt", open: a === found.attempts[found.attempts.length - 1] }, h("summary", {}, `Attempt ${a.attempt}: ${a.result}${a.error === undefined ? "" : ` (${a.error.code})`}`), invocationPanel(a))),
  );
  return () => undefined;
}
