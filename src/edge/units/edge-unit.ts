import type { RemoteUnit } from "../../remote/unit.js";
import type { EdgeNetContext } from "../network/specs.js";
import type { AcmeSettings, EdgePaths } from "../paths.js";

/**
 * A unit of the edge's desired state: a RemoteUnit plus what `edge:verify` checks besides file
 * contents — links, certificate lineages and kernel settings.
 */
export interface EdgeUnit extends RemoteUnit {
  /** contents a file may legitimately have instead (a TLS site waiting for its certificate) */
  alternatives: { path: string; content: string }[];
  links: { link: string; target: string }[];
  /** certificate lineages: required (managed zone) or optional (external domain), and names */
  lineages: { certName: string; required: boolean; hostnames: string[] }[];
  sysctl: { key: string; value: string }[];
  /** hostnames the unit's nginx site answers: no foreign site may claim them */
  serverNames: string[];
  /** customer-network NICs the unit brings up: found by MAC, named, with one address */
  interfaces: { mac: string; ifname: string; cidr: string }[];
  /** systemd units that must be enabled */
  bootUnits: string[];
}

/** What every edge unit is rendered with. */
export interface EdgeUnitContext {
  paths: EdgePaths;
  acme: AcmeSettings;
  net: EdgeNetContext;
}

/** Unit names: the Pulumi resource names of the commands, by bridge, VMID or site key. */
export const EDGE_UNIT_NAMES = {
  shared: "edge-shared",
  netBase: "edge-net-base",
  network: (bridgeNumber: number) => `edge-net-${bridgeNumber}`,
  ssh: (vmid: number) => `edge-ssh-${vmid}`,
  site: (key: string) => `site-${key}`,
} as const;

type Checks =
  | "alternatives"
  | "links"
  | "lineages"
  | "sysctl"
  | "serverNames"
  | "interfaces"
  | "bootUnits";

export function emptyChecks(): Pick<EdgeUnit, Checks> {
  return {
    alternatives: [],
    links: [],
    lineages: [],
    sysctl: [],
    serverNames: [],
    interfaces: [],
    bootUnits: [],
  };
}
