import type { PricingName } from "../catalog/packages.js";
import type { HostingConfig } from "../config/schema.js";
import type { CustomerFile, RetiredFile } from "../model/customer-schema.js";
import type { PathSegment } from "../model/issues.js";
import type { Segment } from "../network/ownership.js";
import type { TierName } from "./names.js";

/** The tier's name, as `CustomerNetwork.kind` carries it. */
export type NetworkKind = TierName;

/** The edge VM's side of a customer network of its own (isolated tier). */
export interface EdgeNetworkPlan {
  bridgeNumber: number;
  /** the edge VM's NIC slot for this bridge, net<N-9> */
  edgeSlot: string;
  /** the deterministic MAC of that NIC */
  edgeMac: string;
  /** the interface name the edge gives that NIC (a systemd .link file names it by MAC) */
  edgeIfname: string;
  /** the edge's address on the network with its prefix, e.g. 10.0.1.1/24 */
  gatewayCidr: string;
}

/** Where a customer's VMs live and how they reach the world. */
export interface CustomerNetwork {
  kind: TierName;
  /** the Proxmox bridge the customer's NICs attach to */
  bridge: string;
  subnet: string;
  prefixLength: number;
  gateway: string;
  /** the edge VM's address as the customer's VMs see it (nginx and the SSH forward come from it) */
  edgeAddress: string;
  /** a network of the customer's own: the bridge number N and the edge VM's NIC on it */
  isolated?: EdgeNetworkPlan;
  /** per VM, in file order: the VM's IPv4 address */
  vmAddresses: string[];
  /** how reports show the network, e.g. "isolated vmbr11 10.0.1.0/24" */
  label: string;
}

export type ReportProblem = (path: PathSegment[], message: string) => void;

/** What a tier's checks may consult beyond the one customer file. */
export interface TierContext {
  config: HostingConfig;
  retired: RetiredFile;
  /** the retired list's file, for messages */
  retiredFile: string;
  /**
   * Claims a value that must be unique across all customer files (a bridge); reports a repeat
   * at `path` naming the first file and line.
   */
  claimUnique(key: string, path: PathSegment[], what: string): void;
}

/**
 * A network tier: everything that differs between tiers — its rules for a customer file
 * (bridge, pinned and adopted addresses, retired bridges), the network it gives the customer
 * (addresses, the edge's side), the segments whose addresses it hands out, its add-on price,
 * its warnings and its report label. A new tier implements this and is added to `index.ts`.
 */
export interface NetworkTier {
  readonly name: TierName;
  /** monthly add-on per customer in cents (on top of the VMs' packages) */
  readonly addonCents: Readonly<Record<PricingName, number>>;
  /**
   * true when nothing but the Proxmox VM firewall separates the tier's customers from the LAN and
   * from each other (so they are exposed while the datacenter firewall is off)
   */
  readonly exposedWithoutDatacenterFirewall: boolean;
  /** the layer-2 segments this tier's VMs live on, with their non-VM owners (network/ownership) */
  segments(config: HostingConfig): Segment[];
  /** tier rules for one customer file; reports each problem */
  check(customer: CustomerFile, context: TierContext, report: ReportProblem): void;
  /** the customer's network; call only for a customer that passed `check` */
  resolve(customer: CustomerFile, config: HostingConfig): CustomerNetwork;
  /** advice for a valid file (not errors) */
  warnings(customer: CustomerFile, file: string): string[];
}
