"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bearerToken = bearerToken;
exports.tokenMatches = tokenMatches;
exports.acceptedTokens = acceptedTokens;
// Bearer-token checks. Both sides are hashed before the comparison, so
// timingSafeEqual always sees equal lengths and the time taken says nothing
// about the token, not even its length; every accepted token is compared, so
// which one matched does not show either.
const node_crypto_1 = require("node:crypto");
const digest = (text) => (0, node_crypto_1.createHash)("sha256").update(text, "utf8").digest();
/** The token of an `Authorization: Bearer <token>` header, or undefined. */
function bearerToken(header) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
    return m === null ? undefined : m[1];
}
/** Whether `given` equals one of `accepted`, in time independent of the values. */
function tokenMatches(given, accepted) {
    const g = digest(given ?? "");
    let ok = 0;
    for (const token of accepted)
        ok |= (0, node_crypto_1.timingSafeEqual)(g, digest(token)) ? 1 : 0;
    return given !== undefined && ok === 1;
}
/** The tokens that open a route: the admin token opens everything, the ingest token only the ingest routes. */
function acceptedTokens(access, tokens) {
    if (access === "admin")
        return [tokens.adminToken];
    if (access === "ingest")
        return [tokens.ingestToken, tokens.adminToken];
    return [];
}
