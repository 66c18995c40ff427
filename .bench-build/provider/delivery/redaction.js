"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MASK = void 0;
exports.maskUrl = maskUrl;
exports.configSecrets = configSecrets;
exports.scrubberFor = scrubberFor;
exports.scrubDeep = scrubDeep;
exports.MASK = "****";
// Shorter values ("on", "1") would mask ordinary words all over the record and protect nothing.
const MIN_SECRET_LENGTH = 4;
/** The query's values (and bare items, which some targets use as the key itself), as written in the URL. */
function queryItems(url) {
    const q = stripFragment(url).indexOf("?");
    if (q < 0)
        return [];
    return stripFragment(url)
        .slice(q + 1)
        .split("&")
        .filter((pair) => pair !== "")
        .map((pair) => {
        const eq = pair.indexOf("=");
        return eq < 0 ? { value: pair } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
}
function stripFragment(url) {
    const hash = url.indexOf("#");
    return hash < 0 ? url : url.slice(0, hash);
}
/** The URL with every query value replaced by ****: `?token=****&region=****`; names stay readable. */
function maskUrl(url) {
    const bare = stripFragment(url);
    const q = bare.indexOf("?");
    if (q < 0)
        return bare;
    const query = queryItems(bare)
        .map(({ name, value }) => (name === undefined ? exports.MASK : value === "" ? `${name}=` : `${name}=${exports.MASK}`))
        .join("&");
    return `${bare.slice(0, q)}?${query}`;
}
/** Every secret value a webhook's config holds: header values, bearer token, OAuth client secret, signing secret, query values. */
function configSecrets(config) {
    const out = Object.values(config.headers);
    const auth = config.authentication;
    if (auth.type === "bearer")
        out.push(auth.token);
    if (auth.type === "oauth")
        out.push(auth.clientSecret);
    if (config.signingSecret !== undefined) {
        // The part after whsec_ is the key itself.
        out.push(config.signingSecret, config.signingSecret.slice("whsec_".length));
    }
    out.push(...queryItems(config.url).map((i) => i.value));
    return out;
}
// A secret also travels changed: trimmed (HTTP drops a header value's outer spaces), percent-encoded
// in URLs and forms, escaped inside JSON strings.
function formsOf(secret) {
    const forms = [secret, secret.trim(), JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams([["", secret]]).toString().slice(1)];
    try {
        forms.push(decodeURIComponent(secret.replace(/\+/g, " ")), decodeURIComponent(secret));
    }
    catch {
        // Not percent-encoded text: its raw form is enough.
    }
    return forms;
}
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A function replacing each secret (of at least 4 characters), in any of its encoded forms, with ****. */
function scrubberFor(secrets) {
    const forms = new Set();
    for (const secret of secrets) {
        if (secret.length < MIN_SECRET_LENGTH)
            continue;
        for (const f of formsOf(secret))
            if (f.length >= MIN_SECRET_LENGTH)
                forms.add(f);
    }
    if (forms.size === 0)
        return (text) => text;
    // Longest first, so a secret that contains another is masked whole.
    const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
    return (text) => text.replace(pattern, exports.MASK);
}
/** A copy of a JSON-like value with every string (keys included) scrubbed. */
function scrubDeep(value, scrub) {
    if (typeof value === "string")
        return scrub(value);
    if (Array.isArray(value))
        return value.map((v) => scrubDeep(v, scrub));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v, scrub)]));
    }
    return value;
}
