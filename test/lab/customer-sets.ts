import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "../helpers/fixtures.js";

export const EXAMPLES_DIR = join(PROJECT_DIR, "examples", "customers");

const RESERVED_VMIDS = new Set([150, 160, 170, 180, 190, 191]);

/**
 * A generated customer set: 24 customers, 8 of them isolated (vmbr10..vmbr17), one customer of
 * each tier with two VMs (and a domain served by the second), one suspended customer of each tier.
 */
export function generatedCustomersDir(): string {
  const dir = mkdtempSync(join(tmpdir(), `lab-${process.pid}-customers-`));
  const vmids = Array.from({ length: 49 }, (_, i) => 151 + i).filter((v) => !RESERVED_VMIDS.has(v));
  let next = 0;
  const customer = (name: string, tier: "community" | "isolated", i: number, bridge?: number) => {
    const twoVms = i === 0;
    const vms = (twoVms ? ["web", "db"] : ["web"]).map(
      (role, k) =>
        `  - vmid: ${vmids[next++]}\n    package: ${tier === "isolated" ? "business" : "starter"}\n    role: ${role}\n` +
        (tier === "isolated" ? `    address: ${10 + k}\n` : ""),
    );
    const domains = [`  - name: ${name}.example\n`];
    if (twoVms) domains.push(`  - name: api.${name}.example\n    www: false\n    upstream: db\n`);
    const text = [
      `name: ${name}\n`,
      `contact: ops@${name}.example\n`,
      tier === "isolated" ? `network: isolated\nbridge: vmbr${bridge}\n` : "",
      i === 1 ? "status: suspended\n" : "",
      "vms:\n",
      ...vms,
      "domains:\n",
      ...domains,
    ].join("");
    writeFileSync(join(dir, `${name}.yaml`), text);
  };
  for (let i = 0; i < 8; i++)
    customer(`gen-iso-${String.fromCharCode(97 + i)}`, "isolated", i, 10 + i);
  for (let i = 0; i < 16; i++) customer(`gen-com-${String.fromCharCode(97 + i)}`, "community", i);
  return dir;
}
