"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.crossFieldProblems = crossFieldProblems;
// Rules that relate two fields. They read the input defensively (any field may
// be missing, mistyped, or Pulumi's unknown sentinel during preview) and fire
// only on values that are known to break them: an unknown method or
// authentication type matches none of the conditions below, so it is skipped.
const configRules_1 = require("./configRules");
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function crossFieldProblems(config) {
    if (!isRecord(config))
        return [];
    return [...bodyProblems(config), ...authConflictProblems(config)];
}
function bodyProblems(config) {
    const method = config.method === undefined ? "POST" : config.method;
    const body = config.bodyTemplate === undefined ? "" : config.bodyTemplate;
    if (typeof method !== "string" || typeof body !== "string")
        return [];
    if (configRules_1.BODY_METHODS.includes(method) && body.trim() === "") {
        return [
            {
                code: "CONFIG_REQUIRED",
                message: `bodyTemplate is required for ${method}: the request carries the rendered body. ` +
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
function authConflictProblems(config) {
    const auth = config.authentication;
    const type = isRecord(auth) ? auth.type : undefined;
    if ((type !== "bearer" && type !== "oauth") || !isRecord(config.headers))
        return [];
    return Object.keys(config.headers)
        .filter((name) => name.toLowerCase() === "authorization")
        .map((name) => ({
        code: "CONFIG_AUTH_CONFLICT",
        message: `header ${JSON.stringify(name)} conflicts with authentication.type "${type}", which sets Authorization itself; ` +
            'remove the header, or set authentication to {type: "none"} and send your own Authorization header',
        path: ["headers", name],
    }));
}
