import type { HostingPlan } from "../../model/analyze.js";
import type { PlannedCustomer } from "../../model/hosting-plan.js";
import { sshPort } from "../../network/addressing.js";

/**
 * A Mermaid flowchart of the networks after the change: the router and the edge VM, the community
 * bridge with its customers' VMs, each isolated bridge with its customer's VMs and the edge NIC on
 * it. VMs and bridges that the change adds or removes are styled (removed ones drawn from the base).
 */
export function networkMermaid(
  before: HostingPlan | undefined,
  after: HostingPlan | undefined,
  options: { maxVms?: number; changed?: ReadonlySet<string> } = {},
) {
  const oldVms = new Set(before?.customers.flatMap((c) => c.vms.map((v) => v.vmid)) ?? []);
  const newVms = new Set(after?.customers.flatMap((c) => c.vms.map((v) => v.vmid)) ?? []);
  // Isolated bridges only: the community bridge is the host's LAN port and never comes or goes.
  const isolatedBridges = (plan?: HostingPlan) =>
    new Set(plan?.customers.flatMap((c) => (c.network.isolated ? [c.network.bridge] : [])) ?? []);
  const oldBridges = isolatedBridges(before);
  const newBridges = isolatedBridges(after);
  const config = after?.config ?? before?.config;
  const communityBridge = config?.community.bridge ?? "vmbr0";
  const edgeId = config?.edge.vmId ?? 120;
  const sshRange = config
    ? `${sshPort(config.customerVmids.first)}-${sshPort(config.customerVmids.last)}`
    : "";
  // Customers of the after plan, plus the base's customers that disappear (to draw their removal).
  const shown = new Map<string, PlannedCustomer>();
  for (const c of before?.customers ?? []) shown.set(c.name, c);
  for (const c of after?.customers ?? []) shown.set(c.name, c);
  // A big fleet would make the picture unreadable (and the PR comment too long): draw only the
  // customers the change touches.
  const maxVms = options.maxVms ?? 60;
  const total = [...shown.values()].reduce((n, c) => n + c.vms.length, 0);
  let omitted = 0;
  if (total > maxVms && options.changed) {
    for (const name of [...shown.keys()]) {
      if (!options.changed.has(name)) {
        shown.delete(name);
        omitted++;
      }
    }
  }

  const lines = [
    "flowchart LR",
    '  internet(("internet")) --> router',
    `  router["router · forwards 80, 443 and SSH ${sshRange} to the edge"]`,
    `  router --> edge["VM${edgeId} edge · nginx, NAT, SSH forwards"]`,
    `  subgraph ${id(communityBridge)}["${communityBridge} · community LAN"]`,
  ];
  const vmNode = (c: PlannedCustomer, vmid: number) => {
    const vm = c.vms.find((v) => v.vmid === vmid);
    const label = vm ? `${vmid} ${c.name}-${vm.role}<br/>${vm.package.name} · ${vm.address}` : "";
    return `    vm${vmid}["${label}"]`;
  };
  const community = [...shown.values()].filter((c) => c.network.kind === "community");
  for (const c of community) for (const vm of c.vms) lines.push(vmNode(c, vm.vmid));
  lines.push("  end", `  edge --- ${id(communityBridge)}`);
  for (const c of shown.values()) {
    if (c.network.kind !== "isolated") continue;
    const bridge = c.network.bridge;
    lines.push(`  subgraph ${id(bridge)}["${bridge} · ${c.name} · ${c.network.subnet}"]`);
    for (const vm of c.vms) lines.push(vmNode(c, vm.vmid));
    lines.push("  end");
    const slot = c.network.isolated?.edgeSlot ?? "";
    lines.push(`  edge -- "${slot} ${c.network.gateway}" --- ${id(bridge)}`);
  }
  if (omitted > 0) lines.push(`  unchanged["${omitted} unchanged customers not drawn"]`);
  const drawn = new Set([...shown.values()].flatMap((c) => c.vms.map((v) => v.vmid)));
  const drawnBridges = new Set([...shown.values()].map((c) => c.network.bridge));
  const added = [...newVms].filter((v) => !oldVms.has(v) && drawn.has(v)).map((v) => `vm${v}`);
  const removed = [...oldVms].filter((v) => !newVms.has(v) && drawn.has(v)).map((v) => `vm${v}`);
  const addedBridges = [...newBridges]
    .filter((b) => !oldBridges.has(b) && drawnBridges.has(b))
    .map(id);
  // A bridge that disappears while its customer stays (the customer moved) is drawn on its own.
  for (const b of oldBridges) {
    if (!newBridges.has(b) && !drawnBridges.has(b) && omitted === 0) {
      lines.push(`  ${id(b)}["${b} · removed"]`);
      drawnBridges.add(b);
    }
  }
  const removedBridges = [...oldBridges]
    .filter((b) => !newBridges.has(b) && drawnBridges.has(b))
    .map(id);
  lines.push(
    "  classDef added fill:#d4f7d4,stroke:#1a7f37",
    "  classDef removed fill:#fde2e1,stroke:#cf222e,stroke-dasharray:4 3",
  );
  if (added.length + addedBridges.length > 0)
    lines.push(`  class ${[...added, ...addedBridges].join(",")} added`);
  if (removed.length + removedBridges.length > 0)
    lines.push(`  class ${[...removed, ...removedBridges].join(",")} removed`);
  return lines.join("\n");
}

const id = (bridge: string) => `br_${bridge.replace(/[^A-Za-z0-9]/g, "_")}`;
