import { basename } from "node:path";
import { platformHostname } from "../config/derived.js";
import type { HostingConfig } from "../config/schema.js";
import { customerVmMac } from "../network/addressing.js";
import { addressOwner, macOwner, type Segment } from "../network/ownership.js";
import { allSegments, TIERS } from "../tiers/index.js";
import { isAtOrUnder } from "./dns-names.js";
import { formatPath, type PathSegment, type PlanIssue } from "./issues.js";
import type { LoadedCustomer, LoadedCustomers } from "./load-customers.js";
import { siteKey } from "./site-keys.js";

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
  config: HostingConfig,
): { name: string; path: PathSegment[] }[] {
  const c = loaded.customer;
  const out = [{ name: platformHostname(c.name, config), path: ["name"] as PathSegment[] }];
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
  const seenVmids = new Map<number, Origin>();
  const seenTierValues = new Map<string, Origin>();
  const seenHostnames = new Map<string, Origin>();
  const seenNames = new Map<string, Origin>();
  const seenSiteKeys = new Map<string, Origin>();
  const claims: VmClaim[] = [];

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

    const tier = TIERS[c.network];
    let tierProblems = 0;
    let sharesTierValue = false;
    tier.check(
      c,
      {
        config,
        retired: loaded.retired,
        retiredFile: loaded.retiredFile,
        claimUnique: (key, path, what) => {
          if (!firstSeen(seenTierValues, key, path, what)) sharesTierValue = true;
        },
      },
      (path, message) => {
        tierProblems++;
        report(path, message);
      },
    );

    const roles = new Map<string, number>();
    /** VMs whose VMID is usable (a customer VMID, or reserved and adopted): their addresses and MACs are checked below */
    const placed = new Set<number>();
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
        if (owner !== undefined) placed.add(i);
      } else {
        const inRange = vm.vmid >= first && vm.vmid <= last;
        if (!inRange)
          report(at("vmid"), `${vm.vmid} is outside the customer range ${first}-${last}`);
        if (owner !== undefined)
          report(at("vmid"), `${vm.vmid} is reserved: it is ${owner}'s VM (hosting:reservedVmids)`);
        if (inRange && owner === undefined) placed.add(i);
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
      if (!firstSeen(seenVmids, vm.vmid, at("vmid"), `VMID ${vm.vmid}`) && !vm.adopted)
        placed.delete(i); // its derived address and MAC repeat the VMID's; reported once, above
      const role = roles.get(vm.role);
      if (role !== undefined)
        report(
          at("role"),
          `"${vm.role}" is already the role of vms[${role}]; roles are unique per customer`,
        );
      else roles.set(vm.role, i);
    });

    // Addresses and MACs of every VM, adopted or not: only once the tier can place the customer's
    // VMs, and not on a network another file already claimed (that repeat is reported above).
    if (tierProblems === 0 && !sharesTierValue) {
      const network = tier.resolve(c, config);
      c.vms.forEach((vm, i) => {
        if (!placed.has(i)) return;
        const addressPath: PathSegment[] = vm.adopted
          ? ["vms", i, "adopted", "address"]
          : ["vms", i, vm.address === undefined ? "vmid" : "address"];
        const macPath: PathSegment[] = vm.adopted
          ? ["vms", i, "adopted", "mac"]
          : ["vms", i, "vmid"];
        claims.push({
          vmid: vm.vmid,
          address: network.vmAddresses[i],
          mac: vm.adopted?.mac ?? customerVmMac(vm.vmid),
          addressAt: origin(addressPath),
          macAt: origin(macPath),
          report: (at, message) => report(at === "address" ? addressPath : macPath, message),
        });
      });
    }

    c.domains.forEach((d, i) => {
      if (isAtOrUnder(d.name, config.platformZone)) {
        report(
          ["domains", i, "name"],
          `must not be ${config.platformZone} or under it: every customer already gets ${platformHostname(c.name, config)}`,
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
    for (const host of customerHostnames(entry, config)) {
      const isPlatformHostname = host.path.length === 1;
      if (isPlatformHostname ? !uniqueName : isAtOrUnder(host.name, config.platformZone)) continue;
      if (host.name.length > 253) report(host.path, `${host.name} is longer than 253 characters`);
      firstSeen(seenHostnames, host.name, host.path, `hostname ${host.name}`);
    }
    // Each site (platform hostname, each domain) names its edge files and certificate by its key.
    const sites = [
      { name: platformHostname(c.name, config), path: ["name"] as PathSegment[] },
      ...c.domains.flatMap((d, i) => [
        { name: d.name, path: ["domains", i, "name"] as PathSegment[] },
        ...(d.www ? [{ name: `www.${d.name}`, path: ["domains", i, "www"] as PathSegment[] }] : []),
      ]),
    ];
    for (const site of sites) {
      const key = siteKey(site.name);
      if (key === site.name) continue; // a hostname's own key: unique when the hostname is
      firstSeen(seenSiteKeys, key, site.path, `the edge's site key ${key} (of ${site.name})`);
    }
  }
  checkVmClaims(claims, allSegments(config));
  return issues;
}

/** One VM's address and MAC, where they are written, and how to report a problem with them. */
interface VmClaim {
  vmid: number;
  address: string;
  mac: string;
  addressAt: Origin;
  macAt: Origin;
  report(at: "address" | "mac", message: string): void;
}

/**
 * Every address and MAC has one owner (DESIGN §6). A VM's address must not belong to anything
 * else on its segment (network/ownership.ts) nor to another VM; its MAC must not be an edge NIC's,
 * one the project derives for another VMID, or another VM's. A value owned by a VMID is reported
 * on the VM that takes it, never on the VM it belongs to, naming the owner's file and line.
 */
function checkVmClaims(claims: readonly VmClaim[], segments: Segment[]) {
  const byVmid = new Map(claims.map((c) => [c.vmid, c]));
  const firstByAddress = new Map<string, VmClaim>();
  const firstByMac = new Map<string, VmClaim>();
  const vmAt = (vmid: number, at: Origin | undefined) =>
    at ? `, VM ${vmid} in ${describeOrigin(at)}` : "";
  for (const claim of claims) {
    const owner = addressOwner(segments, claim.address);
    if (owner && !(owner.kind === "vmid" && owner.vmid === claim.vmid)) {
      const holder = owner.vmid === undefined ? undefined : byVmid.get(owner.vmid);
      claim.report(
        "address",
        `${claim.address} is ${owner.description}${vmAt(owner.vmid ?? 0, holder?.addressAt)}; a VM's address must be one no one else owns (not the network, broadcast, gateway, host, edge or reserved addresses, nor another VMID's)`,
      );
    } else if (!owner) {
      const first = firstByAddress.get(claim.address);
      if (first)
        claim.report(
          "address",
          `${claim.address} is already the address of VM ${first.vmid} in ${describeOrigin(first.addressAt)}; every VM needs its own address`,
        );
      else firstByAddress.set(claim.address, claim);
    }

    const macHolder = macOwner(segments, claim.mac);
    if (macHolder && !(macHolder.kind === "vmid" && macHolder.vmid === claim.vmid)) {
      const holder = macHolder.vmid === undefined ? undefined : byVmid.get(macHolder.vmid);
      claim.report(
        "mac",
        `${claim.mac} is ${macHolder.description}${vmAt(macHolder.vmid ?? 0, holder?.macAt)}; an adopted VM keeps its real MAC, which must not be one the project derives (02:4C:53:… for VMs, 06:4C:53:… for the edge's NICs)`,
      );
    } else if (!macHolder) {
      const first = firstByMac.get(claim.mac);
      if (first)
        claim.report(
          "mac",
          `${claim.mac} is already the MAC of VM ${first.vmid} in ${describeOrigin(first.macAt)}; every VM needs its own MAC`,
        );
      else firstByMac.set(claim.mac, claim);
    }
  }
}
