// A tiny DOM builder: every text goes in through textContent, never innerHTML,
// so nothing the runtime returns (names, bodies, headers) can become markup.
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** JSON pretty-printed when the text is JSON, else the text as is. */
export function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export const when = (iso: string | undefined): string => (iso === undefined ? "—" : new Date(iso).toLocaleString());

/** The green (active) or white (inactive) dot, with its state as text for screen readers. */
export function dot(active: boolean): HTMLElement {
  return h("span", { class: `dot ${active ? "dot-active" : "dot-inactive"}`, role: "img", "aria-label": active ? "active" : "inactive", title: active ? "active" : "inactive" });
}

/** A status badge: delivered, dead, retrying, pending, success, failure. */
export function badge(status: string): HTMLElement {
  return h("span", { class: `badge badge-${status}` }, status);
}

/** A table cell that names its column, so a narrow screen can show each row as a labelled card (console.css). */
export function cell(label: string, attrs: Attrs = {}, ...children: Child[]): HTMLTableCellElement {
  return h("td", { ...attrs, "data-label": label }, ...children);
}
