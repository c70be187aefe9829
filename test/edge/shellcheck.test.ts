import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEBIAN_EDGE_PATHS } from "../../src/edge/paths.js";
import { renderEdgeFiles } from "../../src/edge/render-all.js";
import { renderVerifyScript } from "../../src/edge/verify/verify-script.js";
import { examples, runPlan } from "../helpers/plan.js";

/** Runs shellcheck (Debian's package, all severities) over files; returns its findings. */
function shellcheck(scripts: Record<string, string>): { code: number | null; findings: string } {
  const dir = mkdtempSync(join(tmpdir(), "lsu-shellcheck-"));
  const files = Object.entries(scripts).map(([name, text]) => {
    const file = join(dir, name.replaceAll("/", "_"));
    writeFileSync(file, text);
    return file;
  });
  const run = spawnSync("shellcheck", ["--shell=bash", "--format=gcc", ...files], {
    encoding: "utf8",
  });
  if (run.error)
    throw new Error(
      `shellcheck is not installed (apt-get install shellcheck): ${run.error.message}`,
    );
  return { code: run.status, findings: run.stdout + run.stderr };
}

const scriptsOf = (files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).filter(([path]) => path.endsWith(".sh")));

describe("every rendered edge script passes shellcheck with no finding", () => {
  it.each(["customers", "edge-cases"] as const)("examples/%s", async (set) => {
    const plan = (await runPlan(examples(set))).analysis.plan;
    if (!plan) throw new Error("the example plan is invalid");
    const scripts = scriptsOf(renderEdgeFiles(plan, DEBIAN_EDGE_PATHS));
    // apply + delete of every unit, and the restore script the boot unit runs
    expect(Object.keys(scripts).length).toBeGreaterThan(20);
    expect(Object.keys(scripts)).toContain("edge/lightspeedup/restore-iptables.sh");
    expect(shellcheck(scripts)).toEqual({ code: 0, findings: "" });
  });

  it("the read-only verify script", () => {
    expect(shellcheck({ "verify.sh": renderVerifyScript(DEBIAN_EDGE_PATHS) })).toEqual({
      code: 0,
      findings: "",
    });
  });

  it("finds a real problem in a script (the check is live)", () => {
    const result = shellcheck({ "bad.sh": "#!/bin/bash\nrm -rf $dir/*\n" });
    expect(result.code).not.toBe(0);
    expect(result.findings).toContain("SC2115");
  });
});
