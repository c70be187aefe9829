import type { HostingConfig } from "../../config/schema.js";
import type { PlannedCustomer } from "../../model/hosting-plan.js";
import { SSH_PORT_BASE } from "../../network/addressing.js";

/** One isolated network as the edge sees it: its own NIC, named lsu<N>, as the gateway. */
export interface EdgeNetworkSpec {
  bridgeNumber: number;
  customer: string;
  subnet: string;
  /** the edge's address on the network, with prefix: 10.0.<N-10>.1/24 */
  gatewayCidr: string;
  mac: string;
  /** deterministic interface name on the edge (a systemd .link file names it by MAC) */
  ifname: string;
}

/** One VM's SSH forward: <public IP>:<22000+VMID> → edge → VM:22. */
export interface SshAccessSpec {
  vmid: number;
  customer: string;
  address: string;
  port: number;
}

/** What every edge rule set needs from the stack config. */
export interface EdgeNetContext {
  uplinkInterface: string;
  uplinkAddress: string;
  publicIp: string;
  /** the SSH port range the router forwards to the edge */
  sshPorts: [number, number];
}

export function edgeNetContext(config: HostingConfig): EdgeNetContext {
  return {
    uplinkInterface: config.edge.uplink.interface,
    uplinkAddress: config.edge.uplink.address,
    publicIp: config.publicIp,
    sshPorts: [
      SSH_PORT_BASE + config.customerVmids.first,
      Math.min(65535, SSH_PORT_BASE + config.customerVmids.last),
    ],
  };
}

export function edgeNetworkSpec(customer: PlannedCustomer): EdgeNetworkSpec | undefined {
  const isolated = customer.network.isolated;
  if (!isolated) return undefined;
  return {
    bridgeNumber: isolated.bridgeNumber,
    customer: customer.name,
    subnet: customer.network.subnet,
    gatewayCidr: isolated.gatewayCidr,
    mac: isolated.edgeMac,
    ifname: isolated.edgeIfname,
  };
}

export function sshAccessSpecs(customer: PlannedCustomer): SshAccessSpec[] {
  return customer.vms.map((vm) => ({
    vmid: vm.vmid,
    customer: customer.name,
    address: vm.address,
    port: vm.sshPort,
  }));
}
