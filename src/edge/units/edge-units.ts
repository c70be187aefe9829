import { customerDnsRecords } from "../../dns/records.js";
import type { HostingPlan } from "../../model/hosting-plan.js";
import { edgeNetContext, edgeNetworkSpec, sshAccessSpecs } from "../network/specs.js";
import type { EdgePaths } from "../paths.js";
import { customerSites } from "../sites.js";
import { EDGE_UNIT_NAMES, type EdgeUnit } from "./edge-unit.js";
import { netBaseUnit } from "./net-base.js";
import { networkUnit } from "./network.js";
import { sharedUnit } from "./shared.js";
import { siteUnit } from "./site.js";
import { sshUnit } from "./ssh.js";

/** The part of the plan the edge is rendered from. */
export type EdgePlan = Pick<HostingPlan, "config" | "customers">;

/**
 * The edge's whole desired state: every unit, in an order where each unit comes after the units
 * it needs (shared and base first; per customer its network, its SSH forwards, its sites). The
 * program declares one command per unit, `--render` writes their files and scripts, and
 * `edge:verify` checks their files, links, lineages and settings. Pure.
 */
export function edgeUnits(plan: EdgePlan, paths: EdgePaths): EdgeUnit[] {
  const { config } = plan;
  const net = edgeNetContext(config);
  const acme = { email: config.adminEmail, server: config.acmeServer };
  const units: EdgeUnit[] = [sharedUnit(paths), netBaseUnit(net, paths)];
  for (const customer of plan.customers) {
    const network = edgeNetworkSpec(customer);
    if (network) units.push(networkUnit(network, net, paths));
    const afterNetwork = network
      ? [{ kind: "unit" as const, name: EDGE_UNIT_NAMES.network(network.bridgeNumber) }]
      : [];
    for (const vm of sshAccessSpecs(customer)) {
      units.push(sshUnit(vm, customer.network.edgeAddress, net, paths, afterNetwork));
    }
    const dnsHostnames = customerDnsRecords(customer, config).map((r) => r.hostname);
    for (const site of customerSites(customer)) {
      units.push(siteUnit(site, paths, acme, dnsHostnames));
    }
  }
  return units;
}
