import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appendRetired, run as offboard } from "../../src/cli/customer-offboard.js";
import { bufferIo } from "../../src/cli/io.js";
import { run as runPlan } from "../../src/cli/plan.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { exampleCustomer, type GitProject, gitProject } from "../helpers/git-project.js";
import { spawnCli } from "../helpers/spawn-cli.js";

let project: GitProject | undefined;
afterEach(() => project?.cleanup());

async function cli(
  command: (argv: string[], io: ReturnType<typeof bufferIo>) => Promise<number>,
  p: GitProject,
  ...args: string[]
) {
  const io = bufferIo({ cwd: p.dir });
  const code = await command(args, io);
  return { code, out: io.out(), err: io.err() };
}

const GUARD = join(PROJECT_DIR, "src", "cli", "guard.ts");
const CEDAR_URN = (chain: string, name: string) =>
  `urn:pulumi:beta::lightspeedup-hosting::lightspeedup:hosting:Customer$${chain}::${name}`;

/** A `pulumi preview --json` document deleting these resources (what step 4's preview shows). */
function deletePreview(urns: string[]) {
  const typeOf = (urn: string) => (urn.split("::")[2] ?? "").split("$").pop() ?? "";
  return {
    steps: [
      ...urns.map((urn) => ({
        op: "delete",
        urn,
        provider:
          "urn:pulumi:beta::lightspeedup-hosting::pulumi:providers:proxmoxve::proxmoxve::id",
        oldState: { urn, type: typeOf(urn), custom: true, id: "x", protect: false, inputs: {} },
      })),
    ],
    diagnostics: [],
    changeSummary: { delete: urns.length, same: 10 },
  };
}

describe("npm run customer:offboard", () => {
  it("prints the steps; both plan steps pass plan --diff; the retired IDs are never reused", async () => {
    project = gitProject({
      "cedar-legal.yaml": exampleCustomer("cedar-legal"),
      "alpine-bakery.yaml": exampleCustomer("alpine-bakery"),
    });
    const p = project;
    const steps = await cli(offboard, p, "cedar-legal", "--date", "2026-01-31");
    expect(steps.code).toBe(0);
    const out = steps.out;
    expect(out).toContain("vzdump 154 --storage local --mode snapshot --compress zstd");
    expect(out).toContain(
      `pulumi state unprotect -s beta --yes '${CEDAR_URN("lightspeedup:hosting:CustomerVm$proxmoxve:index/vmLegacy:VmLegacy", "vm-154")}'`,
    );
    expect(out).toContain(
      `pulumi state unprotect -s beta --yes '${CEDAR_URN("lightspeedup:hosting:IsolatedNetwork$proxmoxve:network/linux/bridge:Bridge", "bridge-11")}'`,
    );
    expect(out).toContain(
      "#     - { bridge: vmbr11, customer: cedar-legal, retiredOn: 2026-01-31 }",
    );
    expect(out).toContain("npm run guard -- preview.json \\\n  --allow '");
    expect(out).not.toContain("@cedar-legal");
    const allowed = [...out.matchAll(/--allow '([^']+)'/g)].map((m) => m[1]);
    expect(allowed.map((u) => u.split("::").pop()).sort()).toEqual([
      "bridge-11",
      "dns-cedar-legal.lightspeedup.com",
      "edge-nic-11",
      "pool-cedar-legal",
      "vm-154",
    ]);

    // Step 2: status: offboarding — an in-place change, exit 0.
    p.write(
      "cedar-legal.yaml",
      p.read("cedar-legal.yaml").replace(/^vms:/m, "status: offboarding\nvms:"),
    );
    const step2 = await cli(runPlan, p, "--diff", "HEAD");
    expect(step2.code).toBe(0);
    expect(step2.out).toContain("status active → offboarding");
    expect(step2.out).toMatch(/`vm-154` \| cedar-legal \| .*`protection`/);
    p.commit("cedar-legal: offboarding");

    // Step 4: removal with the IDs retired — listed as an offboarding removal, exit 0.
    expect((await cli(offboard, p, "cedar-legal", "--retire", "--date", "2026-01-31")).code).toBe(
      0,
    );
    p.remove("cedar-legal.yaml");
    const step4 = await cli(runPlan, p, "--diff", "HEAD");
    expect(step4.code).toBe(0);
    expect(step4.out).toContain("### Offboarding removals");
    expect(step4.out).toContain("VM 154 (cedar-legal-web) of cedar-legal (status: offboarding)");
    expect(p.read(".retired.yaml")).toBe(
      "vmids:\n  - vmid: 154\n    customer: cedar-legal\n    retiredOn: 2026-01-31\nbridges:\n  - bridge: vmbr11\n    customer: cedar-legal\n    retiredOn: 2026-01-31\n",
    );
    p.commit("cedar-legal: removed");

    // The retired VMID and bridge are refused if someone reuses them.
    p.write("cedar-legal.yaml", exampleCustomer("cedar-legal"));
    const reuse = await cli(runPlan, p, "--diff", "HEAD");
    expect(reuse.code).toBe(1);
    expect(reuse.out).toContain("154 was retired on 2026-01-31");
  });

  it.skipIf(!existsSync(GUARD))(
    "the guard refuses the removal's deletes unless each is --allow'ed (needs src/cli/guard.ts)",
    async () => {
      const { writeFileSync } = await import("node:fs");
      const guard = (await import(GUARD)) as {
        run: (argv: string[], io: ReturnType<typeof bufferIo>) => Promise<number>;
      };
      project = gitProject({ "cedar-legal.yaml": exampleCustomer("cedar-legal") });
      const steps = await cli(offboard, project, "cedar-legal");
      const allowed = [...steps.out.matchAll(/--allow '([^']+)'/g)].map((m) => m[1]);
      const file = join(project.dir, "preview.json");
      writeFileSync(file, JSON.stringify(deletePreview(allowed)));
      const refused = await cli(guard.run, project, file);
      expect(refused.code).toBe(1);
      for (const urn of allowed) expect(refused.out + refused.err).toContain(urn.split("::").pop());
      const all = await cli(guard.run, project, file, ...allowed.flatMap((u) => ["--allow", u]));
      expect(all.code).toBe(0);
      const missing = await cli(
        guard.run,
        project,
        file,
        ...allowed.slice(1).flatMap((u) => ["--allow", u]),
      );
      expect(missing.code).toBe(1);
    },
  );

  it("appendRetired keeps existing entries and comments, and adds nothing twice", () => {
    const facts = {
      customer: "acme",
      status: "offboarding",
      vmids: [153],
      bridge: "vmbr12",
      protectedUrns: [],
      allowUrns: [],
    };
    const before =
      "# never reuse these\nvmids:\n  - { vmid: 151, customer: old, retiredOn: 2025-01-01 }\n";
    const once = appendRetired(before, facts, "2026-02-01");
    expect(once).toContain("# never reuse these");
    expect(once).toContain("vmid: 151");
    expect(once).toMatch(/vmid: 153[\s\S]*bridges:[\s\S]*bridge: vmbr12/);
    expect(appendRetired(once, facts, "2026-02-02")).toBe(once);
  });

  it("refuses an unknown customer; runs as a command (spawned smoke test)", async () => {
    project = gitProject({ "alpine-bakery.yaml": exampleCustomer("alpine-bakery") });
    const r = await cli(offboard, project, "nobody");
    expect(r.code).toBe(1);
    expect(r.err).toContain("no customer nobody");
    const spawned = spawnCli("customer:offboard", "--help");
    expect(spawned.status).toBe(0);
    expect(spawned.stdout).toContain("usage: npm run customer:offboard -- NAME");
  });
});
