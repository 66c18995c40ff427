// The Webhooks table: a dot for active/inactive, kind, name, URL (credentials
// masked by the runtime), triggers, version, the last delivery, success rate and
// deliveries over 24 h, and who manages it. Sort, filter and search run here on
// the one list (registrations are few; deliveries are paged by the runtime).
import type { WebhookStats, WebhookStatsList } from "../../model/consoleApi";
import { call, type WebhookView } from "./api.js";
import { badge, cell, dot, h, replace, when } from "./dom.js";

type SortKey = "name" | "kind" | "version" | "deliveries" | "successRate";

export interface Row {
  webhook: WebhookView;
  stats?: WebhookStats;
}

const rate = (s: WebhookStats | undefined): string => (s?.successRate === null || s === undefined ? "—" : `${(s.successRate * 100).toFixed(1)}%`);

export function managerText(w: WebhookView): string {
  return w.managedBy === undefined ? "by hand" : `${w.managedBy.project}/${w.managedBy.stack} · ${w.managedBy.resource}`;
}

export async function webhooksView(main: HTMLElement): Promise<() => void> {
  const [{ webhooks }, stats] = await Promise.all([call<{ webhooks: WebhookView[] }>("GET", "/v1/webhooks"), call<WebhookStatsList>("GET", "/v1/webhooks/stats")]);
  const byId = new Map(stats.stats.map((s) => [s.webhookId, s]));
  const rows: Row[] = webhooks.map((w) => ({ webhook: w, ...(byId.has(w.id) ? { stats: byId.get(w.id) } : {}) }));
  let sort: SortKey = "name";
  let descending = false;

  const search = h("input", { type: "search", id: "wh-search", placeholder: "Search by name" });
  const kind = h("select", { id: "wh-kind" }, h("option", { value: "" }, "All kinds"), h("option", { value: "audit" }, "audit"), h("option", { value: "request" }, "request"));
  const state = h("select", { id: "wh-state" }, h("option", { value: "" }, "Active and inactive"), h("option", { value: "active" }, "Active"), h("option", { value: "inactive" }, "Inactive"));
  const body = h("tbody", {});
  const count = h("p", { class: "muted", "aria-live": "polite" });

  const sortValue = (r: Row): string | number => {
    if (sort === "name") return r.webhook.name.toLowerCase();
    if (sort === "kind") return r.webhook.kind;
    if (sort === "version") return r.webhook.version;
    if (sort === "deliveries") return r.stats?.deliveries ?? 0;
    return r.stats?.successRate ?? -1;
  };

  const headerButtons = new Map<SortKey, HTMLButtonElement>();
  const sortHeader = (key: SortKey, label: string) => {
    const button = h("button", { type: "button", class: "sort", onclick: () => {
      descending = sort === key ? !descending : false;
      sort = key;
      render();
    } }, label);
    headerButtons.set(key, button);
    return h("th", { scope: "col" }, button);
  };

  function render(): void {
    const q = search.value.trim().toLowerCase();
    const shown = rows
      .filter((r) => (q === "" || r.webhook.name.toLowerCase().includes(q)) && (kind.value === "" || r.webhook.kind === kind.value))
      .filter((r) => state.value === "" || (state.value === "active") === (r.webhook.active !== false))
      .sort((a, b) => {
        const x = sortValue(a);
        const y = sortValue(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
      });
    for (const [key, button] of headerButtons) {
      const th = button.parentElement as HTMLElement;
      th.setAttribute("aria-sort", key === sort ? (descending ? "descending" : "ascending") : "none");
    }
    replace(
      body,
      ...shown.map(({ webhook: w, stats: s }) =>
        h(
          "tr",
          { "data-webhook": w.name },
          cell("State", {}, dot(w.active !== false)),
          cell("Name", {}, h("a", { href: `#/webhooks/${encodeURIComponent(w.id)}` }, w.name)),
          cell("Kind", {}, w.kind),
          cell("URL", { class: "url" }, w.url),
          cell("Triggers", {}, w.kind === "request" ? w.triggers.join(", ") : "all audit events"),
          cell("Version", { class: "num" }, w.version),
          cell("Last delivery", {}, s?.last === undefined ? "—" : h("a", { href: `#/deliveries/${encodeURIComponent(s.last.deliveryId)}` }, badge(s.last.status), " ", when(s.last.updatedAt))),
          cell("Success 24 h", { class: "num" }, rate(s)),
          cell("Deliveries 24 h", { class: "num" }, s?.deliveries ?? 0),
          cell("Managed by", {}, managerText(w)),
        ),
      ),
    );
    count.textContent = `${shown.length} of ${rows.length} webhooks`;
  }
  for (const c of [search, kind, state]) c.addEventListener("input", render);

  replace(
    main,
    h("h2", {}, "Webhooks"),
    h(
      "div",
      { class: "toolbar", role: "search" },
      h("label", { for: "wh-search" }, "Name"),
      search,
      h("label", { for: "wh-kind" }, "Kind"),
      kind,
      h("label", { for: "wh-state" }, "State"),
      state,
    ),
    count,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "grid cards", id: "webhooks-table" },
        h("caption", { class: "sr-only" }, "Registered webhooks"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, h("span", { class: "sr-only" }, "State")),
            sortHeader("name", "Name"),
            sortHeader("kind", "Kind"),
            h("th", { scope: "col" }, "URL"),
            h("th", { scope: "col" }, "Triggers"),
            sortHeader("version", "Version"),
            h("th", { scope: "col" }, "Last delivery"),
            sortHeader("successRate", "Success 24 h"),
            sortHeader("deliveries", "Deliveries 24 h"),
            h("th", { scope: "col" }, "Managed by"),
          ),
        ),
        body,
      ),
    ),
  );
  render();
  return () => undefined;
}
