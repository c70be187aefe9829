import { addressAt, parseSubnet } from "./ip.js";

/** Deterministic addresses, bridges, slots and MACs: derived from VMIDs and bridge numbers only. */

export const SSH_PORT_BASE = 22000;
export const EDGE_MAX_SLOT = 31;
/** The isolated bridges one edge VM can serve: vmbr<N> uses its NIC slot net<N-9>. */
export const FIRST_ISOLATED_BRIDGE = 10;
export const LAST_ISOLATED_BRIDGE = EDGE_MAX_SLOT + 9;
/** First host part handed out on an isolated network when a VM has no pinned address. */
export const ISOLATED_FIRST_HOST = 10;
export const ISOLATED_LAST_HOST = 250;

/** Community VM address: subnet base + VMID (VM 151 → 192.168.12.151). */
export function communityAddress(subnetCidr: string, vmid: number): string {
  return addressAt(parseSubnet(subnetCidr), vmid);
}

/** `vmbr11` → 11, or undefined when the name is not vmbr<digits>. */
export function bridgeNumber(bridge: string): number | undefined {
  const match = /^vmbr([0-9]{1,4})$/.exec(bridge);
  return match ? Number(match[1]) : undefined;
}

/** Isolated bridge vmbr<N> uses 10.0.<N-10>.0/24. */
export function isolatedSubnet(n: number): string {
  return `10.0.${n - 10}.0/24`;
}

export function isolatedHost(n: number, host: number): string {
  return `10.0.${n - 10}.${host}`;
}

/** The edge VM's NIC slot for bridge vmbr<N>: net<N-9>. */
export function edgeSlotIndex(n: number): number {
  return n - 9;
}

export function sshPort(vmid: number): number {
  return SSH_PORT_BASE + vmid;
}

function mac(prefix: number, value: number): string {
  const bytes = [prefix, 0x4c, 0x53, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
  return bytes.map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

export const MAX_MAC_VMID = 0xffffff;

/** Locally administered unicast MAC of a customer VM's NIC, from its VMID: 02:4C:53:xx:xx:xx. */
export function customerVmMac(vmid: number): string {
  if (vmid > MAX_MAC_VMID) throw new Error(`VMID ${vmid} does not fit in a derived MAC`);
  return mac(0x02, vmid);
}

/** The VMID a MAC was derived from by `customerVmMac`, or undefined for any other MAC. */
export function vmidOfDerivedMac(mac: string): number | undefined {
  const match = /^02:4C:53:([0-9A-F]{2}):([0-9A-F]{2}):([0-9A-F]{2})$/i.exec(mac);
  return match ? Number.parseInt(match[1] + match[2] + match[3], 16) : undefined;
}

/** Locally administered unicast MAC of the edge VM's NIC on bridge vmbr<N>: 06:4C:53:00:00:NN. */
export function edgeNicMac(n: number): string {
  return mac(0x06, n);
}

/**
 * Host parts of an isolated customer's VMs, in VM order: the pinned part, or the lowest free part
 * from .10 (skipping every pinned part) in list order. Returns undefined entries when full.
 */
export function isolatedHostParts(pinned: readonly (number | undefined)[]): (number | undefined)[] {
  const taken = new Set(pinned.filter((p): p is number => p !== undefined));
  let next = ISOLATED_FIRST_HOST;
  return pinned.map((p) => {
    if (p !== undefined) return p;
    while (taken.has(next)) next++;
    if (next > ISOLATED_LAST_HOST) return undefined;
    taken.add(next);
    return next++;
  });
}

/**
 * The IPv6 link-local address a NIC forms from its MAC (modified EUI-64, RFC 4291 appendix A), as
 * Linux does by default: what a VM could use on its bridge if the firewall let IPv6 through.
 */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(":").map((x) => Number.parseInt(x, 16));
  const words = [(b[0] ^ 2) * 256 + b[1], b[2] * 256 + 0xff, 0xfe00 + b[3], b[4] * 256 + b[5]];
  return `fe80::${words.map((w) => w.toString(16)).join(":")}`;
}
