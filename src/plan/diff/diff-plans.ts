import type { CapacityReport } from "../../capacity/capacity.js";
import type { Revenue } from "../../catalog/pricing.js";
import type { HostingPlan } from "../../model/analyze.js";
import type { PlannedCustomer, PlannedDomain, PlannedVm } from "../../model/hosting-plan.js";
import { type DiffResource, diffResourceLists, type ResourceChange } from "./resources.js";

/**
 * The difference between two plans (a git revision's and the working tree's), pure: what a pull
 * request changes, and which of those changes would replace, delete or damage a customer VM.
 */

export interface PlanSide {
  /** undefined when that side's files were refused (issues) */
  plan?: HostingPlan;
  /** one line per problem that refused the plan */
  problems: string[];
  resources: DiffResource[];
}

export interface DangerousChange {
  /** e.g. "VM 151 (harbor-shop-web)" or "customer acme" */
  subject: string;
  reason: string;
}

export interface NotApplied {
  subject: string;
  what: string;
  runbook: string;
}

export interface CustomerChange {
  kind: "added" | "removed" | "changed";
  name: string;
  details: string[];
}

export interface PlanDiff {
  dangerous: DangerousChange[];
  /** removals that follow the offboarding procedure: not dangerous, but the guard needs --allow */
  offboarded: string[];
  notApplied: NotApplied[];
  customers: CustomerChange[];
  resources: ResourceChange[];
  revenue: { before?: Revenue; after?: Revenue };
  capacity: { before?: CapacityReport; after?: CapacityReport };
}

export const RUNBOOKS = {
  sshKeys: "docs/runbooks/ssh-key-change.md",
  resolvers: "docs/runbooks/ssh-key-change.md#resolvers",
  offboarding: "docs/runbooks/offboarding.md",
  upgrade: "docs/runbooks/package-upgrade.md",
  restore: "docs/runbooks/restore-vm.md",
} as const;

const VM_TYPE = "proxmoxve:index/vmLegacy:VmLegacy";

interface VmAt {
  customer: PlannedCustomer;
  vm: PlannedVm;
}

const vmsOf = (plan: HostingPlan | undefined) =>
  new Map(
    (plan?.customers ?? []).flatMap((c) =>
      c.vms.map((vm): [number, VmAt] => [vm.vmid, { customer: c, vm }]),
    ),
  );

const vmLabel = (vm: PlannedVm) => `VM ${vm.vmid} (${vm.name})`;

