import type { HostingConfig } from "../config/schema.js";
import {
  communityAddress,
  edgeNicMac,
  isolatedHost,
  isolatedSubnet,
  vmidOfDerivedMac,
} from "./addressing.js";
import { addressSetContains, ipv4ToInt, parseSubnet, subnetMatcher } from "./ip.js";

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

/** The shared LAN: network, broadcast, gateway, host, edge, reserved ranges, customer VMIDs. */
export function lanSegment(config: HostingConfig): Segment {
  const subnet = parseSubnet(config.community.subnet);
  const { first, last } = config.customerVmids;
  const fixed: [(a: string) => boolean, AddressOwner][] = [
    [(a) => a === subnet.network, { kind: "network", description: "the network address" }],
    [(a) => a === subnet.broadcast, { kind: "broadcast", description: "the broadcast address" }],
    [(a) => a === config.community.gateway, { kind: "gateway", description: "the gateway" }],
    [(a) => config.hostAddresses.includes(a), { kind: "host", description: "a host address" }],
    [
      (a) => a === config.edge.uplink.address,
      { kind: "edge", description: "the edge VM's address" },
    ],
    ...config.reservedAddresses.map((r): [(a: string) => boolean, AddressOwner] => [
      (a) => addressSetContains(r.addresses, a),
      { kind: "reserved", description: `reserved ${r.addresses} (${r.reason})` },
    ]),
  ];
  return {
    name: `the community LAN ${subnet.cidr}`,
    cidr: subnet.cidr,
    contains: subnetMatcher(subnet.cidr),
    owners(address) {
      const hit = fixed.find(([test]) => test(address));
      if (hit) return hit[1];
      const vmid = ipv4ToInt(address) - ipv4ToInt(subnet.network);
      if (vmid >= first && vmid <= last && communityAddress(subnet.cidr, vmid) === address)
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
