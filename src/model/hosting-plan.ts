import { PACKAGES, type PackageSpec, type PricingName } from "../catalog/packages.js";
import { customerMonthlyCents } from "../catalog/pricing.js";
import type { HostingConfig, TemplateConfig } from "../config/schema.js";
import { customerVmMac, sshPort } from "../network/addressing.js";
import { type CustomerNetwork, TIERS } from "../tiers/index.js";
import { must } from "../util/must.js";
import { managedZoneFor } from "./dns-names.js";
import type { LoadedCustomer } from "./load-customers.js";

export type CustomerStatus = "active" | "suspended" | "offboarding";

export interface PlannedVm {
  vmid: number;
  role: string;
  /** Proxmox VM name: <customer>-<role> */
  name: string;
  package: PackageSpec;
  /** template key; undefined for an adopted VM */
  image?: string;
  template?: TemplateConfig;
  address: string;
  mac: string;
  diskInterface: string;
  sshPort: number;
  adopted: boolean;
}

export interface PlannedDomain {
  name: string;
  www: boolean;
  hostnames: string[];
  upstreamRole: string;
  /** the VM that serves it: its VMID and address */
  upstreamVmid: number;
  upstreamAddress: string;
  tls: "letsencrypt" | "none";
  proxied: boolean;
  /** the managed Cloudflare zone it belongs to; undefined for an external domain */
  zone?: string;
}

export interface PlannedCustomer {
  name: string;
  displayName?: string;
  file: string;
  status: CustomerStatus;
  pricing: PricingName;
  network: CustomerNetwork;
  vms: PlannedVm[];
  sshKeys: string[];
  platformHostname: string;
  domains: PlannedDomain[];
  monthlyCents: number;
}

/** Turns validated customer files into the plan every later step works from. Pure. */
export function planCustomers(
  customers: readonly LoadedCustomer[],
  config: HostingConfig,
): PlannedCustomer[] {
  return [...customers]
    .sort((a, b) => a.customer.name.localeCompare(b.customer.name))
    .map(({ file, customer: c }) => {
      const network = TIERS[c.network].resolve(c, config);
      const vms: PlannedVm[] = c.vms.map((vm, i) => {
        const image = vm.adopted ? undefined : (vm.image ?? config.defaultImage);
        const template = image ? config.templates[image] : undefined;
        return {
          vmid: vm.vmid,
          role: vm.role,
          name: `${c.name}-${vm.role}`,
          package: PACKAGES[vm.package],
          image,
          template,
          address: network.vmAddresses[i],
          mac: vm.adopted?.mac ?? customerVmMac(vm.vmid),
          diskInterface:
            vm.adopted?.diskInterface ?? must(template, `template of VM ${vm.vmid}`).diskInterface,
          sshPort: sshPort(vm.vmid),
          adopted: vm.adopted !== undefined,
        };
      });
      const pricing = c.pricing ?? config.pricing;
      const domains = c.domains.map((d): PlannedDomain => {
        const upstream = vms.find((v) => v.role === d.upstream) ?? vms[0];
        return {
          name: d.name,
          www: d.www,
          hostnames: d.www ? [d.name, `www.${d.name}`] : [d.name],
          upstreamRole: upstream.role,
          upstreamVmid: upstream.vmid,
          upstreamAddress: upstream.address,
          tls: d.tls,
          proxied: d.proxied,
          zone: managedZoneFor(d.name, Object.keys(config.zones)),
        };
      });
      return {
        name: c.name,
        displayName: c.displayName,
        file,
        status: c.status,
        pricing,
        network,
        vms,
        sshKeys: c.sshKeys,
        platformHostname: `${c.name}.${config.platformZone}`,
        domains,
        monthlyCents: customerMonthlyCents(
          vms.map((v) => v.package),
          network.kind,
          pricing,
        ),
      };
    });
}
