import { formatPath, type PathSegment, type PlanIssue, sortIssues } from "../model/issues.js";
import { didYouMean } from "../model/suggest.js";
import { describeZodIssues } from "../model/zod-issues.js";
import { monitoringSettings } from "../monitoring/settings.js";
import { MAX_MAC_VMID } from "../network/addressing.js";
import { addressAt, ipv4ToInt, parseSubnet, subnetContains } from "../network/ip.js";
import { addressOwner, lanSegment } from "../network/ownership.js";
import {
  type HostingConfig,
  hostingConfigKeys,
  hostingConfigSchema,
  hostingSecretKeys,
} from "./schema.js";

export interface ConfigResult {
  config?: HostingConfig;
  issues: PlanIssue[];
}

/** Where a config field is written; without one, every issue names only `file`. */
export type ConfigLocate = (path: readonly PathSegment[]) => { file: string; line?: number };

/**
 * Validates the merged `hosting:*` values (key without namespace → decoded value). `file` names
 * where the values came from; `locate`, when given, finds the file and line of each field.
 * Unknown keys are refused by name with the allowed keys and the closest spelling.
 */
export function validateHostingConfig(
  values: Record<string, unknown>,
  file: string,
  locate: ConfigLocate = () => ({ file }),
): ConfigResult {
  const issueAt = (path: PathSegment[], message: string): PlanIssue => {
    const where = locate(path);
    return { file: where.file, path: `hosting:${formatPath(path)}`, line: where.line, message };
  };
  const known = new Set<string>(hostingConfigKeys);
  const unknown = Object.keys(values)
    .filter((key) => !known.has(key))
    .map((key) => issueAt([key], unknownKeyMessage(key)));
  const parsed = hostingConfigSchema.safeParse(
    Object.fromEntries(Object.entries(values).filter(([key]) => known.has(key))),
  );
  if (!parsed.success) {
    const shapeIssues = describeZodIssues(parsed.error, values).map((i) =>
      issueAt(
        i.path,
        i.message.startsWith("is required")
          ? `${i.message} (set it in the stack file or as a default in Pulumi.yaml)`
          : i.message,
      ),
    );
    return { issues: sortIssues([...unknown, ...shapeIssues]) };
  }
  const config = parsed.data;
  const issues = [
    ...unknown,
    ...semanticProblems(config).map(([path, message]) => issueAt(parsePath(path), message)),
  ];
  return issues.length > 0 ? { issues: sortIssues(issues) } : { config, issues };
}

