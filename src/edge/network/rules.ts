import { DENIED_NETWORKS } from "../../firewall/rules.js";
import type { EdgeNetContext, EdgeNetworkSpec, SshAccessSpec } from "./specs.js";

/**
 * iptables-restore rule sets of the edge (DESIGN §7), pure. Project chains all start with LSU-;
 * the built-in chains get exactly one jump each (added by the restore script). Every customer
 * network and every SSH forward has chains of its own, so deleting one removes exactly its lines.
 */

/** Networks an isolated VM may never reach: the VM firewall's list plus multicast (and the public IP except web). */
export const EDGE_DENIED_NETWORKS = [...DENIED_NETWORKS, "224.0.0.0/4"] as const;

/** The built-in chain → project chain jumps, per table. */
export const BUILTIN_JUMPS = [
  { table: "filter", from: "FORWARD", to: "LSU-FORWARD" },
  { table: "filter", from: "INPUT", to: "LSU-INPUT" },
  { table: "nat", from: "PREROUTING", to: "LSU-PREROUTING" },
  { table: "nat", from: "POSTROUTING", to: "LSU-POSTROUTING" },
] as const;

/**
 * The last rules of the project's chains (restored after every other file): whatever reaches
 * them on a customer interface (`lsu+`) — a NIC up before or after its network's own chains
 * exist — is dropped, so the edge fails closed.
 */
export function renderTailRules(): string {
  return [
    "# LightSpeedUp edge: customer interfaces without their own chains get nothing. Managed by Pulumi; do not edit.",
    "*filter",
    "-A LSU-FORWARD -i lsu+ -j DROP",
    "-A LSU-FORWARD -o lsu+ -j DROP",
    "-A LSU-INPUT -i lsu+ -j DROP",
    "COMMIT",
    "",
  ].join("\n");
}

/** IPv6: the project's chains in ip6tables, one jump each. */
export const BUILTIN_JUMPS6 = [
  { table: "filter", from: "INPUT", to: "LSU6-INPUT" },
  { table: "filter", from: "FORWARD", to: "LSU6-FORWARD" },
] as const;

/**
 * Customer VMs are IPv4-only: the edge neither accepts nor forwards IPv6 on any customer interface
 * (lsu<N>), whatever a later sysctl change does to their IPv6 setting.
 */
export function renderBaseRules6(): string {
  return [
    "# LightSpeedUp edge: no IPv6 on customer networks. Managed by Pulumi; do not edit.",
    "*filter",
    ":LSU6-INPUT - [0:0]",
    ":LSU6-FORWARD - [0:0]",
    "-A LSU6-INPUT -i lsu+ -j DROP",
    "-A LSU6-FORWARD -i lsu+ -j DROP",
    "-A LSU6-FORWARD -o lsu+ -j DROP",
    "COMMIT",
    "",
  ].join("\n");
}

const SAFE = /^[A-Za-z0-9._:/,-]+$/;
function token(value: string | number): string {
  const text = String(value);
  if (!SAFE.test(text))
    throw new Error(`refusing to write ${JSON.stringify(text)} into a rule set`);
  return text;
}

/** `LSU-DROP <customer>: ` — iptables allows 29 characters, so long names are cut. */
export function dropLogPrefix(customer: string): string {
  return `LSU-DROP ${token(customer).slice(0, 18)}: `;
}

const comment = (text: string) => `-m comment --comment "${token(text.replaceAll(" ", "_"))}"`;

/** Base chains: replies first, then the project's SSH forwards (rate-limited per source). */
export function renderBaseRules(ctx: EdgeNetContext): string {
  const [from, to] = ctx.sshPorts;
  return [
    "# LightSpeedUp edge base chains. Managed by Pulumi; do not edit.",
    "*filter",
    ":LSU-FORWARD - [0:0]",
    ":LSU-INPUT - [0:0]",
    ":LSU-SSH - [0:0]",
    "-A LSU-FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
    `-A LSU-FORWARD -p tcp --dport 22 -m conntrack --ctstate NEW -m conntrack --ctstate DNAT --ctproto tcp --ctorigdst ${token(ctx.uplinkAddress)} --ctorigdstport ${from}:${to} -j LSU-SSH`,
    "-A LSU-SSH -m hashlimit --hashlimit-above 6/minute --hashlimit-burst 10 --hashlimit-mode srcip --hashlimit-name lsu-ssh -j DROP",
    "-A LSU-SSH -j ACCEPT",
    "-A LSU-INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
    "COMMIT",
    "*nat",
    ":LSU-PREROUTING - [0:0]",
    ":LSU-POSTROUTING - [0:0]",
    "COMMIT",
    "",
  ].join("\n");
}