/** Compares two plans. */
export function diffPlans(before: PlanSide, after: PlanSide): PlanDiff {
  const dangerous: DangerousChange[] = [];
  const offboarded: string[] = [];
  const notApplied: NotApplied[] = [];
  const oldVms = vmsOf(before.plan);
  const newVms = vmsOf(after.plan);
  const danger = (subject: string, reason: string) => dangerous.push({ subject, reason });

  const oldConfig = before.plan?.config;
  const newConfig = after.plan?.config;
  const configMoved =
    oldConfig && newConfig
      ? [
          oldConfig.node !== newConfig.node &&
            `the node changes ${oldConfig.node} → ${newConfig.node} (a VM on another node is migrated or replaced)`,
          oldConfig.datastore !== newConfig.datastore &&
            `the datastore changes ${oldConfig.datastore} → ${newConfig.datastore} (the disk is moved, or the VM replaced through clone)`,
        ].filter((r): r is string => typeof r === "string")
      : [];

  for (const [vmid, was] of oldVms) {
    const now = newVms.get(vmid);
    if (!now) {
      const renumbered = [...newVms.values()].find(
        (n) =>
          n.customer.name === was.customer.name &&
          n.vm.role === was.vm.role &&
          !oldVms.has(n.vm.vmid),
      );
      if (renumbered) {
        danger(
          vmLabel(was.vm),
          `its VMID changes ${vmid} → ${renumbered.vm.vmid}: a new VM would be cloned and the old one (with its data) deleted`,
        );
      } else if (was.customer.status !== "offboarding") {
        danger(
          vmLabel(was.vm),
          `removed while ${was.customer.name} is ${was.customer.status}: set status: offboarding and deploy first (${RUNBOOKS.offboarding})`,
        );
      } else {
        offboarded.push(`${vmLabel(was.vm)} of ${was.customer.name} (status: offboarding)`);
      }
      continue;
    }
    const subject = vmLabel(now.vm);
    for (const reason of configMoved) danger(subject, reason);
    const a = was.vm;
    const b = now.vm;
    if (a.image !== b.image || a.template?.vmId !== b.template?.vmId) {
      danger(
        subject,
        `its template changes ${a.image ?? "(adopted)"} → ${b.image ?? "(adopted)"}: cloning again would replace the VM`,
      );
    }
    if (a.diskInterface !== b.diskInterface) {
      danger(
        subject,
        `its boot disk interface changes ${a.diskInterface} → ${b.diskInterface}: the provider detaches the old disk and creates an empty one`,
      );
    }
    if (b.package.diskGb < a.package.diskGb) {
      danger(
        subject,
        `package downgrade ${a.package.name} → ${b.package.name} would shrink the disk ${a.package.diskGb} → ${b.package.diskGb} GiB (not possible without losing data)`,
      );
    }
    const netA = was.customer.network;
    const netB = now.customer.network;
    if (netA.kind !== netB.kind) {
      danger(subject, `its network tier changes ${netA.kind} → ${netB.kind}`);
    }
    if (netA.bridge !== netB.bridge) {
      danger(
        subject,
        `its bridge changes ${netA.bridge} → ${netB.bridge}: the NIC is rewritten and the guest keeps its old address (cloud-init is not re-run)`,
      );
    }
    if (a.address !== b.address) {
      danger(
        subject,
        `its address changes ${a.address} → ${b.address}: the firewall would allow only the new one while the guest keeps the old`,
      );
    }
    if (a.mac !== b.mac) danger(subject, `its MAC changes ${a.mac} → ${b.mac}`);
  }

  const resources = diffResourceLists(before.resources, after.resources);
  for (const change of resources) {
    if (change.type !== VM_TYPE || change.kind !== "changed") continue;
    const vmid = Number(change.name.replace(/^vm-/, ""));
    const vm = newVms.get(vmid);
    const subject = vm ? vmLabel(vm.vm) : change.name;
    const applied = change.paths.filter((p) => !change.ignoredPaths.includes(p));
    const risky = applied.filter((p) =>
      /^(vmId|nodeName|clone|disks\[\d+\]\.(interface|datastoreId|fileId)|networkDevices)/.test(p),
    );
    if (risky.length > 0 && !dangerous.some((d) => d.subject === subject)) {
      danger(subject, `an in-place update of ${risky.join(", ")} would rewrite a disk or NIC`);
    }
    const keys = change.ignoredPaths.filter((p) => p.startsWith("initialization.userAccount"));
    const dns = change.ignoredPaths.filter((p) => p.startsWith("initialization.dns"));
    const other = change.ignoredPaths.filter(
      (p) => !keys.includes(p) && !dns.includes(p) && !p.startsWith("initialization.ipConfigs"),
    );
    if (keys.length > 0)
      notApplied.push({ subject, what: "SSH keys (cloud-init)", runbook: RUNBOOKS.sshKeys });
    if (dns.length > 0)
      notApplied.push({ subject, what: "DNS resolvers (cloud-init)", runbook: RUNBOOKS.resolvers });
    if (other.length > 0)
      notApplied.push({
        subject,
        what: `${[...new Set(other.map((p) => p.split(/[.[]/)[0]))].join(", ")} (ignored after creation)`,
        runbook: RUNBOOKS.restore,
      });
  }

  return {
    dangerous,
    offboarded,
    notApplied,
    customers: diffCustomers(before.plan, after.plan),
    resources,
    revenue: { before: before.plan?.revenue, after: after.plan?.revenue },
    capacity: { before: before.plan?.capacity, after: after.plan?.capacity },
  };
}

const networkText = (c: PlannedCustomer) =>
  c.network.kind === "isolated"
    ? `isolated ${c.network.bridge} (${c.network.subnet})`
    : "community";

const domainText = (d: PlannedDomain) =>
  `${d.hostnames.join(" + ")} → ${d.upstreamRole}${d.tls === "none" ? ", no TLS" : ""}${d.proxied ? "" : ", not proxied"}`;

/** `ssh-ed25519 …WdUW`: enough to tell keys apart, never the comment (it may hold an address). */
export const keyHint = (key: string) => {
  const [type, body = ""] = key.split(/\s+/);
  return `${type} …${body.slice(-8)}`;
};

function describeVm(vm: PlannedVm): string {
  return `VM ${vm.vmid} ${vm.role} ${vm.package.name} ${vm.address}${vm.adopted ? " (adopted)" : ""}`;
}

