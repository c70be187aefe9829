import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_NAMES } from "../catalog/packages.js";

/** Stack config for the benchmark: wide VMID range, a /16 community subnet, unlimited capacity. */
export const SYNTHETIC_CONFIG: Record<string, unknown> = {
  "hosting:customerVmids": { first: 1000, last: 60000 },
  "hosting:reservedVmids": [],
  "hosting:reservedAddresses": [],
  "hosting:community": { bridge: "vmbr0", subnet: "10.20.0.0/16", gateway: "10.20.0.1" },
  "hosting:hostAddresses": ["10.20.0.2"],
  "hosting:edge": {
    vmId: 120,
    uplink: { slot: "net0", bridge: "vmbr0", interface: "eth0", address: "10.20.0.3" },
    reservedSlots: [],
    generation: 1,
  },
  "hosting:capacity": {
    host: { threads: 1e9, memoryGb: 1e12, diskGb: 1e12 },
    reserved: { threads: 0, memoryGb: 0, diskGb: 0 },
    overhead: { threads: 0, memoryGb: 0, diskGb: 0 },
    cpuOversubscription: 16,
    warnAtPercent: 100,
  },
};

export function syntheticOverrides(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SYNTHETIC_CONFIG).map(([k, v]) => [k, JSON.stringify(v)]),
  );
}

/** Writes `count` customer files (one VM each; up to 31 isolated, the edge's slot limit). */
export function writeSyntheticCustomers(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `lsu-bench-${count}-`));
  writeFileSync(join(dir, ".retired.yaml"), "vmids: []\nbridges: []\n");
  for (let i = 0; i < count; i++) {
    const name = `customer-${String(i).padStart(5, "0")}`;
    const isolated = i % 10 === 0 && i / 10 < 31;
    const network = isolated ? `network: isolated\nbridge: vmbr${10 + i / 10}\n` : "";
    const address = isolated ? "    address: 10\n" : "";
    const text = `name: ${name}\ncontact: ops@${name}.example\n${network}vms:\n  - vmid: ${1000 + i}\n    package: ${PACKAGE_NAMES[i % 3]}\n${address}domains:\n  - name: ${name}.example\n`;
    writeFileSync(join(dir, `${name}.yaml`), text);
  }
  return dir;
}
