import { isRefusedAddress, parseIp, validateNetworkPolicy, type NetworkPolicy } from "../../../provider/http/networkPolicy";
import { IPV4_SPECIAL, IPV6_SPECIAL } from "../../../provider/http/specialPurpose";

const closed: NetworkPolicy = { allowPrivateAddresses: false, allowCidrs: [], resolve: {} };
const privateOpen: NetworkPolicy = { ...closed, allowPrivateAddresses: true };

describe("isRefusedAddress", () => {
  // [address, refused by default, refused with allowPrivateAddresses]
  it.each([
    ["127.0.0.1", true, false],
    ["127.45.6.7", true, false],
    ["10.1.2.3", true, false],
    ["172.16.0.1", true, false],
    ["172.31.255.255", true, false],
    ["172.32.0.1", false, false],
    ["192.168.1.1", true, false],
    ["169.254.10.1", true, false],
    ["100.64.0.1", true, false],
    ["100.127.255.255", true, false],
    ["100.128.0.1", false, false],
    ["0.0.0.0", true, false],
    ["::", true, false],
    ["::1", true, false],
    ["fc00::1", true, false],
    ["fd12:3456::1", true, false],
    ["fe80::1", true, false],
    ["febf::1", true, false],
    // cloud metadata: stays refused with allowPrivateAddresses
    ["169.254.169.254", true, true],
    ["fd00:ec2::254", true, true],
    ["100.100.100.200", true, true],
    // IPv6 forms carrying a refused IPv4 address
    ["::ffff:127.0.0.1", true, false],
    ["::ffff:7f00:1", true, false],
    ["::ffff:169.254.169.254", true, true],
    ["64:ff9b::a00:1", true, false],
    ["2002:c0a8:0101::1", true, false],
    // never unicast targets
    ["224.0.0.1", true, true],
    ["255.255.255.255", true, true],
    ["ff02::1", true, true],
    // public
    ["8.8.8.8", false, false],
    ["1.1.1.1", false, false],
    ["2606:4700:4700::1111", false, false],
    ["::ffff:8.8.8.8", false, false],
    ["2002:0808:0808::1", false, false],
    // issue 13: IPv4-compatible IPv6 and the rest of the IANA special-purpose registries
    ["::127.0.0.2", true, false],
    ["[::127.0.0.2]", true, false],
    ["::7f00:2", true, false],
    ["::169.254.169.254", true, true],
    ["::ffff:0:127.0.0.1", true, false], // IPv4-translated (SIIT)
    ["64:ff9b::127.0.0.1", true, false],
    ["64:ff9b:1::1", true, false], // local-use NAT64 (RFC 8215)
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", true, false], // Teredo, client 127.0.0.1 (bits inverted)
    ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", false, false], // Teredo, client 8.8.8.8
    ["192.0.0.1", true, true], // IETF protocol assignments
    ["192.0.0.9", false, false], // PCP anycast: globally reachable
    ["192.0.2.1", true, true],
    ["198.51.100.7", true, true],
    ["203.0.113.9", true, true],
    ["192.88.99.1", true, true],
    ["198.18.0.1", true, false], // benchmarking
    ["198.19.255.255", true, false],
    ["198.20.0.1", false, false],
    ["240.0.0.1", true, true],
    ["100::1", true, true], // discard-only
    ["2001:db8::1", true, true],
    ["3fff::1", true, true],
    ["2001:2::1", true, false], // benchmarking
    ["2001:10::1", true, true], // ORCHID, inside the IETF protocol block
    ["2001:1::1", false, false], // PCP anycast
    ["2001:4:112::1", false, false], // AS112-v6
    ["5f00::1", true, true],
    ["2002:c000:0201::1", true, true], // 6to4 of TEST-NET-1
    ["2001:4860:4860::8888", false, false],
    // not an IP literal: fail closed
    ["example.com", true, true],
    ["", true, true],
  ])("%s → refused %s (allowPrivateAddresses: %s)", (ip, byDefault, withPrivate) => {
    expect(isRefusedAddress(ip, closed)).toBe(byDefault);
    expect(isRefusedAddress(ip, privateOpen)).toBe(withPrivate);
  });

  // Every registry range (the embedded forms are covered above, by what they carry), at its first and last address.
  it.each([...IPV4_SPECIAL, ...IPV6_SPECIAL].filter((r) => r.class !== "embedded").map((r) => [r.cidr, r.class, r.rfc] as const))(
    "%s (%s, %s) is judged by its class",
    (cidr, cls) => {
      const [addr, prefix] = cidr.split("/");
      const first = parseIp(addr)!;
      const bits = first.v6 ? 128n : 32n;
      const last = first.value | ((1n << (bits - BigInt(prefix))) - 1n);
      const text = first.v6 ? (last.toString(16).padStart(32, "0").match(/.{4}/g) as string[]).join(":") : [24n, 16n, 8n, 0n].map((s) => String((last >> s) & 255n)).join(".");
      for (const ip of [addr, text]) {
        expect([isRefusedAddress(ip, closed), isRefusedAddress(ip, privateOpen)]).toEqual(
          cls === "never" ? [true, true] : cls === "private" ? [true, false] : [false, false],
        );
      }
    },
  );

  it("allowCidrs opens exactly the addresses inside it, for IPv4, IPv6 and mapped forms", () => {
    const policy: NetworkPolicy = { ...closed, allowCidrs: ["127.0.0.0/8", "10.1.0.0/16", "fd00::/8", "192.168.7.7"] };
    expect(isRefusedAddress("127.9.9.9", policy)).toBe(false);
    expect(isRefusedAddress("::ffff:127.0.0.1", policy)).toBe(false);
    expect(isRefusedAddress("10.1.255.1", policy)).toBe(false);
    expect(isRefusedAddress("10.2.0.1", policy)).toBe(true);
    expect(isRefusedAddress("fd12::1", policy)).toBe(false);
    expect(isRefusedAddress("fc00::1", policy)).toBe(true);
    expect(isRefusedAddress("192.168.7.7", policy)).toBe(false);
    expect(isRefusedAddress("192.168.7.8", policy)).toBe(true);
    expect(isRefusedAddress("::1", policy)).toBe(true);
  });

  it("opens a metadata address only through an allowCidrs entry that contains it", () => {
    expect(isRefusedAddress("169.254.169.254", { ...privateOpen, allowCidrs: ["169.254.169.254/32"] })).toBe(false);
    expect(isRefusedAddress("169.254.169.254", { ...closed, allowCidrs: ["169.254.0.0/16"] })).toBe(false);
  });

  it("accepts bracketed IPv6 and a zone id", () => {
    expect(isRefusedAddress("[::1]", closed)).toBe(true);
    expect(isRefusedAddress("fe80::1%eth0", closed)).toBe(true);
  });
});

