"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_NETWORK_POLICY = void 0;
exports.parseIp = parseIp;
exports.validateNetworkPolicy = validateNetworkPolicy;
exports.isRefusedAddress = isRefusedAddress;
// Which addresses a delivery may connect to. Checked on the resolved address at
// connect time (see httpClient.ts), so a public name that resolves to a private
// address is refused too. Addresses are compared as integers: IPv4 as 32 bits,
// IPv6 as 128 bits, and IPv6 forms that embed an IPv4 address (mapped, NAT64,
// 6to4) are judged by the IPv4 address they carry.
const node_net_1 = require("node:net");
const errors_1 = require("../errors");
exports.DEFAULT_NETWORK_POLICY = { allowPrivateAddresses: false, allowCidrs: [], resolve: {} };
/** Parses an IPv4 or IPv6 literal (no brackets, no zone); undefined when it is not one. */
function parseIp(ip) {
    const zoneless = ip.replace(/%.*$/, "");
    const kind = (0, node_net_1.isIP)(zoneless);
    if (kind === 4)
        return { v6: false, value: parseV4(zoneless) };
    if (kind !== 6)
        return undefined;
    let text = zoneless;
    const tail = [];
    const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (dotted) {
        const v4 = parseV4(dotted[1]);
        tail.push(((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
        text = text.slice(0, -dotted[1].length) + "0:0";
    }
    const [head, rest] = text.split("::");
    const left = head === "" ? [] : head.split(":");
    const right = rest === undefined ? [] : rest === "" ? [] : rest.split(":");
    const missing = 8 - left.length - right.length;
    const groups = rest === undefined ? left : [...left, ...Array(missing).fill("0"), ...right];
    if (tail.length > 0)
        groups.splice(6, 2, ...tail);
    let value = 0n;
    for (const g of groups)
        value = (value << 16n) | BigInt(parseInt(g, 16));
    return { v6: true, value };
}
function parseV4(ip) {
    return ip.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}
function parseCidr(text) {
    const [addr, prefixText, extra] = text.trim().split("/");
    if (extra !== undefined)
        return undefined;
    const ip = parseIp(addr);
    if (!ip)
        return undefined;
    const max = ip.v6 ? 128 : 32;
    if (prefixText === undefined)
        return { ...ip, prefix: max };
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)
        return undefined;
    return { ...ip, prefix: Number(prefixText) };
}
function inCidr(ip, cidr) {
    if (ip.v6 !== cidr.v6)
        return false;
    const bits = BigInt(ip.v6 ? 128 : 32);
    const shift = bits - BigInt(cidr.prefix);
    return ip.value >> shift === cidr.value >> shift;
}
const cidrs = (list) => list.map((c) => parseCidr(c));
// Refused by default; opened by allowPrivateAddresses.
const PRIVATE = cidrs([
    "0.0.0.0/8", // "this network"; 0.0.0.0 reaches the local host
    "10.0.0.0/8",
    "100.64.0.0/10", // CGNAT
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "::/128",
    "::1/128",
    "fc00::/7", // ULA
    "fe80::/10",
    "fec0::/10", // deprecated site-local, still routed internally by some networks
]);
// Refused even with allowPrivateAddresses: instance credentials live here. Only an
// allowCidrs entry that contains the address opens it.
const METADATA = cidrs(["169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32"]);
// Never a unicast target.
const NEVER = cidrs(["224.0.0.0/4", "240.0.0.0/4", "ff00::/8"]);
const MAPPED = parseCidr("::ffff:0:0/96");
const NAT64 = parseCidr("64:ff9b::/96");
const SIX_TO_FOUR = parseCidr("2002::/16");
/** The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if any. */
function embeddedV4(ip) {
    if (!ip.v6)
        return undefined;
    if (inCidr(ip, MAPPED) || inCidr(ip, NAT64))
        return { v6: false, value: ip.value & 0xffffffffn };
    if (inCidr(ip, SIX_TO_FOUR))
        return { v6: false, value: (ip.value >> 80n) & 0xffffffffn };
    return undefined;
}
const compiled = new WeakMap();
function allowList(policy) {
    let list = compiled.get(policy.allowCidrs);
    if (!list) {
        list = policy.allowCidrs.map((text, i) => {
            const cidr = parseCidr(text);
            if (!cidr) {
                throw new errors_1.WebhookError({
                    code: "CONFIG_INVALID_TYPE",
                    path: `network.allowCidrs[${i}]`,
                    message: `network.allowCidrs[${i}] "${text}" is not a CIDR; write an address with a prefix length, e.g. "10.0.0.0/8" or "fd00::/8"`,
                });
            }
            return cidr;
        });
        compiled.set(policy.allowCidrs, list);
    }
    return list;
}
/** Throws a WebhookError for an allowCidrs entry that is not a CIDR or a resolve pin that is not an IP. */
function validateNetworkPolicy(policy) {
    allowList(policy);
    for (const [host, ip] of Object.entries(policy.resolve)) {
        if (!parseIp(ip)) {
            throw new errors_1.WebhookError({
                code: "CONFIG_INVALID_TYPE",
                path: `network.resolve.${host}`,
                message: `network.resolve.${host} "${ip}" is not an IP address; pin the host to an IPv4 or IPv6 address`,
            });
        }
    }
}
/**
 * Whether a connection to `ip` is refused under `policy`: loopback, RFC 1918 / ULA private,
 * link-local, cloud metadata, unspecified, CGNAT, multicast and IPv6 forms embedding any of
 * those, unless allowPrivateAddresses (not metadata) or an allowCidrs entry opens it.
 * Anything that is not an IP literal is refused.
 */
function isRefusedAddress(ip, policy) {
    const parsed = parseIp(ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip);
    if (!parsed)
        return true;
    const forms = [parsed];
    const v4 = embeddedV4(parsed);
    if (v4)
        forms.push(v4);
    const allow = allowList(policy);
    if (forms.some((f) => allow.some((c) => inCidr(f, c))))
        return false;
    const judged = v4 ?? parsed;
    if (NEVER.some((c) => inCidr(judged, c)))
        return true;
    if (METADATA.some((c) => inCidr(judged, c)))
        return true;
    if (PRIVATE.some((c) => inCidr(judged, c)))
        return !policy.allowPrivateAddresses;
    return false;
}
