import type { EdgePaths } from "../paths.js";
import { prelude, sh } from "../scripts/common.js";
import { encodePayload } from "../scripts/payload.js";
import {
  BUILTIN_JUMPS,
  networkChains,
  renderBaseRules,
  renderNetworkRules,
  renderSshRules,
  sshChains,
} from "./rules.js";
import type { EdgeNetContext, EdgeNetworkSpec, SshAccessSpec } from "./specs.js";
import {
  FORWARDING_SYSCTL_FILE,
  networkFileNames,
  RESTORE_UNIT,
  renderForwardingSysctl,
  renderLinkFile,
  renderNetworkFile,
  renderNetworkSysctl,
  renderRestoreUnit,
} from "./system-files.js";

/**
 * Edge commands for networks and SSH access. Each owns its rule file under
 * /etc/lightspeedup/iptables.d/ and its chains; the shared restore script merges every file per
 * table into one `iptables-restore --noflush`, so each table changes atomically.
 */

const rulesDir = (paths: EdgePaths) => `${paths.projectDir}/iptables.d`;
export const restoreScriptPath = (paths: EdgePaths) => `${paths.projectDir}/restore-iptables.sh`;
export const BASE_RULES_FILE = "00-base.rules";

/** awk program merging rule files into one block per table (declarations first), as restore input. */
export const MERGE_RULES_AWK = `'
  /^\\*/ { table = substr($0, 2); next }
  /^(COMMIT|#)/ || /^$/ { next }
  /^:/ { decl[table] = decl[table] $0 "\\n"; next }
  { rules[table] = rules[table] $0 "\\n" }
  END { for (i = 1; i <= 2; i++) { t = (i == 1) ? "filter" : "nat"; printf "*%s\\n%s%sCOMMIT\\n", t, decl[t], rules[t] } }
'`;

/** The restore script (also what the boot unit runs): jumps once, then every file, merged per table. */
export function renderRestoreScript(paths: EdgePaths): string {
  const jumps = BUILTIN_JUMPS.map(
    (j) =>
      `iptables -t ${j.table} -N ${j.to} 2>/dev/null || true\n` +
      `iptables -t ${j.table} -C ${j.from} -j ${j.to} 2>/dev/null || iptables -t ${j.table} -I ${j.from} 1 -j ${j.to}`,
  ).join("\n");
  return `#!/bin/bash
# LightSpeedUp: restores the project's rule files. Managed by Pulumi; do not edit.
set -euo pipefail
dir=${sh(rulesDir(paths))}
${jumps}
files=("$dir/${BASE_RULES_FILE}")
for f in "$dir"/*.rules; do [ "$f" = "$dir/${BASE_RULES_FILE}" ] || files+=("$f"); done
awk ${MERGE_RULES_AWK} "\${files[@]}" | iptables-restore --noflush
`;
}

/** lsu_put SRC DST: atomic install of a project file; sets CHANGED when the content differed. */
const PUT_FUNCTION = `
lsu_put() {
  local src=$1 dst=$2
  mkdir -p "$(dirname "$dst")"
  if [ -f "$dst" ] && cmp -s "$src" "$dst"; then return 0; fi
  cp "$src" "$dst.lsu-new" && chmod 0644 "$dst.lsu-new" && mv -f "$dst.lsu-new" "$dst"
  CHANGED=1
}
lsu_drop_chain() {
  local table=$1 chain=$2
  if iptables -t "$table" -S "$chain" > /dev/null 2>&1; then
    iptables -t "$table" -F "$chain"
    iptables -t "$table" -X "$chain"
  fi
}
lsu_flush_conntrack() {
  conntrack -D "$@" > /dev/null 2>&1 || true
}
`;

/** Validates a rule file on its own before it is installed. */
const testRules = (part: string) =>
  `if ! iptables-restore --test --noflush < "$tmp/${part}" 2> "$tmp/test.log"; then echo "iptables-restore --test refused the rules:" >&2; cat "$tmp/test.log" >&2; exit 1; fi`;

export interface EdgeScript {
  apply: string;
  delete: string;
  stdin: string;
}

/** Base chains, forwarding, the restore script and its boot unit. */
export function netBaseCommand(ctx: EdgeNetContext, paths: EdgePaths): EdgeScript {
  const unit = `${paths.systemdUnitDir}/${RESTORE_UNIT}`;
  const apply = `${prelude(paths, ["base", "restore", "unit", "sysctl"])}${PUT_FUNCTION}
${testRules("base")}
lsu_put "$tmp/base" ${sh(`${rulesDir(paths)}/${BASE_RULES_FILE}`)}
lsu_put "$tmp/restore" ${sh(restoreScriptPath(paths))}
lsu_put "$tmp/unit" ${sh(unit)}
lsu_put "$tmp/sysctl" ${sh(`${paths.sysctlDir}/${FORWARDING_SYSCTL_FILE}`)}
sysctl -q -p ${sh(`${paths.sysctlDir}/${FORWARDING_SYSCTL_FILE}`)}
if [ -d /run/systemd/system ] && [ ${sh(paths.systemdUnitDir)} = /etc/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable --quiet ${RESTORE_UNIT}
fi
bash ${sh(restoreScriptPath(paths))}
echo "LSU-NET base installed"
`;
  const chains = ["LSU-FORWARD", "LSU-INPUT", "LSU-SSH"];
  const remove = `${prelude(paths, [])}${PUT_FUNCTION}
${BUILTIN_JUMPS.map((j) => `while iptables -t ${j.table} -D ${j.from} -j ${j.to} 2>/dev/null; do :; done`).join("\n")}
${chains.map((c) => `lsu_drop_chain filter ${c}`).join("\n")}
lsu_drop_chain nat LSU-PREROUTING
lsu_drop_chain nat LSU-POSTROUTING
if [ -d /run/systemd/system ] && [ ${sh(paths.systemdUnitDir)} = /etc/systemd/system ]; then systemctl disable --quiet ${RESTORE_UNIT} || true; fi
rm -f ${sh(`${rulesDir(paths)}/${BASE_RULES_FILE}`)} ${sh(restoreScriptPath(paths))} ${sh(unit)} ${sh(`${paths.sysctlDir}/${FORWARDING_SYSCTL_FILE}`)}
echo "LSU-NET base removed"
`;
  return {
    apply,
    delete: remove,
    stdin: encodePayload({
      base: renderBaseRules(ctx),
      restore: renderRestoreScript(paths),
      unit: renderRestoreUnit(paths),
      sysctl: renderForwardingSysctl(),
    }),
  };
}

