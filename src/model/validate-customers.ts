import { basename } from "node:path";
import type { HostingConfig } from "../config/schema.js";
import { isIpv4, subnetContains } from "../network/ip.js";
import { TIERS } from "../tiers/index.js";
import { isAtOrUnder } from "./dns-names.js";
import { formatPath, type PathSegment, type PlanIssue } from "./issues.js";
import type { LoadedCustomer, LoadedCustomers } from "./load-customers.js";

/** Where a value was first seen, so a duplicate can point at it. */
interface Origin {
  file: string;
  path: string;
  line?: number;
}

const describeOrigin = (o: Origin) => `${o.file}${o.line ? `:${o.line}` : ""} (${o.path})`;

/** Hostnames a customer produces: each domain's apex and www, and its platform hostname. */
export function customerHostnames(
  loaded: LoadedCustomer,
  platformZone: string,
): { name: string; path: PathSegment[] }[] {
  const c = loaded.customer;
  const out = [{ name: `${c.name}.${platformZone}`, path: ["name"] as PathSegment[] }];
  c.domains.forEach((d, i) => {
    out.push({ name: d.name, path: ["domains", i, "name"] });
    if (d.www) out.push({ name: `www.${d.name}`, path: ["domains", i, "www"] });
  });
  return out;
}

/**
 * Every rule that needs the stack config or more than one file (DESIGN §3). Single-file schema
 * problems were reported by the loader; this runs on the files that passed it.
 */
export function validateCustomers(loaded: LoadedCustomers, config: HostingConfig): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const reservedVmids = new Map(config.reservedVmids.map((r) => [r.vmid, r.owner]));
  const retiredVmids = new Map(loaded.retired.vmids.map((r) => [r.vmid, r]));
  const retiredBridges = new Map(loaded.retired.bridges.map((r) => [r.bridge, r]));
  const seenVmids = new Map<number, Origin>();
  const seenBridges = new Map<string, Origin>();
  const seenHostnames = new Map<string, Origin>();
  const seenNames = new Map<string, Origin>();

  for (const entry of loaded.customers) {
    const { file, source, customer: c } = entry;
    const report = (path: PathSegment[], message: string) =>
      issues.push({ file, path: formatPath(path), line: source.lineOf(path), message });
    const origin = (path: PathSegment[]): Origin => ({
      file,
      path: formatPath(path),
      line: source.lineOf(path),
    });
    /** Records the first use of a value; reports a later one. Returns whether this use is the first. */
    const firstSeen = <K>(
      seen: Map<K, Origin>,
      key: K,
      path: PathSegment[],
      what: string,
    ): boolean => {
      const before = seen.get(key);
      if (before)
        report(path, `${what} is already used by ${describeOrigin(before)}; it must be unique`);
      else seen.set(key, origin(path));
      return before === undefined;
    };

    const expected = basename(file, ".yaml");
    if (c.name !== expected)
      report(["name"], `must equal the file name "${expected}" (rename the file or the customer)`);
    if (config.reservedNames.includes(c.name)) {
      report(
        ["name"],
        `"${c.name}" is reserved for the platform (hosting:reservedNames: ${config.reservedNames.join(", ")})`,
      );
    }
    const uniqueName = firstSeen(seenNames, c.name, ["name"], `customer name "${c.name}"`);

    TIERS[c.network].check(c, config, report);
    if (c.bridge !== undefined && c.network === "isolated") {
      const retired = retiredBridges.get(c.bridge);
      if (retired)
        report(
          ["bridge"],
          `${c.bridge} was retired on ${retired.retiredOn} (customer ${retired.customer}, ${loaded.retiredFile}) and is never reused`,
        );
      firstSeen(seenBridges, c.bridge, ["bridge"], `bridge ${c.bridge}`);
    }

    const roles = new Map<string, number>();
    c.vms.forEach((vm, i) => {
      const at = (field: string): PathSegment[] => ["vms", i, field];
      const owner = reservedVmids.get(vm.vmid);
      const { first, last } = config.customerVmids;
      if (vm.adopted) {
        if (owner === undefined) {
          report(
            at("adopted"),
            `is only for a VM that existed before this program, whose VMID is in hosting:reservedVmids; ${vm.vmid} is not`,
          );
        }
        if (vm.image !== undefined)
          report(at("image"), "is not used for an adopted VM (it is not cloned); remove it");
        checkAdoptedAddress(vm.adopted.address, c.network, config, (m) =>
          report(["vms", i, "adopted", "address"], m),
        );
      } else {
        if (vm.vmid < first || vm.vmid > last)
          report(at("vmid"), `${vm.vmid} is outside the customer range ${first}-${last}`);
        if (owner !== undefined)
          report(at("vmid"), `${vm.vmid} is reserved: it is ${owner}'s VM (hosting:reservedVmids)`);
        const image = vm.image ?? config.defaultImage;
        if (!(image in config.templates)) {
          report(
            at("image"),
            `"${image}" is not a template of this stack; use one of ${Object.keys(config.templates).join(", ")}`,
          );
        }
      }
      const retired = retiredVmids.get(vm.vmid);
      if (retired) {
        report(
          at("vmid"),
          `${vm.vmid} was retired on ${retired.retiredOn} (customer ${retired.customer}, ${loaded.retiredFile}); VMIDs are never reused`,
        );
      }
      firstSeen(seenVmids, vm.vmid, at("vmid"), `VMID ${vm.vmid}`);
      const role = roles.get(vm.role);
      if (role !== undefined)
        report(
          at("role"),
          `"${vm.role}" is already the role of vms[${role}]; roles are unique per customer`,
        );
      else roles.set(vm.role, i);
    });

    c.domains.forEach((d, i) => {
      if (isAtOrUnder(d.name, config.platformZone)) {
        report(
          ["domains", i, "name"],
          `must not be ${config.platformZone} or under it: every customer already gets ${c.name}.${config.platformZone}`,
        );
      }
      if (d.upstream !== undefined && !roles.has(d.upstream)) {
        report(
          ["domains", i, "upstream"],
          `"${d.upstream}" is not a role of this customer's VMs (${[...roles.keys()].join(", ")})`,
        );
      }
      if (d.tls === "none" && d.proxied) {
        report(
          ["domains", i, "tls"],
          "none is refused for proxied records (Cloudflare → edge must be HTTPS); set proxied: false or use letsencrypt",
        );
      }
    });

    // The platform hostname is unique when the name is; a domain at or under the platform zone
    // was refused above. Everything else must be unique across all customers.
    for (const host of customerHostnames(entry, config.platformZone)) {
      const isPlatformHostname = host.path.length === 1;
      if (isPlatformHostname ? !uniqueName : isAtOrUnder(host.name, config.platformZone)) continue;
      if (host.name.length > 253) report(host.path, `${host.name} is longer than 253 characters`);
      firstSeen(seenHostnames, host.name, host.path, `hostname ${host.name}`);
    }
  }
  return issues;
}

function checkAdoptedAddress(
  address: string,
  network: string,
  config: HostingConfig,
  report: (m: string) => void,
) {
  if (!isIpv4(address)) {
    report("must be an IPv4 address such as 192.168.12.150");
    return;
  }
  if (network !== "community") return; // the isolated tier checks its own subnet
  const { subnet, gateway } = config.community;
  if (!subnetContains(subnet, address)) report(`must be inside the community subnet ${subnet}`);
  else if (
    address === gateway ||
    config.hostAddresses.includes(address) ||
    address === config.edge.uplink.address
  ) {
    report(`${address} is the gateway's, the host's or the edge's address`);
  }
}
