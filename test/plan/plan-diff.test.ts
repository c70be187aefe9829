import { afterEach, describe, expect, it } from "vitest";
import { run as customerNew } from "../../src/cli/customer-new.js";
import { bufferIo } from "../../src/cli/io.js";
import { run as runPlan } from "../../src/cli/plan.js";
import { exampleCustomer, type GitProject, gitProject } from "../helpers/git-project.js";

let project: GitProject | undefined;
afterEach(() => project?.cleanup());

const BASE = ["harbor-shop", "alpine-bakery", "cedar-legal", "juniper-tours"];

function start(names = BASE) {
  project = gitProject(Object.fromEntries(names.map((n) => [`${n}.yaml`, exampleCustomer(n)])));
  return project;
}

async function diff(p: GitProject, ...extra: string[]) {
  const io = bufferIo({ cwd: p.dir });
  const code = await runPlan(["--diff", "HEAD", ...extra], io);
  return { code, out: io.out(), err: io.err() };
}

const section = (out: string, heading: string) => {
  const start = out.indexOf(heading);
  if (start < 0) return "";
  const next = out.indexOf("\n### ", start + 1);
  return out.slice(start, next < 0 ? undefined : next);
};

/** The owners (customer or "platform") of the resources the summary lists as changed. */
const changedOwners = (out: string) => [
  ...new Set(
    [...out.matchAll(/^\| ✏️ change \| `[^`]+` \| `[^`]+` \| ([^|]+) \|/gm)].map((m) => m[1].trim()),
  ),
];

