import { isIPv4, isIPv6 } from "node:net";

/**
 * The network a client address stands for in rate limits. One IPv6 subscriber is handed a whole /64
 * (2^64 addresses), so counting full IPv6 addresses limits nothing: they count by their /64. IPv4
 * (also written as an IPv4-mapped IPv6 address) counts by the address.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(address)) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