describe("parseIp", () => {
  it("reads IPv4, compressed IPv6 and dotted-tail IPv6 to the same integers", () => {
    expect(parseIp("1.2.3.4")).toEqual({ v6: false, value: 0x01020304n });
    expect(parseIp("::ffff:1.2.3.4")).toEqual(parseIp("0:0:0:0:0:ffff:102:304"));
    expect(parseIp("2001:db8::1")).toEqual({ v6: true, value: (0x20010db8n << 96n) | 1n });
    expect(parseIp("1.2.3")).toBeUndefined();
    expect(parseIp("host.example")).toBeUndefined();
  });
});

describe("validateNetworkPolicy", () => {
  it.each([
    [{ allowCidrs: ["10.0.0.0/8", "10.0.0.0/33"] }, "network.allowCidrs[1]"],
    [{ allowCidrs: ["ten/8"] }, "network.allowCidrs[0]"],
    [{ allowCidrs: ["::/129"] }, "network.allowCidrs[0]"],
    [{ resolve: { "hooks.example.com": "not-an-ip" } }, "network.resolve.hooks.example.com"],
  ])("%j → CONFIG_INVALID_TYPE at %s", (extra, path) => {
    expect(() => validateNetworkPolicy({ ...closed, ...extra })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID_TYPE", path }));
  });

  it("accepts CIDRs, single addresses and IP pins", () => {
    expect(() =>
      validateNetworkPolicy({ ...closed, allowCidrs: ["10.0.0.0/8", "fd00::/8", "192.168.1.1"], resolve: { a: "10.1.2.3", b: "::1" } }),
    ).not.toThrow();
  });
});
