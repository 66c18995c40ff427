// The console's one client of the admin API: same-origin fetches with the
// session cookie (the browser sends it; the page never sees it) and the session's
// CSRF token in X-CSRF-Token on every state-changing call. The token stays in
// memory: never in a URL or localStorage.
import type { ManagedBy } from "../../model/managedBy";
import type { WebhookConfig } from "../../model/webhookConfig";

/** A registration as GET /v1/webhooks returns it (webhookRoutes.ts: webhookJson), secrets masked. */
export type WebhookView = WebhookConfig & {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  managedBy?: ManagedBy;
};

export interface ApiErrorJson {
  code: string;
  message: string;
  path: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorJson,
    readonly errors: ApiErrorJson[],
  ) {
    super(`${error.code}: ${error.message}`);
  }
}

let csrfToken: string | undefined;
let readOnly = false;
let onSignedOut: () => void = () => undefined;

/** The signed-in session's CSRF token and role (undefined: signed out). */
export function setSession(session: { csrfToken: string; role: "admin" | "read" } | undefined): void {
  csrfToken = session?.csrfToken;
  readOnly = session?.role === "read";
}

/** Whether this session may act (Test, Manual trigger, retries): not a read-only one. */
export const canAct = (): boolean => !readOnly;

export const READ_ONLY_NOTE = "Read-only session: sign in with the admin token to run this.";

export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export async function call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken !== undefined) headers["X-CSRF-Token"] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: "same-origin", cache: "no-store", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const contentType = res.headers.get("Content-Type") ?? "";
  const json: unknown = contentType.includes("json") && text !== "" ? JSON.parse(text) : text;
  if (!res.ok) {
    const err = (json as { error?: ApiErrorJson; errors?: ApiErrorJson[] }) ?? {};
    const error = err.error ?? { code: `HTTP_${res.status}`, message: text.slice(0, 200), path: "" };
    if (res.status === 401 && !path.startsWith("/console/session")) onSignedOut();
    throw new ApiFailure(res.status, error, err.errors ?? [error]);
  }
  return json as T;
}

/** The message an error shows: the API's code and message (which name the fix). */
export function messageOf(e: unknown): string {
  if (e instanceof ApiFailure) return e.errors.map((x) => `${x.code}${x.path === "" ? "" : ` at ${x.path}`}: ${x.message}`).join("\n");
  return e instanceof Error ? e.message : String(e);
}