/** "reservedVmids[0].vmid" → ["reservedVmids", 0, "vmid"] */
const parsePath = (path: string): PathSegment[] =>
  path
    .split(/[.[\]]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

function unknownKeyMessage(key: string): string {
  const allowed = [...hostingConfigKeys, ...hostingSecretKeys];
  const guess = didYouMean(key, allowed);
  return `unknown stack key "hosting:${key}"; allowed keys: ${allowed.map((k) => `hosting:${k}`).join(", ")}${guess ? `; did you mean "hosting:${guess}"?` : ""}`;
}

function semanticProblems(config: HostingConfig): [string, string][] {
  const problems: [string, string][] = [];
  const add = (path: string, message: string) => problems.push([path, message]);

  if (!(config.platformZone in config.zones)) {
    add(
      "zones",
      `must include the platform zone ${config.platformZone} with its Cloudflare zone id`,
    );
  }
  if (!(config.defaultImage in config.templates)) {
    add(
      "defaultImage",
      `must be one of the templates: ${Object.keys(config.templates).join(", ")}`,
    );
  }
  const subnet = parseSubnetOrReport(config.community.subnet, add);
  if (subnet) {
    if (!subnetContains(subnet.cidr, config.community.gateway))
      add("community.gateway", `must be inside ${subnet.cidr}`);
    if (!subnetContains(subnet.cidr, config.edge.uplink.address))
      add("edge.uplink.address", `must be inside ${subnet.cidr}`);
    problems.push(...customerRangeProblems(config, subnet.cidr));
  }
  if (config.monitoring?.generation !== undefined && monitoringSettings(config).onEdge) {
    add(
      "monitoring.generation",
      "is for a separate monitoring host (monitoring.ssh): on the edge VM, hosting:edge.generation re-runs the monitoring commands too",
    );
  }
  if (config.edge.uplink.bridge !== config.community.bridge) {
    add(
      "edge.uplink.bridge",
      `must be the community bridge ${config.community.bridge} (the router forwards to the edge there)`,
    );
  }
  if (config.edge.reservedSlots.includes(config.edge.uplink.slot)) {
    add(
      "edge.reservedSlots",
      `must not repeat the uplink slot ${config.edge.uplink.slot} (it is reserved already)`,
    );
  }
  if (config.customerVmids.last > MAX_MAC_VMID) {
    add("customerVmids.last", `must be at most ${MAX_MAC_VMID} (VM MACs are derived from VMIDs)`);
  }
  const seen = new Set<number>();
  config.reservedVmids.forEach((r, i) => {
    if (seen.has(r.vmid)) add(`reservedVmids[${i}].vmid`, `${r.vmid} is listed twice`);
    seen.add(r.vmid);
  });
  for (const key of ["threads", "memoryGb", "diskGb"] as const) {
    const { host, reserved, overhead } = config.capacity;
    if (reserved[key] + overhead[key] > host[key]) {
      add(
        `capacity.reserved.${key}`,
        `reserved plus overhead (${reserved[key] + overhead[key]}) exceeds the host's ${host[key]}`,
      );
    }
  }
  if (
    config.dnsServers.some(
      (s) =>
        subnetContains("192.168.0.0/16", s) ||
        subnetContains("10.0.0.0/8", s) ||
        subnetContains("172.16.0.0/12", s),
    )
  ) {
    add("dnsServers", "must be public resolvers: customer VMs cannot reach private addresses");
  }
  return problems;
}

function parseSubnetOrReport(cidr: string, add: (p: string, m: string) => void) {
  try {
    return parseSubnet(cidr);
  } catch (e) {
    add("community.subnet", (e as Error).message);
    return undefined;
  }
}

/**
 * Every customer VMID's community address must be a usable address no one else owns. Only VMIDs
 * past the subnet's end or on an owned range can clash, so only those are looked at (the range
 * may hold tens of thousands of VMIDs); the first five clashes are reported.
 */
function customerRangeProblems(config: HostingConfig, subnetCidr: string): [string, string][] {
  const subnet = parseSubnet(subnetCidr);
  const lan = lanSegment(config);
  const base = ipv4ToInt(subnet.network);
  const { first, last } = config.customerVmids;
  const size = 2 ** (32 - subnet.prefixLength);
  const suspects = new Set<number>();
  const firstFive = (from: number, to: number) => {
    const start = Math.max(from, first);
    for (let vmid = start; vmid <= Math.min(to, last, start + 4); vmid++) suspects.add(vmid);
  };
  firstFive(size, last);
  for (const range of lan.fixed) firstFive(range.from - base, range.to - base);
  const clashes: string[] = [];
  for (const vmid of [...suspects].sort((a, b) => a - b)) {
    if (clashes.length === 5) break;
    const address = addressAt(subnet, vmid);
    if (vmid >= size) {
      clashes.push(`VMID ${vmid} → ${address} is outside ${subnet.cidr}`);
      continue;
    }
    const owner = addressOwner([lan], address);
    if (owner && owner.kind !== "vmid")
      clashes.push(`VMID ${vmid} → ${address} is ${owner.description}`);
  }
  return clashes.length === 0
    ? []
    : [
        [
          "customerVmids",
          `the customer range ${first}-${last} gives unusable community addresses: ${clashes.join("; ")}`,
        ],
      ];
}
