// Which addresses a delivery may connect to. Checked on the resolved address at
// connect time (see httpClient.ts), so a public name that resolves to a private
// address is refused too. Addresses are compared as integers: IPv4 as 32 bits,
// IPv6 as 128 bits; the ranges are the IANA special-purpose registries
// (specialPurpose.ts), and IPv6 forms that embed an IPv4 address (compatible,
// mapped, NAT64, 6to4, Teredo) are judged by the IPv4 address they carry too.
import { isIP } from "node:net";
import { WebhookError } from "../errors";
import { IPV4_SPECIAL, IPV6_SPECIAL, METADATA_ADDRESSES, type RangeClass, type SpecialRange } from "./specialPurpose";

export interface NetworkPolicy {
  /** Opens loopback, private, link-local, CGNAT and unspecified addresses (not cloud metadata: use allowCidrs). */
  allowPrivateAddresses: boolean;
  /** Addresses allowed even though refused by default, e.g. ["127.0.0.0/8"]; IPv4 and IPv6 CIDRs or single IPs. */
  allowCidrs: string[];
  /** host → IP pin, like curl --resolve; TLS still verifies against the host name. */
  resolve: Record<string, string>;
  /** Extra CAs (PEM) trusted in addition to Node's roots. */
  caFile?: string;
}

export const DEFAULT_NETWORK_POLICY: NetworkPolicy = { allowPrivateAddresses: false, allowCidrs: [], resolve: {} };

interface Parsed {
  v6: boolean;
  value: bigint;
}

interface Cidr extends Parsed {
  prefix: number;
}

/** Parses an IPv4 or IPv6 literal (no brackets, no zone); undefined when it is not one. */
export function parseIp(ip: string): Parsed | undefined {
  const zoneless = ip.replace(/%.*$/, "");
  const kind = isIP(zoneless);
  if (kind === 4) return { v6: false, value: parseV4(zoneless) };
  if (kind !== 6) return undefined;
  let text = zoneless;
  const tail: string[] = [];
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
  const groups = rest === undefined ? left : [...left, ...Array<string>(missing).fill("0"), ...right];
  if (tail.length > 0) groups.splice(6, 2, ...tail);
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  return { v6: true, value };
}

function parseV4(ip: string): bigint {
  return ip.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function parseCidr(text: string): Cidr | undefined {
  const [addr, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const max = ip.v6 ? 128 : 32;
  if (prefixText === undefined) return { ...ip, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return undefined;
  return { ...ip, prefix: Number(prefixText) };
}

function inCidr(ip: Parsed, cidr: Cidr): boolean {
  if (ip.v6 !== cidr.v6) return false;
  const bits = BigInt(ip.v6 ? 128 : 32);
  const shift = bits - BigInt(cidr.prefix);
  return ip.value >> shift === cidr.value >> shift;
}

interface CompiledRange extends Cidr {
  class: RangeClass;
}

const compile = (list: readonly SpecialRange[]): CompiledRange[] =>
  list
    .map((r) => ({ ...(parseCidr(r.cidr) as Cidr), class: r.class }))
    // Longest prefix first, so the first match is the most specific range.
    .sort((a, b) => b.prefix - a.prefix);

const SPECIAL = [...compile(IPV4_SPECIAL), ...compile(IPV6_SPECIAL)];
const METADATA = METADATA_ADDRESSES.map((c) => parseCidr(c) as Cidr);
const TEREDO = parseCidr("2001::/32") as Cidr;
const SIX_TO_FOUR = parseCidr("2002::/16") as Cidr;

function classOf(ip: Parsed): RangeClass | undefined {
  return SPECIAL.find((r) => inCidr(ip, r))?.class;
}

/** The IPv4 address an IPv6 address stands for (compatible, mapped, translated, NAT64, 6to4, Teredo client), if any. */
function embeddedV4(ip: Parsed): Parsed | undefined {
  if (!ip.v6 || classOf(ip) !== "embedded") return undefined;
  if (inCidr(ip, SIX_TO_FOUR)) return { v6: false, value: (ip.value >> 80n) & 0xffffffffn };
  // Teredo carries the client's address in the last 32 bits, each bit inverted (RFC 4380 §4).
  if (inCidr(ip, TEREDO)) return { v6: false, value: ~ip.value & 0xffffffffn };
  return { v6: false, value: ip.value & 0xffffffffn };
}

const compiled = new WeakMap<string[], Cidr[]>();

function allowList(policy: NetworkPolicy): Cidr[] {
  let list = compiled.get(policy.allowCidrs);
  if (!list) {
    list = policy.allowCidrs.map((text, i) => {
      const cidr = parseCidr(text);
      if (!cidr) {
        throw new WebhookError({
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
export function validateNetworkPolicy(policy: NetworkPolicy): void {
  allowList(policy);
  for (const [host, ip] of Object.entries(policy.resolve)) {
    if (!parseIp(ip)) {
      throw new WebhookError({
        code: "CONFIG_INVALID_TYPE",
        path: `network.resolve.${host}`,
        message: `network.resolve.${host} "${ip}" is not an IP address; pin the host to an IPv4 or IPv6 address`,
      });
    }
  }
}

/**
 * Whether a connection to `ip` is refused under `policy`: every "private" range of the IANA
 * special-purpose registries unless allowPrivateAddresses, every "never" range and cloud metadata
 * always, IPv6 forms embedding any of those too; an allowCidrs entry that contains the address (or
 * the IPv4 address it embeds) opens it. Anything that is not an IP literal is refused.
 */
export function isRefusedAddress(ip: string, policy: NetworkPolicy): boolean {
  const parsed = parseIp(ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip);
  if (!parsed) return true;
  const forms = [parsed];
  const v4 = embeddedV4(parsed);
  if (v4) forms.push(v4);
  const allow = allowList(policy);
  if (forms.some((f) => allow.some((c) => inCidr(f, c)))) return false;
  if (forms.some((f) => METADATA.some((c) => inCidr(f, c)))) return true;
  // Every form is judged, and the strictest answer wins: an IPv6 wrapper cannot launder an IPv4 address.
  const classes = forms.map(classOf);
  if (classes.includes("never")) return true;
  if (classes.includes("private")) return !policy.allowPrivateAddresses;
  return false;
}
