import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_DIR } from "../helpers/fixtures.js";

/**
 * The GitHub Actions workflows: actionlint (with shellcheck on every run: block) passes on each,
 * and the properties the operator relies on hold (which job gets which credentials, where jobs
 * that reach the host run, one pinned CLI version).
 */

const WORKFLOWS = join(PROJECT_DIR, ".github", "workflows");
const SCRIPTS = join(PROJECT_DIR, ".github", "scripts");
/** Where .ci/run installs actionlint (GOBIN). */
const CI_BIN = "/opt/lightspeedup-ci/bin";

function which(name: string, extra: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...extra];
  return dirs.map((d) => join(d, name)).find((p) => p && existsSync(p));
}
const actionlint =
  process.env.ACTIONLINT ?? which("actionlint", [CI_BIN, join(homedir(), "go", "bin")]);
const shellcheck = which("shellcheck");
const missing = [!actionlint && "actionlint", !shellcheck && "shellcheck"].filter(Boolean);
if (missing.length > 0 && process.env.CI) {
  throw new Error(`${missing.join(" and ")} missing: .ci/run installs them (see .ci/run)`);
}
const lintReason = missing.length
  ? ` — SKIPPED: ${missing.join(" and ")} not installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12; apt-get install shellcheck)`
  : "";

type Job = {
  "runs-on": string | string[];
  environment?: string | { name: string };
  steps: {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  }[];
  concurrency?: unknown;
};
const workflow = (name: string) =>
  parse(readFileSync(join(WORKFLOWS, name), "utf8")) as {
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    permissions?: Record<string, string>;
  };
const text = (job: Job) => JSON.stringify(job);
const allJobs = () =>
  readdirSync(WORKFLOWS).flatMap((f) =>
    Object.entries(workflow(f).jobs).map(([n, j]) => ({ file: f, name: n, job: j })),
  );

describe("GitHub Actions workflows", () => {
  it.skipIf(missing.length > 0)(
    `pass actionlint, with shellcheck on run: blocks${lintReason}`,
    () => {
      const r = spawnSync(actionlint ?? "", ["-no-color", "-shellcheck", shellcheck ?? ""], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
      });
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
      // and actionlint does fail on a broken workflow (the check is live)
      const bad = mkdtempSync(join(tmpdir(), "lsu-actionlint-"));
      writeFileSync(
        join(bad, "bad.yml"),
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo $UNQUOTED_VAR\n",
      );
      const broken = spawnSync(
        actionlint ?? "",
        ["-no-color", "-shellcheck", shellcheck ?? "", join(bad, "bad.yml")],
        {
          encoding: "utf8",
        },
      );
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain("SC2086");
    },
  );

  it.skipIf(!shellcheck)(`the workflows' scripts pass shellcheck${lintReason}`, () => {
    const scripts = readdirSync(SCRIPTS).map((f) => join(SCRIPTS, f));
    const r = spawnSync(shellcheck ?? "", scripts, { encoding: "utf8" });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("every push runs .ci/run and the plan of customers/", () => {
    const ci = workflow("ci.yml");
    expect(Object.keys(ci.on)).toContain("push");
    expect(text(ci.jobs.test)).toContain(".ci/run");
    expect(text(ci.jobs.plan)).toContain("npm run -s plan -- --customers customers");
  });

  it("pull requests: the --diff summary comment, the real preview with read-only credentials, the guard", () => {
    const pr = workflow("pull-request.yml");
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    const diff = text(pr.jobs["plan-diff"]);
    expect(diff).toContain('--diff \\"origin/$BASE_REF\\"');
    expect(diff).toContain("upsert-comment.sh");
    const preview = pr.jobs.preview;
    expect(preview["runs-on"]).toContain("lan");
    expect(text(preview)).toContain("secrets.PROXMOX_READONLY_TOKEN");
    expect(text(preview)).toContain("secrets.CLOUDFLARE_READONLY_TOKEN");
    expect(text(preview)).toContain("npm run -s guard -- preview.json");
    expect(text(preview)).toContain("real-preview");
  });

  it("the write credentials appear only in the deploy job, behind the production environment", () => {
    const write = ["secrets.PROXMOX_API_TOKEN", "secrets.CLOUDFLARE_API_TOKEN"];
    for (const { file, name, job } of allJobs()) {
      const uses = write.filter((s) => text(job).includes(s));
      if (file === "deploy.yml") {
        expect(uses).toEqual(write);
        const env = typeof job.environment === "string" ? job.environment : job.environment?.name;
        expect(env, `${file} ${name}`).toBe("production");
      } else {
        expect(uses, `${file} ${name}`).toEqual([]);
      }
    }
    const deploy = workflow("deploy.yml");
    expect(deploy.concurrency?.["cancel-in-progress"]).toBe(false);
    const steps = deploy.jobs.deploy.steps.map((s) => s.run ?? s.uses ?? "").join("\n");
    expect(steps.indexOf("pulumi preview")).toBeLessThan(steps.indexOf("npm run -s guard"));
    expect(steps.indexOf("npm run -s guard")).toBeLessThan(steps.indexOf("pulumi up"));
    expect(steps).toContain("inventory.json");
    expect(steps).not.toMatch(/pulumi up[^\n]*--refresh/);
  });

  it("the nightly drift run: refresh --preview-only, edge:verify --json, drift-report, one issue", () => {
    const drift = workflow("drift.yml");
    expect(Object.keys(drift.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const steps = drift.jobs.drift.steps.map((s) => s.run ?? "").join("\n");
    expect(steps).toContain("pulumi refresh --preview-only --expect-no-changes --json");
    expect(steps).toContain("npm run -s edge:verify -- --json");
    expect(steps).toContain("npm run -s drift-report");
    expect(steps).toContain("drift-issue.sh");
    expect(drift.permissions).toEqual({ contents: "read", issues: "write" });
  });

  it("jobs that reach the host run on the LAN runner; one Pulumi CLI version, from .pulumi-version", () => {
    const version = readFileSync(join(PROJECT_DIR, ".pulumi-version"), "utf8").trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const { file, name, job } of allJobs()) {
      const body = text(job);
      if (body.includes("pulumi-login.sh") || body.includes("edge:verify")) {
        expect(job["runs-on"], `${file} ${name}`).toContain("lan");
      }
      for (const step of job.steps.filter((s) => s.uses?.startsWith("pulumi/actions"))) {
        expect(step.with, `${file} ${name}`).toEqual({ "pulumi-version-file": ".pulumi-version" });
      }
      // A real refresh would write hand changes into the state and hide them.
      expect(body).not.toMatch(/pulumi refresh(?![^"]*--preview-only)/);
    }
  });
});
