import ipaddr from "ipaddr.js";

/** IPv4 helpers over ipaddr.js: addresses as dotted strings, arithmetic on 32-bit integers. */

export function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function isIpv4Cidr(text: string): boolean {
  try {
    const [addr] = ipaddr.IPv4.parseCIDR(text);
    return isIpv4(addr.toString()) && text.split("/")[0] === addr.toString();
  } catch {
    return false;
  }
}

export function ipv4ToInt(address: string): number {
  const bytes = ipaddr.IPv4.parse(address).toByteArray();
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

export function intToIpv4(value: number): string {
  return new ipaddr.IPv4([
    (value >>> 24) & 255,
    (value >>> 16) & 255,
    (value >>> 8) & 255,
    value & 255,
  ]).toString();
}

export interface Ipv4Subnet {
  cidr: string;
  network: string;
  broadcast: string;
  prefixLength: number;
}

export function parseSubnet(cidr: string): Ipv4Subnet {
  const [addr, prefixLength] = ipaddr.IPv4.parseCIDR(cidr);
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString();
  if (addr.toString() !== network) {
    throw new Error(`${cidr} is not a network address (did you mean ${network}/${prefixLength}?)`);
  }
  return { cidr: `${network}/${prefixLength}`, network, broadcast, prefixLength };
}

/** The address `offset` places after the subnet's network address (no bounds check). */
export function addressAt(subnet: Ipv4Subnet, offset: number): string {
  return intToIpv4(ipv4ToInt(subnet.network) + offset);
}

/** subnetContains with the network parsed once, for many lookups. */
export function subnetMatcher(cidr: string): (address: string) => boolean {
  const [range, bits] = ipaddr.IPv4.parseCIDR(cidr);
  return (address) => isIpv4(address) && ipaddr.IPv4.parse(address).match(range, bits);
}

export function subnetContains(cidr: string, address: string): boolean {
  const [range, bits] = ipaddr.IPv4.parseCIDR(cidr);
  return ipaddr.IPv4.parse(address).match(range, bits);
}

/** 4 or 6 for an address, a range `a-b` or a CIDR of either family. */
export function addressFamily(entry: string): 4 | 6 {
  return entry.includes(":") ? 6 : 4;
}

/**
 * An address, a range `a-b` or a CIDR, as written in config and firewall rules, of either family.
 * An entry never contains an address of the other family (as in pve-firewall, where a rule's
 * address decides whether it goes into the iptables or the ip6tables rule set).
 */
export function addressSetContains(entry: string, address: string): boolean {
  if (addressFamily(entry) !== addressFamily(address)) return false;
  if (addressFamily(entry) === 6) {
    const ip = ipaddr.IPv6.parse(address);
    if (!entry.includes("/"))
      return ip.toNormalizedString() === ipaddr.IPv6.parse(entry).toNormalizedString();
    const [range, bits] = ipaddr.IPv6.parseCIDR(entry);
    return ip.match(range, bits);
  }
  if (entry.includes("/")) return subnetContains(entry, address);
  if (entry.includes("-")) {
    const [from, to] = entry.split("-");
    const value = ipv4ToInt(address);
    return value >= ipv4ToInt(from) && value <= ipv4ToInt(to);
  }
  return entry === address;
}

/**
 * The addresses of an IPv4 entry (address, range `a-b` or CIDR) as an inclusive integer range;
 * undefined for an IPv6 entry, which holds no IPv4 address.
 */
export function ipv4Range(entry: string): { from: number; to: number } | undefined {
  if (addressFamily(entry) === 6) return undefined;
  if (entry.includes("/")) {
    return {
      from: ipv4ToInt(ipaddr.IPv4.networkAddressFromCIDR(entry).toString()),
      to: ipv4ToInt(ipaddr.IPv4.broadcastAddressFromCIDR(entry).toString()),
    };
  }
  const [from, to = from] = entry.split("-");
  return { from: ipv4ToInt(from), to: ipv4ToInt(to) };
}

export function isAddressSetEntry(entry: string): boolean {
  if (entry.includes("/")) return isIpv4Cidr(entry);
  if (entry.includes("-")) {
    const parts = entry.split("-");
    return parts.length === 2 && parts.every(isIpv4) && ipv4ToInt(parts[0]) <= ipv4ToInt(parts[1]);
  }
  return isIpv4(entry);
}
