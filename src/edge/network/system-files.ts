import type { EdgePaths } from "../paths.js";
import type { EdgeNetworkSpec } from "./specs.js";

/** systemd-networkd and sysctl files of the edge's customer networks, pure. */

export const FORWARDING_SYSCTL_FILE = "60-lsu-forwarding.conf";
export const RESTORE_UNIT = "lsu-iptables.service";

export const networkFileNames = (n: number) => ({
  link: `60-lsu-vmbr${n}.link`,
  network: `60-lsu-vmbr${n}.network`,
  sysctl: `60-lsu-vmbr${n}.conf`,
  rules: `net-vmbr${n}.rules`,
});

/** Names the NIC with the project's MAC lsu<N> whenever it appears (udev applies .link files). */
export function renderLinkFile(net: EdgeNetworkSpec): string {
  return [
    "# LightSpeedUp: the edge's NIC on an isolated network. Managed by Pulumi; do not edit.",
    "[Match]",
    `MACAddress=${net.mac.toLowerCase()}`,
    "",
    "[Link]",
    `Name=${net.ifname}`,
    "",
  ].join("\n");
}

/** The gateway address of the network, IPv4 only: no link-local, no router advertisements. */
export function renderNetworkFile(net: EdgeNetworkSpec): string {
  return [
    `# LightSpeedUp: gateway of ${net.customer}'s isolated network vmbr${net.bridgeNumber}. Managed by Pulumi; do not edit.`,
    "[Match]",
    `MACAddress=${net.mac.toLowerCase()}`,
    "",
    "[Link]",
    "RequiredForOnline=no",
    "",
    "[Network]",
    `Address=${net.gatewayCidr}`,
    "LinkLocalAddressing=no",
    "IPv6AcceptRA=no",
    "ConfigureWithoutCarrier=yes",
    "",
  ].join("\n");
}

export function renderNetworkSysctl(net: EdgeNetworkSpec): string {
  return `# LightSpeedUp: no IPv6 on ${net.ifname}, strict reverse-path filter. Managed by Pulumi; do not edit.\nnet.ipv6.conf.${net.ifname}.disable_ipv6 = 1\nnet.ipv4.conf.${net.ifname}.rp_filter = 1\n`;
}

export function renderForwardingSysctl(): string {
  return "# LightSpeedUp: the edge routes its customer networks. Managed by Pulumi; do not edit.\nnet.ipv4.ip_forward = 1\n";
}

/** Restores every project rule file at boot, before the network comes up. */
export function renderRestoreUnit(paths: EdgePaths): string {
  return [
    "# LightSpeedUp edge firewall. Managed by Pulumi; do not edit.",
    "[Unit]",
    "Description=LightSpeedUp edge rules (iptables-restore --noflush of /etc/lightspeedup/iptables.d)",
    "DefaultDependencies=no",
    "Before=network-pre.target",
    "Wants=network-pre.target",
    // Debian's nftables.service (flush ruleset) and netfilter-persistent restore whole tables:
    // run after them, or they would wipe the project's chains at boot.
    "After=local-fs.target nftables.service netfilter-persistent.service",
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    `ExecStart=/bin/bash ${paths.projectDir}/restore-iptables.sh boot`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}