describe("npm run plan -- --diff REF", () => {
  it("no change: no dangerous change, nothing added, exit 0", async () => {
    const p = start();
    const r = await diff(p);
    expect(r.code).toBe(0);
    expect(r.out).toContain("### ✅ No change replaces, deletes or damages a customer VM");
    expect(r.out).toContain("No customer is added, removed or changed.");
    expect(r.out).toContain("0 to add, 0 to change, 0 to remove");
    expect(r.out).toContain("## Plan diff: `customers` on stack `beta` against `HEAD`");
  });

  it("a customer added with customer:new: only creates, revenue up, capacity bars, exit 0", async () => {
    const p = start();
    const io = bufferIo({ cwd: p.dir });
    expect(
      await customerNew(
        ["acme", "--package", "starter", "--network", "isolated", "--domain", "acme.example"],
        io,
      ),
    ).toBe(0);
    const r = await diff(p);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const customers = section(r.out, "### Customers");
    expect(customers).toContain("**Added (1)**");
    expect(customers).toContain("- `acme`");
    expect(customers).toContain("isolated vmbr12 (10.0.2.0/24), active, beta pricing");
    expect(customers).toContain("VM 153 web starter 10.0.2.10");
    // only creates for the customer; the changes are platform lists (backup job, monitoring)
    expect(r.out).toMatch(/\d+ to add, \d+ to change, 0 to remove/);
    expect(changedOwners(r.out)).toEqual(["platform"]);
    expect(r.out).toMatch(
      /✏️ change \| `proxmoxve:backup\/job:Job` \| `backup-starter` .*`vmids\[\d\]`/,
    );
    // starter $14.50 + isolated $5 at beta; $29 + $10 at regular
    expect(r.out).toContain("| all customers at beta prices | $128.00 | $147.50 | +$19.50 |");
    expect(r.out).toContain("| all customers at regular prices | $256.00 | $295.00 | +$39.00 |");
    expect(r.out).toMatch(/cpu {4}before █+░+ 36\/128 vCPU/);
    expect(r.out).toMatch(/cpu {4}after {2}█+░+ 38\/128 vCPU/);
    expect(r.out).toContain("```mermaid");
    expect(r.out).toContain('subgraph br_vmbr12["vmbr12 · acme · 10.0.2.0/24"]');
    expect(r.out).toMatch(/class vm153,br_vmbr12 added/);
    expect(r.out).not.toMatch(/@[a-z-]+\.example/);
  });

  it("a package upgrade is an in-place change with the reboot note, exit 0", async () => {
    const p = start();
    p.write("alpine-bakery.yaml", p.read("alpine-bakery.yaml").replace("starter", "business"));
    const r = await diff(p);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "VM 152 package starter → business (2 → 6 cores, 4 → 16 GiB RAM, 30 → 120 GiB disk; cores and RAM apply at the next reboot, the disk grows online: docs/runbooks/package-upgrade.md)",
    );
    expect(r.out).toContain("### ✅ No change");
    expect(r.out).toMatch(/`disks\[0\]\.size`/);
    expect(r.out).toContain(
      "| billed (active customers, own pricing) | $128.00 | $158.00 | +$30.00 |",
    );
  });

  it("a package downgrade that shrinks the disk is dangerous: exit 1 unless --allow-destructive", async () => {
    const p = start();
    p.write("harbor-shop.yaml", p.read("harbor-shop.yaml").replace("business", "starter"));
    const r = await diff(p);
    expect(r.code).toBe(1);
    const danger = section(r.out, "### ⛔ Dangerous changes");
    expect(danger).toContain(
      "**VM 151 (harbor-shop-web)**: package downgrade business → starter would shrink the disk 120 → 30 GiB",
    );
    expect(r.out.indexOf("Dangerous")).toBeLessThan(r.out.indexOf("### Customers"));
    expect(r.err).toContain("1 change(s) would replace, delete or damage a customer VM");
    const allowed = await diff(p, "--allow-destructive");
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain("allowed with --allow-destructive");
  });

  it("a changed bridge is dangerous (NIC rewritten, address moves): exit 1", async () => {
    const p = start();
    p.write("harbor-shop.yaml", p.read("harbor-shop.yaml").replace("vmbr10", "vmbr20"));
    const r = await diff(p);
    expect(r.code).toBe(1);
    const danger = section(r.out, "### ⛔ Dangerous changes");
    expect(danger).toContain("its bridge changes vmbr10 → vmbr20");
    expect(danger).toContain("its address changes 10.0.0.10 → 10.0.10.10");
    expect(section(r.out, "### Customers")).toContain(
      "network isolated vmbr10 (10.0.0.0/24) → isolated vmbr20 (10.0.10.0/24)",
    );
    expect(r.out).toMatch(/class br_vmbr20 added/);
    expect(r.out).toMatch(/class br_vmbr10 removed/);
  });

  it("a customer removed without offboarding is dangerous: exit 1", async () => {
    const p = start();
    p.remove("cedar-legal.yaml");
    const r = await diff(p);
    expect(r.code).toBe(1);
    expect(section(r.out, "### ⛔ Dangerous changes")).toMatch(
      /VM \d+ \(cedar-legal-\w+\)\*\*: removed while cedar-legal is active: set status: offboarding and deploy first/,
    );
    expect(section(r.out, "### Customers")).toContain("**Removed (1)**");
    expect(r.out).toMatch(/0 to add, \d+ to change, [1-9]\d* to remove/);
    expect(changedOwners(r.out)).toEqual(["platform"]);
    expect(r.out).toMatch(
      /➖ remove \| `proxmoxve:index\/vmLegacy:VmLegacy` \| `vm-154` \| cedar-legal/,
    );
  });

  it("a customer removed after status: offboarding was deployed is listed, exit 0", async () => {
    const p = start();
    p.write(
      "cedar-legal.yaml",
      p.read("cedar-legal.yaml").replace(/^vms:/m, "status: offboarding\nvms:"),
    );
    const step1 = await diff(p);
    expect(step1.code).toBe(0);
    expect(step1.out).toContain("status active → offboarding");
    expect(step1.out).toMatch(/`protection`/);
    p.commit("offboarding");
    p.remove("cedar-legal.yaml");
    const step2 = await diff(p);
    expect(step2.code).toBe(0);
    expect(section(step2.out, "### Offboarding removals")).toMatch(
      /VM \d+ \(cedar-legal-\w+\) of cedar-legal \(status: offboarding\)/,
    );
  });

  it("an SSH key change is listed as not applied to the existing VM, with its runbook", async () => {
    const p = start();
    p.write(
      "alpine-bakery.yaml",
      p
        .read("alpine-bakery.yaml")
        .replace(
          /^sshKeys:\n/m,
          "sshKeys:\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJzbWwkO4DgFhpDT0zvlTY/S0yx9Bd6rHEQZs0H0WdUW new@alpine\n",
        ),
    );
    const r = await diff(p);
    expect(r.code).toBe(0);
    expect(section(r.out, "### Changes not applied")).toContain(
      "| VM 152 (alpine-bakery-web) | SSH keys (cloud-init) | [docs/runbooks/ssh-key-change.md]",
    );
    expect(r.out).toContain("SSH keys: + ssh-ed25519 …s0H0WdUW");
    expect(r.out).not.toContain("new@alpine");
  });

  it("new resolvers are listed as not applied to existing VMs, exit 0", async () => {
    const p = start(["alpine-bakery"]);
    const { readFileSync, writeFileSync } = await import("node:fs");
    const stackFile = `${p.dir}/Pulumi.beta.yaml`;
    writeFileSync(
      stackFile,
      readFileSync(stackFile, "utf8").replace(
        "hosting:dnsServers: [1.1.1.1, 9.9.9.9]",
        "hosting:dnsServers: [1.1.1.1, 8.8.8.8]",
      ),
    );
    const r = await diff(p);
    expect(r.code).toBe(0);
    expect(section(r.out, "### Changes not applied")).toContain(
      "| VM 152 (alpine-bakery-web) | DNS resolvers (cloud-init) | [docs/runbooks/ssh-key-change.md#resolvers]",
    );
  });

  it("a big fleet draws only the changed customers", async () => {
    const { networkMermaid } = await import("../../src/plan/diff/mermaid.js");
    const { runPlan, examples } = await import("../helpers/plan.js");
    const plan = (await runPlan(examples("customers"))).analysis.plan;
    const picture = networkMermaid(plan, plan, { maxVms: 5, changed: new Set(["harbor-shop"]) });
    expect(picture).toContain("vm151[");
    expect(picture).not.toContain("vm152[");
    expect(picture).toContain('unchanged["15 unchanged customers not drawn"]');
  });

  it("a changed VMID replaces the VM: exit 1", async () => {
    const p = start();
    p.write("alpine-bakery.yaml", p.read("alpine-bakery.yaml").replace("vmid: 152", "vmid: 158"));
    const r = await diff(p);
    expect(r.code).toBe(1);
    expect(r.out).toContain("its VMID changes 152 → 158");
  });

  it("a changed template or datastore in the stack file is dangerous for every VM", async () => {
    const p = start(["alpine-bakery"]);
    const { readFileSync, writeFileSync } = await import("node:fs");
    const stackFile = `${p.dir}/Pulumi.beta.yaml`;
    writeFileSync(
      stackFile,
      readFileSync(stackFile, "utf8")
        .replace("vmId: 9000", "vmId: 9001")
        .replace("hosting:datastore: SSD_VMs", "hosting:datastore: NVME_VMs"),
    );
    const r = await diff(p);
    expect(r.code).toBe(1);
    expect(r.out).toContain("the datastore changes SSD_VMs → NVME_VMs");
    expect(r.out).toContain("its template changes debian-12 → debian-12");
  });

  it("refused files in the working tree: exit 1 with the problems", async () => {
    const p = start(["alpine-bakery"]);
    p.write("alpine-bakery.yaml", p.read("alpine-bakery.yaml").replace("package:", "pakage:"));
    const r = await diff(p);
    expect(r.code).toBe(1);
    expect(r.out).toContain("The changed files are refused");
  });

  it("an unknown revision is bad usage (exit 2)", async () => {
    const p = start(["alpine-bakery"]);
    const io = bufferIo({ cwd: p.dir });
    expect(await runPlan(["--diff", "no-such-ref"], io)).toBe(2);
    expect(await runPlan(["--diff", "HEAD", "--json"], bufferIo({ cwd: p.dir }))).toBe(2);
  });
});
