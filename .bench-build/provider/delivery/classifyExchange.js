"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.classifyExchange = classifyExchange;
// Whether one exchange succeeded: status first (a 2xx is needed before the
// validators mean anything), then the response validators.
const errors_1 = require("../errors");
const classify_1 = require("../http/classify");
const checkResponse_1 = require("../response/checkResponse");
// RFC 9110 §10.2.3: the statuses a Retry-After means "come back later" on.
const RETRY_AFTER_STATUSES = new Set([429, 503]);
function classifyExchange(exchange, ctx) {
    const status = (0, classify_1.classifyStatus)(exchange.status);
    if (status !== undefined) {
        const retryAfterMs = RETRY_AFTER_STATUSES.has(exchange.status) ? (0, classify_1.parseRetryAfter)(exchange.headers["retry-after"], ctx.now) : undefined;
        const error = status.code === "HTTP_REDIRECT"
            ? redirectError(exchange, ctx.url)
            : new errors_1.WebhookError({ code: "HTTP_STATUS", retryable: status.retryable, ...statusAdvice(exchange.status, ctx.url.host, status.retryable) });
        return { validators: [], error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    const checked = (0, checkResponse_1.evaluateValidators)(ctx.validators, {
        body: exchange.body,
        status: exchange.status,
        headers: exchange.headers,
        bodyTruncated: exchange.bodyTruncated,
    });
    return { validators: checked.results, ...(checked.error === undefined ? {} : { error: checked.error }) };
}
function statusAdvice(status, host, retryable) {
    const answered = `${host} answered ${status}`;
    if (retryable) {
        return { path: "url", message: `${answered}; the target may recover, so the attempt is retryable (check the target's health if it persists)` };
    }
    if (status === 401 || status === 403) {
        return { path: "authentication", message: `${answered}: it did not accept the credentials; check authentication and the headers that carry its API key` };
    }
    if (status === 404 || status === 405 || status === 410) {
        return { path: "url", message: `${answered}: nothing takes this request there; check url and method` };
    }
    if (status === 413) {
        return { path: "bodyTemplate", message: `${answered}: the body is too large for it; send fewer fields in bodyTemplate` };
    }
    return {
        path: "bodyTemplate",
        message: `${answered}: it rejected the request; check the body (run \`webhooks render\` to see it), the headers and the target's documentation`,
    };
}
function redirectError(exchange, url) {
    // Only where it points: a Location's query may carry a signed token.
    let target = "";
    try {
        const location = new URL(exchange.headers.location ?? "", url);
        if (exchange.headers.location !== undefined)
            target = ` to ${location.origin}${location.pathname}`;
    }
    catch {
        // An unparsable Location: say only that it redirected.
    }
    return new errors_1.WebhookError({
        code: "HTTP_REDIRECT",
        path: "url",
        retryable: false,
        message: `${url.host} answered ${exchange.status}, a redirect${target}, which deliveries do not follow; set url to the final address`,
    });
}