export const networkChains = (n: number) => ({
  forward: `LSU-F${n}`,
  input: `LSU-I${n}`,
  drop: `LSU-D${n}`,
  nat: `LSU-N${n}`,
});

/** One isolated network: its forward, input and NAT rules, all on its own interface. */
export function renderNetworkRules(net: EdgeNetworkSpec, ctx: EdgeNetContext): string {
  const c = networkChains(net.bridgeNumber);
  const i = token(net.ifname);
  const tag = comment(`lsu ${net.customer} vmbr${net.bridgeNumber}`);
  return [
    `# LightSpeedUp isolated network vmbr${net.bridgeNumber} of ${token(net.customer)}. Managed by Pulumi; do not edit.`,
    "*filter",
    `:${c.forward} - [0:0]`,
    `:${c.input} - [0:0]`,
    `:${c.drop} - [0:0]`,
    `-A LSU-FORWARD -i ${i} ${tag} -j ${c.forward}`,
    `-A LSU-FORWARD -o ${i} ${tag} -j ${c.forward}`,
    `-A LSU-INPUT -i ${i} ${tag} -j ${c.input}`,
    // only the network's own addresses may leave it (no spoofing another customer or the LAN)
    `-A ${c.forward} -i ${i} ! -s ${token(net.subnet)} -j ${c.drop}`,
    `-A ${c.forward} -i ${i} -p tcp --dport 25 -j REJECT --reject-with tcp-reset`,
    ...EDGE_DENIED_NETWORKS.map((d) => `-A ${c.forward} -i ${i} -d ${d} -j ${c.drop}`),
    `-A ${c.forward} -i ${i} -d ${token(ctx.publicIp)}/32 -p tcp -m multiport --dports 80,443 -j ACCEPT`,
    `-A ${c.forward} -i ${i} -d ${token(ctx.publicIp)}/32 -j ${c.drop}`,
    `-A ${c.forward} -i ${i} -o ${token(ctx.uplinkInterface)} -j ACCEPT`,
    `-A ${c.forward} -j ${c.drop}`,
    `-A ${c.input} -p icmp --icmp-type echo-request -j ACCEPT`,
    `-A ${c.input} -j ${c.drop}`,
    `-A ${c.drop} -m limit --limit 6/minute --limit-burst 10 -j LOG --log-prefix "${dropLogPrefix(net.customer)}"`,
    `-A ${c.drop} -j DROP`,
    "COMMIT",
    "*nat",
    `:${c.nat} - [0:0]`,
    `-A LSU-POSTROUTING -s ${token(net.subnet)} -o ${token(ctx.uplinkInterface)} ${tag} -j ${c.nat}`,
    `-A ${c.nat} -j MASQUERADE`,
    "COMMIT",
    "",
  ].join("\n");
}

export const sshChains = (vmid: number) => ({ dnat: `LSU-S${vmid}`, snat: `LSU-T${vmid}` });

/**
 * One VM's SSH forward: DNAT <uplink>:<22000+VMID> → VM:22, and SNAT to the edge's address on the
 * VM's network so the VM's Proxmox rules (22 from the edge only) let it in and replies return.
 */
export function renderSshRules(
  vm: SshAccessSpec,
  edgeAddressForVm: string,
  ctx: EdgeNetContext,
): string {
  const c = sshChains(vm.vmid);
  const tag = comment(`lsu ${vm.customer} vm${vm.vmid} ssh`);
  return [
    `# LightSpeedUp SSH forward to VM ${vm.vmid} of ${token(vm.customer)}. Managed by Pulumi; do not edit.`,
    "*nat",
    `:${c.dnat} - [0:0]`,
    `:${c.snat} - [0:0]`,
    // Only what arrives on the uplink (the router's forward) is forwarded: a customer VM sending
    // to the edge's LAN address from its own network must not reach another VM's port 22.
    `-A LSU-PREROUTING -i ${token(ctx.uplinkInterface)} -d ${token(ctx.uplinkAddress)}/32 -p tcp --dport ${vm.port} ${tag} -j ${c.dnat}`,
    `-A ${c.dnat} -p tcp -j DNAT --to-destination ${token(vm.address)}:22`,
    `-A LSU-POSTROUTING -d ${token(vm.address)}/32 -p tcp --dport 22 -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport ${vm.port} ${tag} -j ${c.snat}`,
    `-A ${c.snat} -j SNAT --to-source ${token(edgeAddressForVm)}`,
    "COMMIT",
    "",
  ].join("\n");
}
