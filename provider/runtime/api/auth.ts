// Bearer-token checks. Both sides are hashed before the comparison, so
// timingSafeEqual always sees equal lengths and the time taken says nothing
// about the token, not even its length; every accepted token is compared, so
// which one matched does not show either.
import { createHash, timingSafeEqual } from "node:crypto";

/** `metrics`: open unless a metrics token is configured. */
export type Access = "admin" | "ingest" | "metrics" | "public";

export interface ApiTokens {
  adminToken: string;
  ingestToken: string;
  metricsToken?: string;
  /** Opens the admin API's GETs only (and a read-only console session). */
  readToken?: string;
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return m === null ? undefined : m[1];
}

/** Whether `given` equals one of `accepted`, in time independent of the values. */
export function tokenMatches(given: string | undefined, accepted: readonly string[]): boolean {
  const g = digest(given ?? "");
  let ok = 0;
  for (const token of accepted) ok |= timingSafeEqual(g, digest(token)) ? 1 : 0;
  return given !== undefined && ok === 1;
}

/** Whether a route asks for a bearer token at all. */
export function needsToken(access: Access, tokens: ApiTokens): boolean {
  return access === "metrics" ? tokens.metricsToken !== undefined : access !== "public";
}

/**
 * The tokens that open a route: the admin token opens everything, the ingest and metrics tokens only their
 * routes, the read token the admin routes' GETs (`read`: the request changes nothing).
 */
export function acceptedTokens(access: Access, tokens: ApiTokens, read = false): readonly string[] {
  if (access === "admin") return read && tokens.readToken !== undefined ? [tokens.adminToken, tokens.readToken] : [tokens.adminToken];
  if (access === "ingest") return [tokens.ingestToken, tokens.adminToken];
  if (access === "metrics" && tokens.metricsToken !== undefined) return [tokens.metricsToken, tokens.adminToken];
  return [];
}
