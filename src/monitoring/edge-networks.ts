import { networkChains } from "../edge/network/rules.js";
import { edgeNetworkSpec } from "../edge/network/specs.js";
import type { HostingPlan } from "../model/analyze.js";

/**
 * The networks the edge's textfile exporter reads, one line each:
 * "<bridge> <interface> <customer|-> <drop chain|->" — the uplink, then every isolated network
 * (its NIC lsu<N> and the LSU-D<N> chain that logs and drops for it). Pure.
 */
export function edgeNetworksFile(plan: Pick<HostingPlan, "config" | "customers">): string {
  const { uplink } = plan.config.edge;
  const lines = [`${uplink.bridge} ${uplink.interface} - -`];
  for (const customer of plan.customers) {
    const net = edgeNetworkSpec(customer);
    if (net)
      lines.push(
        `vmbr${net.bridgeNumber} ${net.ifname} ${net.customer} ${networkChains(net.bridgeNumber).drop}`,
      );
  }
  return `${lines.join("\n")}\n`;
}
