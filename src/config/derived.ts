import type { HostingConfig } from "./schema.js";

/** Facts derived from the stack config, each computed here and nowhere else. */

/** Edge VM NIC slots the project must never write: the uplink's and hosting:edge.reservedSlots. */
export function edgeReservedSlots(config: HostingConfig): string[] {
  return [config.edge.uplink.slot, ...config.edge.reservedSlots];
}

/** A customer's platform hostname: <name>.<platform zone>. */
export function platformHostname(customerName: string, config: HostingConfig): string {
  return `${customerName}.${config.platformZone}`;
}
