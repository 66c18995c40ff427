// Rules that relate two fields. They read the input defensively (any field may
// be missing, mistyped, or Pulumi's unknown sentinel during preview) and fire
// only on values that are known to break them: an unknown method or
// authentication type matches none of the conditions below, so it is skipped.
import { BODY_METHODS, type Problem } from "./configRules";
import { testEventTriggerProblems } from "./testEvent";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function crossFieldProblems(config: unknown): Problem[] {
  if (!isRecord(config)) return [];
  return [...bodyProblems(config), ...authConflictProblems(config), ...testEventTriggerProblems(config)];
}

function bodyProblems(config: Record<string, unknown>): Problem[] {
  const method = config.method === undefined ? "POST" : config.method;
  const body = config.bodyTemplate === undefined ? "" : config.bodyTemplate;
  if (typeof method !== "string" || typeof body !== "string") return [];
  if (BODY_METHODS.includes(method) && body.trim() === "") {
    return [
      {
        code: "CONFIG_REQUIRED",
        message:
          `bodyTemplate is required for ${method}: the request carries the rendered body. ` +
          "Write a Handlebars template that renders JSON, or use DELETE or GET for a call without a body",
        path: ["bodyTemplate"],
      },
    ];
  }
  if (method === "GET" && body !== "") {
    return [
      {
        code: "CONFIG_BODY_NOT_ALLOWED",
        message: 'a GET request carries no body: remove bodyTemplate (or set it to ""), or use POST to send one',
        path: ["bodyTemplate"],
      },
    ];
  }
  return [];
}

function authConflictProblems(config: Record<string, unknown>): Problem[] {
  const auth = config.authentication;
  const type = isRecord(auth) ? auth.type : undefined;
  if ((type !== "bearer" && type !== "oauth") || !isRecord(config.headers)) return [];
  return Object.keys(config.headers)
    .filter((name) => name.toLowerCase() === "authorization")
    .map((name) => ({
      code: "CONFIG_AUTH_CONFLICT" as const,
      message:
        `header ${JSON.stringify(name)} conflicts with authentication.type "${type}", which sets Authorization itself; ` +
        'remove the header, or set authentication to {type: "none"} and send your own Authorization header',
      path: ["headers", name],
    }));
}
