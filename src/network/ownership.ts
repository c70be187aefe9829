import type { HostingConfig } from "../config/schema.js";
import { edgeNicMac, isolatedHost, isolatedSubnet, vmidOfDerivedMac } from "./addressing.js";
import { ipv4Range, ipv4ToInt, parseSubnet, subnetMatcher } from "./ip.js";

/**
 * Who owns an address or a MAC (DESIGN §6): every address on the LAN and on each isolated subnet
 * has exactly one owner — network, broadcast, gateway, host, edge, a reserved range (the router's
 * DHCP pool among them), the customer VMID it is derived from, or one VM — and every MAC is unique.
 * The config checks (which VMIDs may be customers') and the customer checks (every VM, adopted
 * ones too) ask these same functions. Pure.
 */

export type OwnerKind =
  | "network"
  | "broadcast"
  | "gateway"
  | "host"
  | "edge"
  | "reserved"
  | "vmid"
  | "vm";

export interface AddressOwner {
  kind: OwnerKind;
  /** reads after "is": "the gateway", "reserved 192.168.12.200-192.168.12.254 (the DHCP pool)" */
  description: string;
  /** kind "vmid": the customer VMID whose derived address it is */
  vmid?: number;
}

/** One layer-2 segment and the addresses on it that belong to no VM. */
export interface Segment {
  /** e.g. "the community LAN 192.168.12.0/24" */
  name: string;
  cidr: string;
  contains(address: string): boolean;
  owners(address: string): AddressOwner | undefined;
  /** MACs on the segment that belong to no VM (the edge's NIC on an isolated bridge) */
  macs?: ReadonlyMap<string, AddressOwner>;
}

/** An inclusive range of IPv4 addresses (as integers) and who owns it. */
export interface OwnedRange {
  from: number;
  to: number;
  owner: AddressOwner;
}

/** The shared LAN: network, broadcast, gateway, host, edge, reserved ranges, customer VMIDs. */
export function lanSegment(config: HostingConfig): Segment & { fixed: readonly OwnedRange[] } {
  const subnet = parseSubnet(config.community.subnet);
  const base = ipv4ToInt(subnet.network);
  const { first, last } = config.customerVmids;
  const one = (address: string, owner: AddressOwner): OwnedRange => {
    const at = ipv4ToInt(address);
    return { from: at, to: at, owner };
  };
  // In order: the first range that holds an address names its owner.
  const fixed: OwnedRange[] = [
    one(subnet.network, { kind: "network", description: "the network address" }),
    one(subnet.broadcast, { kind: "broadcast", description: "the broadcast address" }),
    one(config.community.gateway, { kind: "gateway", description: "the gateway" }),
    ...config.hostAddresses.map((a) => one(a, { kind: "host", description: "a host address" })),
    one(config.edge.uplink.address, { kind: "edge", description: "the edge VM's address" }),
    ...config.reservedAddresses.flatMap((r) => {
      const range = ipv4Range(r.addresses);
      const owner: AddressOwner = {
        kind: "reserved",
        description: `reserved ${r.addresses} (${r.reason})`,
      };
      return range ? [{ ...range, owner }] : [];
    }),
  ];
  return {
    name: `the community LAN ${subnet.cidr}`,
    cidr: subnet.cidr,
    contains: subnetMatcher(subnet.cidr),
    fixed,
    owners(address) {
      const at = ipv4ToInt(address);
      const hit = fixed.find((r) => at >= r.from && at <= r.to);
      if (hit) return hit.owner;
      const vmid = at - base;
      if (vmid >= first && vmid <= last)
        return {
          kind: "vmid",
          vmid,
          description: `the community address of VMID ${vmid} (subnet base + VMID)`,
        };
      return undefined;
    },
  };
}

/** An isolated bridge vmbr<N>'s subnet: .0 network, .1 the edge as gateway, .255 broadcast. */
export function isolatedSegment(n: number): Segment {
  const cidr = isolatedSubnet(n);
  const owners: Record<string, AddressOwner> = {
    [isolatedHost(n, 0)]: { kind: "network", description: "the network address" },
    [isolatedHost(n, 1)]: {
      kind: "gateway",
      description: `the gateway (the edge VM's address on vmbr${n})`,
    },
    [isolatedHost(n, 255)]: { kind: "broadcast", description: "the broadcast address" },
  };
  const macs = new Map<string, AddressOwner>([
    [edgeNicMac(n), { kind: "edge", description: `the edge VM's NIC on vmbr${n}` }],
  ]);
  return {
    name: `the isolated network of vmbr${n} ${cidr}`,
    cidr,
    contains: subnetMatcher(cidr),
    owners: (a) => owners[a],
    macs,
  };
}

/** The segment an address is on, or undefined when it is on none of them. */
export function segmentOf(segments: readonly Segment[], address: string): Segment | undefined {
  return segments.find((s) => s.contains(address));
}

/** Who owns `address` besides a VM: undefined when it is free for a VM. */
export function addressOwner(
  segments: readonly Segment[],
  address: string,
): AddressOwner | undefined {
  return segmentOf(segments, address)?.owners(address);
}

/**
 * Who owns `mac` besides a VM: a NIC of a segment (the edge's on each isolated bridge), or the
 * VMID the project derives it from (whether or not that VM exists yet).
 */
export function macOwner(segments: readonly Segment[], mac: string): AddressOwner | undefined {
  for (const segment of segments) {
    const owner = segment.macs?.get(mac);
    if (owner) return owner;
  }
  const vmid = vmidOfDerivedMac(mac);
  return vmid === undefined
    ? undefined
    : { kind: "vmid", vmid, description: `the MAC the project derives for VMID ${vmid}` };
}