function packageChange(a: PlannedVm, b: PlannedVm): string {
  const up = b.package.diskGb >= a.package.diskGb;
  const parts = [
    `${a.package.cores} → ${b.package.cores} cores`,
    `${a.package.memoryMb / 1024} → ${b.package.memoryMb / 1024} GiB RAM`,
    `${a.package.diskGb} → ${b.package.diskGb} GiB disk`,
  ];
  return `VM ${b.vmid} package ${a.package.name} → ${b.package.name} (${parts.join(", ")}; ${
    up
      ? `cores and RAM apply at the next reboot, the disk grows online: ${RUNBOOKS.upgrade}`
      : "a disk cannot shrink"
  })`;
}

function diffCustomers(before?: HostingPlan, after?: HostingPlan): CustomerChange[] {
  const old = new Map((before?.customers ?? []).map((c) => [c.name, c]));
  const now = new Map((after?.customers ?? []).map((c) => [c.name, c]));
  const out: CustomerChange[] = [];
  for (const c of after?.customers ?? []) {
    const was = old.get(c.name);
    if (!was) {
      out.push({
        kind: "added",
        name: c.name,
        details: [
          `${networkText(c)}, ${c.status}, ${c.pricing} pricing`,
          ...c.vms.map(describeVm),
          ...c.domains.map((d) => `domain ${domainText(d)}`),
          `${c.sshKeys.length} SSH key(s)`,
        ],
      });
      continue;
    }
    const details: string[] = [];
    if (was.status !== c.status) details.push(`status ${was.status} → ${c.status}`);
    if (was.pricing !== c.pricing) details.push(`pricing ${was.pricing} → ${c.pricing}`);
    if (networkText(was) !== networkText(c))
      details.push(`network ${networkText(was)} → ${networkText(c)}`);
    const oldVms = new Map(was.vms.map((v) => [v.vmid, v]));
    const newVms = new Map(c.vms.map((v) => [v.vmid, v]));
    for (const vm of c.vms) {
      const prev = oldVms.get(vm.vmid);
      if (!prev) details.push(`VM added: ${describeVm(vm)}`);
      else {
        if (prev.package.name !== vm.package.name) details.push(packageChange(prev, vm));
        if (prev.address !== vm.address)
          details.push(`VM ${vm.vmid} address ${prev.address} → ${vm.address}`);
        if (prev.role !== vm.role) details.push(`VM ${vm.vmid} role ${prev.role} → ${vm.role}`);
      }
    }
    for (const vm of was.vms) {
      if (!newVms.has(vm.vmid)) details.push(`VM removed: ${describeVm(vm)}`);
    }
    const oldDomains = new Map(was.domains.map((d) => [d.name, domainText(d)]));
    const newDomains = new Map(c.domains.map((d) => [d.name, domainText(d)]));
    for (const [name, text] of newDomains) {
      const prev = oldDomains.get(name);
      if (prev === undefined) details.push(`domain added: ${text}`);
      else if (prev !== text) details.push(`domain changed: ${prev} ⇒ ${text}`);
    }
    for (const [name, text] of oldDomains) {
      if (!newDomains.has(name)) details.push(`domain removed: ${text}`);
    }
    const addedKeys = c.sshKeys.filter((k) => !was.sshKeys.includes(k));
    const removedKeys = was.sshKeys.filter((k) => !c.sshKeys.includes(k));
    if (addedKeys.length + removedKeys.length > 0) {
      details.push(
        `SSH keys: ${[
          ...addedKeys.map((k) => `+ ${keyHint(k)}`),
          ...removedKeys.map((k) => `- ${keyHint(k)}`),
        ].join(", ")} (not applied to existing VMs: ${RUNBOOKS.sshKeys})`,
      );
    }
    if (details.length > 0) out.push({ kind: "changed", name: c.name, details });
  }
  for (const c of before?.customers ?? []) {
    if (now.has(c.name)) continue;
    out.push({
      kind: "removed",
      name: c.name,
      details: [
        `${networkText(c)}, was ${c.status}`,
        ...c.vms.map(describeVm),
        ...c.domains.map((d) => `domain ${domainText(d)}`),
      ],
    });
  }
  return out;
}

/** Whether the diff holds a change that would replace, delete or damage a customer VM. */
export const isDestructive = (diff: PlanDiff) => diff.dangerous.length > 0;
