/**
 * One unit of desired state on a host the program manages over SSH (the edge VM, the monitoring
 * host): the files it owns, the idempotent script that makes the host match (create = update), the
 * script that removes exactly what it owns, the payload it reads on stdin, and what must exist
 * first. Pure data: `npm run plan -- --render`, `edge:verify` and the components all read units,
 * so the sandbox tests of a unit's scripts test what production runs.
 */
export interface RemoteFile {
  /** absolute path on the host */
  path: string;
  content: string;
  /** "0644" unless said otherwise */
  mode?: string;
}

/** Something outside the host that a unit needs first (a VM, a NIC, a DNS record). */
export type UnitNeed =
  | { kind: "unit"; name: string }
  | { kind: "vm"; vmid: number }
  | { kind: "edgeNic"; bridgeNumber: number }
  | { kind: "dnsRecord"; hostname: string };

export interface RemoteUnit {
  /** the Pulumi resource name of the command (named by bridge, VMID or hostname, never role) */
  name: string;
  /** every file the unit owns, with its final content */
  files: RemoteFile[];
  /** bash: create and update */
  apply: string;
  /** bash: delete */
  delete: string;
  /** the payload `apply` reads */
  stdin: string;
  needs: UnitNeed[];
}
