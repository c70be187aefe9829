import type { HostingConfig } from "../config/schema.js";
import type { CustomerFile } from "../model/customer-schema.js";
import type { PathSegment } from "../model/issues.js";

export type NetworkKind = "community" | "isolated";

/** Where a customer's VMs live and how they reach the world. */
export interface CustomerNetwork {
  kind: NetworkKind;
  /** the Proxmox bridge the customer's NICs attach to */
  bridge: string;
  subnet: string;
  prefixLength: number;
  gateway: string;
  /** the edge VM's address as the customer's VMs see it (nginx and the SSH forward come from it) */
  edgeAddress: string;
  /** isolated only: the bridge number N and the edge VM's NIC on it */
  isolated?: { bridgeNumber: number; edgeSlot: string; edgeMac: string };
  /** per VM, in file order: the VM's IPv4 address */
  vmAddresses: string[];
}

export type ReportProblem = (path: PathSegment[], message: string) => void;

/** A network tier: its own rules for a customer file, and the network it gives the customer. */
export interface NetworkTier {
  readonly kind: NetworkKind;
  /** tier rules for one customer file (bridge and address fields); reports each problem */
  check(customer: CustomerFile, config: HostingConfig, report: ReportProblem): void;
  /** the customer's network; call only for a customer that passed `check` */
  resolve(customer: CustomerFile, config: HostingConfig): CustomerNetwork;
}
