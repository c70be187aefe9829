import type { UnitNeed } from "../../remote/unit.js";
import { renderSshRules, sshChains } from "../network/rules.js";
import type { EdgeNetContext, SshAccessSpec } from "../network/specs.js";
import type { EdgePaths } from "../paths.js";
import { shellScript } from "../shell/script.js";
import { EDGE_UNIT_NAMES, type EdgeUnit, emptyChecks } from "./edge-unit.js";
import { encodePayload } from "./payload.js";
import { beginValues, netValues, rulesDir } from "./values.js";

export const sshRulesFile = (vmid: number) => `ssh-${vmid}.rules`;

/**
 * One VM's SSH forward, <public IP>:<22000+VMID> → the VM's port 22, from the edge's address on
 * the VM's network. It needs the VM and the edge's chains (and, isolated, the VM's network).
 */
export function sshUnit(
  vm: SshAccessSpec,
  edgeAddressForVm: string,
  net: EdgeNetContext,
  paths: EdgePaths,
  after: UnitNeed[],
): EdgeUnit {
  const chains = sshChains(vm.vmid);
  const rules = renderSshRules(vm, edgeAddressForVm, net);
  const file = `${rulesDir(paths)}/${sshRulesFile(vm.vmid)}`;
  const values = {
    ...netValues(paths),
    SSH_VMID: vm.vmid,
    SSH_PORT: vm.port,
    SSH_RULES_FILE: file,
  };
  return {
    name: EDGE_UNIT_NAMES.ssh(vm.vmid),
    files: [{ path: file, content: rules }],
    apply: shellScript({
      title: `the SSH forward of VM ${vm.vmid}`,
      values: { ...beginValues(paths, ["rules"]), ...values, SSH_ADDRESS: vm.address },
      libs: ["begin.sh", "net.sh"],
      body: "ssh-apply.sh",
    }),
    delete: shellScript({
      title: `removes the SSH forward of VM ${vm.vmid}`,
      values: {
        ...beginValues(paths, []),
        ...values,
        SSH_CHAINS: [`nat ${chains.dnat}`, `nat ${chains.snat}`],
      },
      libs: ["begin.sh", "net.sh"],
      body: "ssh-delete.sh",
    }),
    stdin: encodePayload({ rules }),
    needs: [
      { kind: "vm", vmid: vm.vmid },
      { kind: "unit", name: EDGE_UNIT_NAMES.netBase },
      ...after,
    ],
    ...emptyChecks(),
  };
}
