import { describe, expect, it } from "vitest";
import { type AddressKind, classifyIp, refuseAddress } from "../../../api/net/ip-ranges.ts";

const cases: [string, AddressKind][] = [
  ["93.184.215.14", "public"],
  ["8.8.8.8", "public"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "reserved"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["172.32.0.1", "public"],
  ["192.168.1.1", "private"],
  ["100.64.0.1", "shared"],
  ["100.127.255.255", "shared"],
  ["100.128.0.1", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.169.254", "link-local"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["198.19.255.255", "reserved"],
  ["198.51.100.7", "reserved"],
  ["203.0.113.9", "reserved"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["2606:4700:4700::1111", "public"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["fc00::1", "private"],
  ["fd12:3456::1", "private"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "reserved"],
  ["3fff::1", "reserved"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"], // Teredo
  ["100::1", "reserved"], // discard prefix, outside global unicast
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:a9fe:a9fe", "link-local"],
  ["::ffff:8.8.8.8", "public"],
  ["::ffff:0:7f00:1", "loopback"], // IPv4-translated
  ["::a9fe:a9fe", "link-local"], // IPv4-compatible
  ["::169.254.169.254", "link-local"],
  ["::8.8.8.8", "reserved"], // IPv4-compatible is deprecated even for a public address
  ["64:ff9b::7f00:1", "loopback"], // NAT64
  ["64:ff9b::10.0.0.1", "private"],
  ["64:ff9b::808:808", "public"],
  ["64:ff9b:1::a9fe:a9fe", "reserved"], // local-use NAT64
  ["2002:a00:1::1", "private"], // 6to4 of 10.0.0.1
  ["2002:7f00:1::", "loopback"],
  ["2002:808:808::1", "public"],
];

describe("classifyIp", () => {
  it.each(cases)("%s is %s", (address, kind) => {
    expect(classifyIp(address).kind).toBe(kind);
  });

  it("names the IPv4 address an IPv6 form carries", () => {
    expect(classifyIp("::ffff:10.1.2.3")).toEqual({ kind: "private", embedded: "10.1.2.3" });
    expect(refuseAddress("64:ff9b::a9fe:a9fe")).toBe(
      "the address 64:ff9b::a9fe:a9fe carries 169.254.169.254, which is link-local (where cloud metadata services answer)",
    );
  });

  it("treats anything that is not an IP address as not public", () => {
    for (const bogus of ["", "localhost", "0x7f.1", "2130706433", "1.2.3", "::g"]) {
      expect(classifyIp(bogus).kind).toBe("reserved");
      expect(refuseAddress(bogus)).toMatch(/is not an IP address/);
    }
  });
});

describe("refuseAddress", () => {
  it("says why in words", () => {
    expect(refuseAddress("10.0.0.1")).toBe("the address 10.0.0.1 is private");
    expect(refuseAddress("[::1]")).toBe("the address ::1 is a loopback address (this machine)");
    expect(refuseAddress("8.8.8.8")).toBeNull();
  });

  it("lets loopback, private and CGNAT through when private targets are allowed, nothing else", () => {
    const allowed = cases.filter(([address]) => refuseAddress(address, true) === null).map(([, k]) => k);
    expect(new Set(allowed)).toEqual(new Set(["public", "loopback", "private", "shared"]));
    expect(refuseAddress("169.254.169.254", true)).toMatch(/link-local/);
    expect(refuseAddress("0.0.0.0", true)).toMatch(/unspecified/);
    expect(refuseAddress("::ffff:127.0.0.1", true)).toBeNull();
  });
});
