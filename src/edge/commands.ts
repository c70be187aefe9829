import type { HostingConfig } from "../config/schema.js";
import type { PlannedCustomer } from "../model/hosting-plan.js";
import { type EdgeScript, netBaseCommand, networkCommand, sshCommand } from "./network/scripts.js";
import { edgeNetContext, edgeNetworkSpec, sshAccessSpecs } from "./network/specs.js";
import type { AcmeSettings, EdgePaths } from "./paths.js";
import { sharedCommand } from "./scripts/shared-script.js";
import { siteCommand } from "./scripts/site-script.js";
import { customerSites } from "./sites.js";

export interface NamedEdgeScript extends EdgeScript {
  /** the Pulumi resource name of the command that runs it */
  name: string;
}

/** Every edge command of a plan, in the order they may run (shared first). Pure. */
export function edgeCommands(
  customers: readonly PlannedCustomer[],
  config: HostingConfig,
  paths: EdgePaths,
  acme: AcmeSettings,
): NamedEdgeScript[] {
  const net = edgeNetContext(config);
  const out: NamedEdgeScript[] = [
    { name: "edge-shared", ...sharedCommand(paths) },
    { name: "edge-net-base", ...netBaseCommand(net, paths) },
  ];
  for (const customer of customers) {
    const network = edgeNetworkSpec(customer);
    if (network)
      out.push({
        name: `edge-net-${network.bridgeNumber}`,
        ...networkCommand(network, net, paths),
      });
    for (const vm of sshAccessSpecs(customer)) {
      out.push({
        name: `edge-ssh-${vm.vmid}`,
        ...sshCommand(vm, customer.network.edgeAddress, net, paths),
      });
    }
    for (const site of customerSites(customer))
      out.push({ name: `site-${site.key}`, ...siteCommand(site, paths, acme) });
  }
  return out;
}
