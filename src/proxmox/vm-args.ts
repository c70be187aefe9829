import type { VmLegacyArgs } from "@muhlba91/pulumi-proxmoxve";
import type { HostingConfig } from "../config/schema.js";
import type { PlannedCustomer, PlannedVm } from "../model/hosting-plan.js";

/** Proxmox pool of a customer, set on its VMs at clone time. */
export const poolIdFor = (customer: string) => `cust-${customer}`;

/**
 * The `VmLegacy` inputs of one customer VM (DESIGN §9). Pure: every value comes from the plan and
 * the config, never from list positions, so adding or reordering VMs changes no other VM.
 */
export function customerVmArgs(
  customer: PlannedCustomer,
  vm: PlannedVm,
  config: HostingConfig,
): VmLegacyArgs {
  const { network } = customer;
  const template = vm.template;
  const iothread = template?.scsiHardware === "virtio-scsi-single";
  return {
    nodeName: config.node,
    vmId: vm.vmid,
    name: vm.name,
    description: `LightSpeedUp customer ${customer.name}, ${vm.package.name} package. Managed by Pulumi: edit customers/${customer.name}.yaml, not this VM.`,
    tags: [`cust-${customer.name}`, "lsu", `lsu-${network.kind}`, `lsu-${vm.package.name}`].sort(),
    poolId: poolIdFor(customer.name),
    ...(template && {
      clone: {
        vmId: template.vmId,
        full: true,
        datastoreId: config.datastore,
        nodeName: config.node,
        retries: 3,
      },
      scsiHardware: template.scsiHardware,
    }),
    agent: { enabled: template?.agent ?? true, trim: true, timeout: "2m" },
    cpu: { cores: vm.package.cores, sockets: 1, type: config.cpuType },
    memory: { dedicated: vm.package.memoryMb },
    disks: [
      template
        ? {
            interface: vm.diskInterface,
            datastoreId: config.datastore,
            size: vm.package.diskGb,
            discard: "on",
            ssd: true,
            iothread,
          }
        : { interface: vm.diskInterface, datastoreId: config.datastore, size: vm.package.diskGb },
    ],
    networkDevices: [
      { bridge: network.bridge, model: "virtio", macAddress: vm.mac, firewall: true },
    ],
    ...(template && {
      initialization: {
        datastoreId: config.datastore,
        interface: template.cloudInitInterface,
        userAccount: { username: template.user, keys: customer.sshKeys },
        ipConfigs: [
          { ipv4: { address: `${vm.address}/${network.prefixLength}`, gateway: network.gateway } },
        ],
        dns: { servers: config.dnsServers },
      },
    }),
    operatingSystem: { type: "l26" },
    started: customer.status === "active",
    onBoot: customer.status === "active",
    protection: customer.status !== "offboarding",
    rebootAfterUpdate: false,
    migrate: true,
  };
}

/**
 * Resource options every customer VM carries: never replaced through a clone or cloud-init change,
 * never deleted by Pulumi (DESIGN §9; reference/proxmox.md §2.3).
 */
export const CUSTOMER_VM_IGNORE_CHANGES = ["clone", "initialization"];
