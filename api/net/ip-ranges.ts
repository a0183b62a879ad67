import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** What an address is, for deciding whether a user-given URL may reach it. */
export type AddressKind =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "shared"
  | "link-local"
  | "multicast"
  | "broadcast"
  | "reserved";

export interface AddressClass {
  kind: AddressKind;
  /** The IPv4 address carried inside an IPv6 one (mapped, NAT64, 6to4, ...), when that decided the kind. */
  embedded?: string;
}

/** Kinds an on-premises install may reach when it allows private targets. Link-local stays refused:
 * cloud metadata services (169.254.169.254) live there and hand out credentials. */
export const privateKinds: ReadonlySet<AddressKind> = new Set(["loopback", "private", "shared"]);

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
const cidrs = (...list: string[]): Cidr[] => list.map((c) => ipaddr.parseCIDR(c));

// Checked in this order: the first kind with a matching range wins, so narrow ranges come first.
const v4Ranges = {
  unspecified: cidrs("0.0.0.0/32"),
  broadcast: cidrs("255.255.255.255/32"),
  loopback: cidrs("127.0.0.0/8"),
  private: cidrs("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
  shared: cidrs("100.64.0.0/10"),
  "link-local": cidrs("169.254.0.0/16"),
  multicast: cidrs("224.0.0.0/4"),
  reserved: cidrs(
    "0.0.0.0/8", // "this network"
    "192.0.0.0/24", // IETF protocol assignments
    "192.0.2.0/24", // documentation
    "192.88.99.0/24", // retired 6to4 relays
    "198.18.0.0/15", // benchmarking
    "198.51.100.0/24", // documentation
    "203.0.113.0/24", // documentation
    "240.0.0.0/4", // future use
  ),
};

const v6Ranges = {
  unspecified: cidrs("::/128"),
  loopback: cidrs("::1/128"),
  private: cidrs("fc00::/7", "fec0::/10"), // unique local, retired site-local
  "link-local": cidrs("fe80::/10"),
  multicast: cidrs("ff00::/8"),
  reserved: cidrs(
    "2001::/23", // IETF protocol assignments, Teredo and benchmarking included
    "2001:db8::/32", // documentation
    "3fff::/20", // documentation
  ),
};

// Forms that carry an IPv4 address in their low bits (or bits 16–47 for 6to4).
const mapped = ipaddr.parseCIDR("::ffff:0:0/96");
const nat64 = ipaddr.parseCIDR("64:ff9b::/96");
const sixToFour = ipaddr.parseCIDR("2002::/16");
const translated = ipaddr.parseCIDR("::ffff:0:0:0/96");
const compatible = ipaddr.parseCIDR("::/96");
const globalUnicast = ipaddr.parseCIDR("2000::/3");

/** Classifies an IP address (v4 or v6, canonical or not); anything that is not an IP is `reserved`. */
export function classifyIp(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, "");
  if (isIP(bare) === 0) return { kind: "reserved" };
  if (isIP(bare) === 4) return { kind: classifyV4(ipaddr.IPv4.parse(bare)) };
  return classifyV6(ipaddr.IPv6.parse(dottedTailToHex(bare.replace(/%.*$/, ""))));
}

/** ipaddr.js reads `::a.b.c.d` as `::ffff:a.b.c.d`; spelling the tail in hex keeps the real bits. */
function dottedTailToHex(v6: string): string {
  return v6.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => {
    const hex = (hi: string, lo: string) => ((Number(hi) << 8) | Number(lo)).toString(16);
    return `${hex(a, b)}:${hex(c, d)}`;
  });
}

function classifyV4(ip: ipaddr.IPv4): AddressKind {
  return ipaddr.subnetMatch(ip, v4Ranges, "public") as AddressKind;
}

function classifyV6(ip: ipaddr.IPv6): AddressClass {
  const own = ipaddr.subnetMatch(ip, v6Ranges, "public") as AddressKind;
  if (own === "unspecified" || own === "loopback") return { kind: own };
  const bytes = ip.toByteArray();
  // A form that reaches an IPv4 address takes that address's kind when it is not public; otherwise
  // only the forms that route on the public internet pass.
  const carriers: [Cidr, number, boolean][] = [
    [mapped, 12, true],
    [nat64, 12, true],
    [sixToFour, 2, true],
    [translated, 12, false],
    [compatible, 12, false],
  ];
  for (const [range, offset, routable] of carriers) {
    if (!ip.match(range)) continue;
    const v4 = new ipaddr.IPv4(bytes.slice(offset, offset + 4));
    const kind = classifyV4(v4);
    if (kind !== "public") return { kind, embedded: v4.toString() };
    return { kind: routable ? "public" : "reserved" };
  }
  if (own !== "public") return { kind: own };
  return { kind: ip.match(globalUnicast) ? "public" : "reserved" };
}

const phrases: Record<Exclude<AddressKind, "public">, string> = {
  unspecified: "is unspecified (it means this machine)",
  loopback: "is a loopback address (this machine)",
  private: "is private",
  shared: "is in the carrier-grade NAT range 100.64.0.0/10",
  "link-local": "is link-local (where cloud metadata services answer)",
  multicast: "is a multicast address",
  broadcast: "is the broadcast address",
  reserved: "is reserved (documentation, benchmarking or special use), not a public address",
};

/**
 * Why this address may not be reached, in words for a human; null when it may.
 * With `allowPrivate`, loopback, private and CGNAT addresses pass (on-premises installs).
 * `subject` starts the sentence, e.g. "example.com resolves to 10.0.0.1, which".
 */
export function refuseAddress(address: string, allowPrivate = false, subject?: string): string | null {
  const shown = address.replace(/^\[|\]$/g, "");
  if (isIP(shown) === 0) return `${JSON.stringify(shown)} is not an IP address`;
  const { kind, embedded } = classifyIp(shown);
  if (kind === "public" || (allowPrivate && privateKinds.has(kind))) return null;
  const start = subject ?? `the address ${shown}`;
  if (embedded) return `${start} carries ${embedded}, which ${phrases[kind]}`;
  return `${start} ${phrases[kind]}`;
}
