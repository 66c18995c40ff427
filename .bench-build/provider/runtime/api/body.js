"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readBody = readBody;
exports.readJson = readJson;
const apiError_1 = require("./apiError");
function tooLarge(limit) {
    return (0, apiError_1.apiError)("API_BODY_TOO_LARGE", `the request body is larger than ${limit} bytes (ingest.maxBodyBytes); send fewer events per request`);
}
/** The raw body, or API_BODY_TOO_LARGE as soon as more than `limit` bytes are announced or arrive. */
function readBody(req, limit) {
    const announced = Number(req.headers["content-length"]);
    if (Number.isFinite(announced) && announced > limit)
        return Promise.reject(tooLarge(limit));
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        let done = false;
        const finish = (fn) => {
            if (done)
                return;
            done = true;
            req.off("data", onData);
            req.off("end", onEnd);
            req.off("error", onError);
            fn();
        };
        const onData = (chunk) => {
            size += chunk.length;
            if (size > limit) {
                req.pause();
                finish(() => reject(tooLarge(limit)));
                return;
            }
            chunks.push(chunk);
        };
        const onEnd = () => finish(() => resolve(Buffer.concat(chunks, size)));
        const onError = (e) => finish(() => reject(e));
        req.on("data", onData);
        req.on("end", onEnd);
        req.on("error", onError);
    });
}
/** The body parsed as JSON; API_INVALID_JSON when it is empty or not JSON. */
async function readJson(req, limit) {
    const raw = await readBody(req, limit);
    const text = raw.toString("utf8");
    if (text.trim() === "")
        throw (0, apiError_1.apiError)("API_INVALID_JSON", "the request body is empty; send a JSON document");
    try {
        return JSON.parse(text);
    }
    catch (e) {
        // JSON.parse may quote part of the text, which can be a secret (a token in a registration): only the position is kept.
        const at = /position (\d+)/.exec(e instanceof Error ? e.message : "");
        throw (0, apiError_1.apiError)("API_INVALID_JSON", `the request body is not valid JSON${at === null ? "" : ` (at character ${at[1]})`}; send a JSON document`);
    }
}
