import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appendRetired, run as offboard } from "../../src/cli/customer-offboard.js";
import { run as guard } from "../../src/cli/guard.js";
import { bufferIo } from "../../src/cli/io.js";
import { run as runPlan } from "../../src/cli/plan.js";
import { customersDir, PROJECT_DIR } from "../helpers/fixtures.js";
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

const CEDAR_URN = (chain: string, name: string) =>
  `urn:pulumi:beta::lightspeedup-hosting::lightspeedup:hosting:Customer$${chain}::${name}`;

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

  it("the guard's verdicts on the real removal preview: refused until unprotected and --allow'ed", async () => {
    // test/fixtures/previews/remove-protected-customer.json: the real CLI's preview of removing
    // blue-fern-studio (examples/customers) from a deployed stack.
    const fixture = readFileSync(
      join(PROJECT_DIR, "test", "fixtures", "previews", "remove-protected-customer.json"),
      "utf8",
    );
    const io = bufferIo({ cwd: PROJECT_DIR });
    expect(await offboard(["blue-fern-studio", "--customers", "examples/customers"], io)).toBe(0);
    const allowed = [...io.out().matchAll(/--allow '([^']+)'/g)].map((m) => m[1]);
    const unprotected = [...io.out().matchAll(/state unprotect -s beta --yes '([^']+)'/g)].map(
      (m) => m[1],
    );
    const doc = JSON.parse(fixture) as {
      steps: { op: string; urn: string }[];
      diagnostics: { severity: string; urn?: string }[];
    };
    // every protected resource the preview deletes is unprotected in step 3 and allowed in step 4
    const protectedDeletes = doc.steps
      .filter(
        (s) => s.op === "delete" && /VmLegacy|dnsRecord|Bridge|EdgeNic|poolLegacy/.test(s.urn),
      )
      .map((s) => s.urn);
    expect(protectedDeletes.length).toBeGreaterThan(0);
    for (const urn of protectedDeletes) {
      expect(allowed).toContain(urn);
      expect(unprotected).toContain(urn);
    }
    const dir = customersDir({});
    const write = (name: string, value: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(value));
      return join(dir, name);
    };
    const guardRun = async (...args: string[]) => {
      const g = bufferIo({ cwd: dir });
      return { code: await guard(args, g), text: g.out() + g.err() };
    };
    // Step 3 not done: Pulumi refuses the protected deletes, and so does the guard.
    expect(
      (await guardRun(write("protected.json", doc), ...allowed.flatMap((u) => ["--allow", u])))
        .code,
    ).toBe(1);
    // After `pulumi state unprotect` (no error diagnostics): refused without --allow, naming each …
    const afterUnprotect = {
      ...doc,
      diagnostics: doc.diagnostics.filter((d) => d.severity !== "error"),
    };
    const file = write("unprotected.json", afterUnprotect);
    const refused = await guardRun(file);
    expect(refused.code).toBe(1);
    for (const urn of protectedDeletes) expect(refused.text).toContain(urn.split("::").pop());
    // … passed with exactly the --allow list customer:offboard printed …
    const passed = await guardRun(file, ...allowed.flatMap((u) => ["--allow", u]));
    expect(passed.code).toBe(0);
    // … and refused again when one of them is missing.
    const partial = allowed.filter((u) => u !== protectedDeletes[0]);
    expect((await guardRun(file, ...partial.flatMap((u) => ["--allow", u]))).code).toBe(1);
  });

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
