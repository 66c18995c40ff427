// The console's entry: sign-in (the admin token posted once; the runtime answers
// with an HttpOnly session cookie the page never sees and a CSRF token kept in
// memory), the navigation, and a hash router over the views.
import type { Session } from "../../model/consoleApi";
import { call, messageOf, setSession, whenSignedOut } from "./api.js";
import { deadLettersView, deliveriesView, deliveryView } from "./deliveriesView.js";
import { h, replace } from "./dom.js";
import { overviewView } from "./overviewView.js";
import { webhooksView } from "./webhooksView.js";
import { webhookView } from "./webhookView.js";

const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
let dispose: () => void = () => undefined;
let signedIn = false;

function signInForm(message?: string): void {
  signedIn = false;
  dispose();
  dispose = () => undefined;
  setSession(undefined);
  replace(nav);
  const token = h("input", { type: "password", id: "token", name: "token", autocomplete: "current-password", required: true });
  const error = h("p", { id: "signin-error", role: "alert" }, message ?? "");
  const form = h(
    "form",
    { id: "signin", class: "signin", "aria-labelledby": "signin-title", onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        const session = await call<Session>("POST", "/console/session", { token: token.value });
        token.value = "";
        start(session);
      } catch (err) {
        token.value = "";
        error.textContent = `Sign-in refused. ${messageOf(err)}`;
        token.focus();
      }
    } },
    h("h2", { id: "signin-title" }, "Sign in"),
    h("p", {}, "Sign in with the runtime's admin token (or its read token, to look only). The session lasts until you sign out, stay idle too long, or the runtime restarts."),
    h("label", { for: "token" }, "Admin token"),
    token,
    h("button", { type: "submit", id: "signin-button" }, "Sign in"),
    error,
  );
  replace(main, form);
  token.focus();
}

function start(session: Session): void {
  signedIn = true;
  setSession(session);
  const link = (href: string, label: string) => h("a", { href, "data-nav": href }, label);
  const signOut = h("button", { type: "button", id: "signout", onclick: async () => {
    try {
      await call("DELETE", "/console/session");
    } finally {
      location.hash = "#/webhooks";
      signInForm("Signed out.");
    }
  } }, "Sign out");
  replace(
    nav,
    h("ul", {}, ...[link("#/webhooks", "Webhooks"), link("#/deliveries", "Deliveries"), link("#/dead", "Dead letters"), link("#/overview", "Overview")].map((a) => h("li", {}, a))),
    session.role === "read" ? h("span", { class: "badge badge-pending", id: "role" }, "read-only") : null,
    signOut,
  );
  void route();
}

async function route(): Promise<void> {
  if (!signedIn) return;
  // In-page anchors (the skip link) are not routes.
  if (location.hash !== "" && !location.hash.startsWith("#/")) return;
  dispose();
  dispose = () => undefined;
  const hash = location.hash.replace(/^#/, "") || "/webhooks";
  const [path, search = ""] = hash.split("?");
  const params = new URLSearchParams(search);
  const parts = path.split("/").filter((p) => p !== "").map(decodeURIComponent);
  for (const a of nav.querySelectorAll("a")) {
    if (a.dataset.nav === `#/${parts[0] ?? "webhooks"}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  replace(main, h("p", { class: "muted" }, "Loading…"));
  try {
    if (parts[0] === "webhooks" && parts[1] !== undefined) dispose = await webhookView(main, parts[1]);
    else if (parts[0] === "deliveries" && parts[1] !== undefined) dispose = await deliveryView(main, parts[1]);
    else if (parts[0] === "deliveries") dispose = await deliveriesView(main, params);
    else if (parts[0] === "dead") dispose = await deadLettersView(main);
    else if (parts[0] === "overview") dispose = await overviewView(main);
    else dispose = await webhooksView(main);
  } catch (e) {
    if (signedIn) replace(main, h("h2", {}, "Something failed"), h("pre", { role: "alert" }, messageOf(e)));
  }
  main.focus({ preventScroll: true });
}

whenSignedOut(() => signInForm("Your session ended; sign in again."));
window.addEventListener("hashchange", () => void route());
call<Session>("GET", "/console/session").then(start, () => signInForm());
