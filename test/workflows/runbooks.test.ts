import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { RUNBOOKS } from "../../src/plan/diff/diff-plans.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";

/** The runbooks name real commands and real files. */
const DIR = join(PROJECT_DIR, "docs", "runbooks");
const runbooks = readdirSync(DIR).filter((f) => f.endsWith(".md"));
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: object })
    .scripts,
);

describe("runbooks", () => {
  it("cover every operation of the issue", () => {
    for (const name of [
      "setup.md",
      "api-token.md",
      "secrets.md",
      "onboarding.md",
      "package-upgrade.md",
      "ssh-key-change.md",
      "suspension.md",
      "offboarding.md",
      "adopt-vm.md",
      "drift.md",
      "restore-vm.md",
      "edge-recovery.md",
      "not-offered.md",
    ]) {
      expect(runbooks).toContain(name);
    }
    expect(readFileSync(join(DIR, "not-offered.md"), "utf8")).toContain(
      "$299/month with a 6-month commitment",
    );
    const setup = readFileSync(join(DIR, "setup.md"), "utf8");
    for (const topic of [
      "next-id lower=100,upper=149",
      "DHCP pool",
      "PULUMI_BACKEND_URL",
      "--labels lan",
    ])
      expect(setup).toContain(topic);
  });

  it("every `npm run X` they name is a script of package.json", () => {
    for (const file of runbooks) {
      const text = readFileSync(join(DIR, file), "utf8");
      for (const [, name] of text.matchAll(/npm run (?:-s )?([a-z][a-z:-]*)/g)) {
        expect(scripts, `${file}: npm run ${name}`).toContain(name);
      }
    }
  });

  it("every relative link and every runbook the plan diff cites exists", () => {
    for (const file of runbooks) {
      const text = readFileSync(join(DIR, file), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
        expect(existsSync(join(DIR, target)), `${file} → ${target}`).toBe(true);
      }
    }
    for (const path of Object.values(RUNBOOKS)) {
      expect(existsSync(join(PROJECT_DIR, path.split("#")[0])), path).toBe(true);
    }
    expect(dirname(RUNBOOKS.sshKeys)).toBe("docs/runbooks");
  });
});
