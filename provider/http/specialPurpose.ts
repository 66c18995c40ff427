// The IANA IPv4 and IPv6 Special-Purpose Address Registries
// (iana.org/assignments/iana-ipv4-special-registry, iana-ipv6-special-registry), plus
// multicast, as the address guard applies them. Each range is one of:
//   private  — reachable only inside the operator's network: refused unless network.allowPrivateAddresses
//   never    — not a unicast destination a webhook can have (documentation, reserved, discard,
//              multicast, broadcast): refused even with allowPrivateAddresses
//   public   — special-purpose but globally reachable (anycast services inside a refused block)
//   embedded — an IPv6 form that carries an IPv4 address: judged by that address as well
// The most specific range that contains an address decides. docs/runtime.md#address-rules lists the same table.

export type RangeClass = "private" | "never" | "public" | "embedded";

export interface SpecialRange {
  cidr: string;
  class: RangeClass;
  rfc: string;
  name: string;
}

export const IPV4_SPECIAL: readonly SpecialRange[] = [
  { cidr: "0.0.0.0/8", class: "private", rfc: "RFC 791", name: "this network (0.0.0.0 reaches the local host)" },
  { cidr: "10.0.0.0/8", class: "private", rfc: "RFC 1918", name: "private use" },
  { cidr: "100.64.0.0/10", class: "private", rfc: "RFC 6598", name: "shared address space (CGNAT)" },
  { cidr: "127.0.0.0/8", class: "private", rfc: "RFC 1122", name: "loopback" },
  { cidr: "169.254.0.0/16", class: "private", rfc: "RFC 3927", name: "link-local" },
  { cidr: "172.16.0.0/12", class: "private", rfc: "RFC 1918", name: "private use" },
  { cidr: "192.0.0.0/24", class: "never", rfc: "RFC 6890", name: "IETF protocol assignments" },
  { cidr: "192.0.0.9/32", class: "public", rfc: "RFC 7723", name: "Port Control Protocol anycast" },
  { cidr: "192.0.0.10/32", class: "public", rfc: "RFC 8155", name: "TURN anycast" },
  { cidr: "192.0.2.0/24", class: "never", rfc: "RFC 5737", name: "documentation (TEST-NET-1)" },
  { cidr: "192.88.99.0/24", class: "never", rfc: "RFC 7526", name: "deprecated 6to4 relay anycast" },
  { cidr: "192.168.0.0/16", class: "private", rfc: "RFC 1918", name: "private use" },
  { cidr: "198.18.0.0/15", class: "private", rfc: "RFC 2544", name: "benchmarking" },
  { cidr: "198.51.100.0/24", class: "never", rfc: "RFC 5737", name: "documentation (TEST-NET-2)" },
  { cidr: "203.0.113.0/24", class: "never", rfc: "RFC 5737", name: "documentation (TEST-NET-3)" },
  { cidr: "224.0.0.0/4", class: "never", rfc: "RFC 5771", name: "multicast" },
  { cidr: "240.0.0.0/4", class: "never", rfc: "RFC 1112", name: "reserved" },
  { cidr: "255.255.255.255/32", class: "never", rfc: "RFC 8190", name: "limited broadcast" },
];

export const IPV6_SPECIAL: readonly SpecialRange[] = [
  { cidr: "::/96", class: "embedded", rfc: "RFC 4291 §2.5.5.1", name: "IPv4-compatible (deprecated); :: and ::1 fall in 0.0.0.0/8" },
  { cidr: "::/128", class: "private", rfc: "RFC 4291", name: "unspecified" },
  { cidr: "::1/128", class: "private", rfc: "RFC 4291", name: "loopback" },
  { cidr: "::ffff:0:0/96", class: "embedded", rfc: "RFC 4291", name: "IPv4-mapped" },
  { cidr: "::ffff:0:0:0/96", class: "embedded", rfc: "RFC 2765", name: "IPv4-translated (SIIT)" },
  { cidr: "64:ff9b::/96", class: "embedded", rfc: "RFC 6052", name: "IPv4/IPv6 translation (NAT64)" },
  { cidr: "64:ff9b:1::/48", class: "private", rfc: "RFC 8215", name: "local-use IPv4/IPv6 translation" },
  { cidr: "100::/64", class: "never", rfc: "RFC 6666", name: "discard-only" },
  { cidr: "100:0:0:1::/64", class: "never", rfc: "RFC 9780", name: "dummy IPv6 prefix" },
  { cidr: "2001::/23", class: "never", rfc: "RFC 2928", name: "IETF protocol assignments" },
  { cidr: "2001::/32", class: "embedded", rfc: "RFC 4380", name: "Teredo (judged by the client address it carries)" },
  { cidr: "2001:1::1/128", class: "public", rfc: "RFC 7723", name: "Port Control Protocol anycast" },
  { cidr: "2001:1::2/128", class: "public", rfc: "RFC 8155", name: "TURN anycast" },
  { cidr: "2001:1::3/128", class: "public", rfc: "RFC 9665", name: "DNS-SD service registration protocol anycast" },
  { cidr: "2001:2::/48", class: "private", rfc: "RFC 5180", name: "benchmarking" },
  { cidr: "2001:3::/32", class: "public", rfc: "RFC 7450", name: "AMT" },
  { cidr: "2001:4:112::/48", class: "public", rfc: "RFC 7535", name: "AS112-v6" },
  { cidr: "2001:db8::/32", class: "never", rfc: "RFC 3849", name: "documentation" },
  { cidr: "2002::/16", class: "embedded", rfc: "RFC 3056", name: "6to4" },
  { cidr: "3fff::/20", class: "never", rfc: "RFC 9637", name: "documentation" },
  { cidr: "5f00::/16", class: "never", rfc: "RFC 9602", name: "segment routing (SRv6) SIDs" },
  { cidr: "fc00::/7", class: "private", rfc: "RFC 4193", name: "unique local (ULA)" },
  { cidr: "fe80::/10", class: "private", rfc: "RFC 4291", name: "link-local unicast" },
  { cidr: "fec0::/10", class: "private", rfc: "RFC 3879", name: "site-local (deprecated, still routed internally by some networks)" },
  { cidr: "ff00::/8", class: "never", rfc: "RFC 4291", name: "multicast" },
];

/** Refused even with allowPrivateAddresses: instance credentials live here. Only an allowCidrs entry opens them. */
export const METADATA_ADDRESSES: readonly string[] = ["169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32"];
