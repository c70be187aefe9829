import type { EdgeNetContext, EdgeNetworkSpec } from "../../src/edge/network/specs.js";

/** The beta stack's edge as the network tests see it. */
export const ctx: EdgeNetContext = {
  uplinkInterface: "eth0",
  uplinkAddress: "192.168.12.120",
  publicIp: "203.0.113.10",
  sshPorts: [22150, 22199],
};

/** The isolated network on bridge vmbr<n> of `customer`, as the program derives it. */
export function net(n: number, customer: string): EdgeNetworkSpec {
  return {
    bridgeNumber: n,
    customer,
    subnet: `10.0.${n - 10}.0/24`,
    gatewayCidr: `10.0.${n - 10}.1/24`,
    mac: `06:4C:53:00:00:${n.toString(16).toUpperCase().padStart(2, "0")}`,
    ifname: `lsu${n}`,
  };
}
