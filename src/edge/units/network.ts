import { networkChains, renderNetworkRules } from "../network/rules.js";
import type { EdgeNetContext, EdgeNetworkSpec } from "../network/specs.js";
import {
  networkFileNames,
  renderLinkFile,
  renderNetworkFile,
  renderNetworkSysctl,
} from "../network/system-files.js";
import type { EdgePaths } from "../paths.js";
import { shellScript } from "../shell/script.js";
import { EDGE_UNIT_NAMES, type EdgeUnit, emptyChecks } from "./edge-unit.js";
import { encodePayload } from "./payload.js";
import { beginValues, interfacesDir, netValues, rulesDir } from "./values.js";

/** One isolated network on the edge: its NIC (found by MAC), address, sysctl and rules. */
export function networkUnit(
  spec: EdgeNetworkSpec,
  net: EdgeNetContext,
  paths: EdgePaths,
): EdgeUnit {
  const names = networkFileNames(spec.bridgeNumber);
  const chains = networkChains(spec.bridgeNumber);
  const content = {
    link: renderLinkFile(spec),
    network: renderNetworkFile(spec),
    sysctl: renderNetworkSysctl(spec),
    rules: renderNetworkRules(spec, net),
    // what the boot unit needs to bring the NIC up: MAC, name, gateway address
    interface: `${spec.mac.toLowerCase()} ${spec.ifname} ${spec.gatewayCidr}\n`,
  };
  const at = {
    link: `${paths.systemdNetworkDir}/${names.link}`,
    network: `${paths.systemdNetworkDir}/${names.network}`,
    sysctl: `${paths.sysctlDir}/${names.sysctl}`,
    rules: `${rulesDir(paths)}/${names.rules}`,
    interface: `${interfacesDir(paths)}/vmbr${spec.bridgeNumber}.conf`,
  };
  const values = {
    ...netValues(paths),
    NET_BRIDGE: `vmbr${spec.bridgeNumber}`,
    NET_IFNAME: spec.ifname,
    NET_GATEWAY_CIDR: spec.gatewayCidr,
    NET_LINK_FILE: at.link,
    NET_NETWORK_FILE: at.network,
    NET_SYSCTL_FILE: at.sysctl,
    NET_RULES_FILE: at.rules,
    NET_INTERFACE_FILE: at.interface,
  };
  return {
    name: EDGE_UNIT_NAMES.network(spec.bridgeNumber),
    files: [
      { path: at.rules, content: content.rules },
      { path: at.link, content: content.link },
      { path: at.network, content: content.network },
      { path: at.sysctl, content: content.sysctl },
      { path: at.interface, content: content.interface },
    ],
    apply: shellScript({
      title: `the isolated network vmbr${spec.bridgeNumber} of ${spec.customer} on the edge`,
      values: {
        ...beginValues(paths, ["link", "network", "sysctl", "rules", "interface"]),
        ...values,
        NET_MAC: spec.mac.toLowerCase(),
      },
      libs: ["begin.sh", "net.sh", "iface.sh"],
      body: "network-apply.sh",
    }),
    delete: shellScript({
      title: `removes the isolated network vmbr${spec.bridgeNumber} from the edge`,
      values: {
        ...beginValues(paths, []),
        ...values,
        NET_SUBNET: spec.subnet,
        NET_CHAINS: [
          `filter ${chains.forward}`,
          `filter ${chains.input}`,
          `filter ${chains.drop}`,
          `nat ${chains.nat}`,
        ],
      },
      libs: ["begin.sh", "net.sh"],
      body: "network-delete.sh",
    }),
    stdin: encodePayload(content),
    needs: [
      { kind: "edgeNic", bridgeNumber: spec.bridgeNumber },
      { kind: "unit", name: EDGE_UNIT_NAMES.netBase },
    ],
    ...emptyChecks(),
    sysctl: [{ key: `net.ipv6.conf.${spec.ifname}.disable_ipv6`, value: "1" }],
    interfaces: [{ mac: spec.mac.toLowerCase(), ifname: spec.ifname, cidr: spec.gatewayCidr }],
  };
}