/** One isolated network on the edge: its NIC (found by MAC), address, sysctl and rules. */
export function networkCommand(
  net: EdgeNetworkSpec,
  ctx: EdgeNetContext,
  paths: EdgePaths,
): EdgeScript {
  const files = networkFileNames(net.bridgeNumber);
  const chains = networkChains(net.bridgeNumber);
  const mac = net.mac.toLowerCase();
  const apply = `${prelude(paths, ["link", "network", "sysctl", "rules"])}${PUT_FUNCTION}
name=""
for dev in /sys/class/net/*; do
  if [ "$(cat "$dev/address" 2>/dev/null)" = ${sh(mac)} ]; then name=$(basename "$dev"); fi
done
if [ -z "$name" ]; then echo ${sh(`no NIC with MAC ${mac} on the edge: is the edge NIC for vmbr${net.bridgeNumber} attached?`)} >&2; exit 1; fi
if [ "$name" != ${sh(net.ifname)} ]; then
  ip link set dev "$name" down
  ip link set dev "$name" name ${sh(net.ifname)}
fi
${testRules("rules")}
lsu_put "$tmp/link" ${sh(`${paths.systemdNetworkDir}/${files.link}`)}
lsu_put "$tmp/network" ${sh(`${paths.systemdNetworkDir}/${files.network}`)}
lsu_put "$tmp/sysctl" ${sh(`${paths.sysctlDir}/${files.sysctl}`)}
sysctl -q -p ${sh(`${paths.sysctlDir}/${files.sysctl}`)}
ip link set dev ${sh(net.ifname)} up
ip addr replace ${sh(net.gatewayCidr)} dev ${sh(net.ifname)}
lsu_put "$tmp/rules" ${sh(`${rulesDir(paths)}/${files.rules}`)}
bash ${sh(restoreScriptPath(paths))}
echo ${sh(`LSU-NET vmbr${net.bridgeNumber} ${net.ifname} ${net.gatewayCidr}`)}
`;
  const remove = `${prelude(paths, [])}${PUT_FUNCTION}
rm -f ${sh(`${rulesDir(paths)}/${files.rules}`)}
if [ -f ${sh(restoreScriptPath(paths))} ]; then bash ${sh(restoreScriptPath(paths))}; fi
lsu_drop_chain filter ${chains.forward}
lsu_drop_chain filter ${chains.input}
lsu_drop_chain filter ${chains.drop}
lsu_drop_chain nat ${chains.nat}
lsu_flush_conntrack -s ${sh(net.subnet)}
lsu_flush_conntrack -d ${sh(net.subnet)}
if ip link show dev ${sh(net.ifname)} > /dev/null 2>&1; then ip addr del ${sh(net.gatewayCidr)} dev ${sh(net.ifname)} 2>/dev/null || true; fi
rm -f ${sh(`${paths.systemdNetworkDir}/${files.link}`)} ${sh(`${paths.systemdNetworkDir}/${files.network}`)} ${sh(`${paths.sysctlDir}/${files.sysctl}`)}
echo ${sh(`LSU-NET vmbr${net.bridgeNumber} removed`)}
`;
  return {
    apply,
    delete: remove,
    stdin: encodePayload({
      link: renderLinkFile(net),
      network: renderNetworkFile(net),
      sysctl: renderNetworkSysctl(net),
      rules: renderNetworkRules(net, ctx),
    }),
  };
}

export const sshRulesFile = (vmid: number) => `ssh-${vmid}.rules`;

/** One VM's SSH forward. */
export function sshCommand(
  vm: SshAccessSpec,
  edgeAddressForVm: string,
  ctx: EdgeNetContext,
  paths: EdgePaths,
): EdgeScript {
  const chains = sshChains(vm.vmid);
  const file = `${rulesDir(paths)}/${sshRulesFile(vm.vmid)}`;
  const apply = `${prelude(paths, ["rules"])}${PUT_FUNCTION}
${testRules("rules")}
lsu_put "$tmp/rules" ${sh(file)}
bash ${sh(restoreScriptPath(paths))}
echo ${sh(`LSU-SSH ${vm.vmid} port ${vm.port} -> ${vm.address}:22`)}
`;
  const remove = `${prelude(paths, [])}${PUT_FUNCTION}
rm -f ${sh(file)}
if [ -f ${sh(restoreScriptPath(paths))} ]; then bash ${sh(restoreScriptPath(paths))}; fi
lsu_drop_chain nat ${chains.dnat}
lsu_drop_chain nat ${chains.snat}
lsu_flush_conntrack -p tcp --orig-port-dst ${vm.port}
echo ${sh(`LSU-SSH ${vm.vmid} removed`)}
`;
  return {
    apply,
    delete: remove,
    stdin: encodePayload({ rules: renderSshRules(vm, edgeAddressForVm, ctx) }),
  };
}
