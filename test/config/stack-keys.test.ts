import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeHostingConfig } from "../../src/config/decode.js";
import { configLocator, loadStackConfig } from "../../src/config/stack-files.js";
import { validateHostingConfig } from "../../src/config/validate-config.js";
import { analyze } from "../../src/model/analyze.js";
import { formatIssue } from "../../src/model/issues.js";
import { customersDir, PROJECT_DIR } from "../helpers/fixtures.js";
import { examples, runPlan } from "../helpers/plan.js";

/** A copy of the project's Pulumi.yaml and Pulumi.beta.yaml with `extra` appended to the stack file. */
function projectWith(extra: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lsu-stack-"));
  copyFileSync(join(PROJECT_DIR, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  const stack = readFileSync(join(PROJECT_DIR, "Pulumi.beta.yaml"), "utf8");
  writeFileSync(join(dir, "Pulumi.beta.yaml"), `${stack}${extra}`);
  return dir;
}

/** The offline path (npm run plan's config reader, edge:verify): the stack files as written. */
function offlineIssues(extra: string): string[] {
  const dir = projectWith(extra);
  const stack = loadStackConfig(dir, "beta");
  return analyze({
    configValues: decodeHostingConfig(stack.config),
    configFile: stack.stackFile,
    configLocate: configLocator(dir, "beta"),
    customersDir: customersDir({}),
  }).issues.map(formatIssue);
}

const stackLines = readFileSync(join(PROJECT_DIR, "Pulumi.beta.yaml"), "utf8").split("\n").length;

describe("unknown hosting:* stack keys are refused (issue 8 hole 9)", () => {
  it("refuses hosting:pricng with the file, its line, the allowed keys and a suggestion", () => {
    const [issue, ...rest] = offlineIssues("  hosting:pricng: regular\n");
    expect(rest).toEqual([]);
    expect(issue).toMatch(
      new RegExp(
        `^Pulumi\\.beta\\.yaml:${stackLines}: hosting:pricng: unknown stack key "hosting:pricng"; allowed keys: hosting:node, hosting:datastore, .*hosting:edgeSshKey, hosting:monitoringSshKey, hosting:monitoringDiscordWebhook, hosting:monitoringPveToken; did you mean "hosting:pricing"\\?$`,
      ),
    );
  });

  it.each([
    ["an unknown field in an object value", "edge", "reservedSlot", "reservedSlots"],
    ["an unknown field in a nested object", "capacity", "warnAtPercnt", "warnAtPercent"],
  ])("refuses %s with the closest spelling", (_what, key, typo, right) => {
    const values = decodeHostingConfig(loadStackConfig(PROJECT_DIR, "beta").config);
    const value = { ...(values[key] as object), [typo]: 1 };
    const issues = validateHostingConfig({ ...values, [key]: value }, "Pulumi.beta.yaml").issues;
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Pulumi\\.beta\\.yaml: hosting:${key}\\.${typo}: unknown field "${typo}"; allowed fields here: .*; did you mean "${right}"\\?$`,
        ),
      ),
    ]);
  });

  it("names the line of a nested unknown field in the stack file", () => {
    const issues = offlineIssues("  hosting:backup2: { storage: local }\n");
    expect(issues).toEqual([
      expect.stringMatching(
        /^Pulumi\.beta\.yaml:\d+: hosting:backup2: unknown stack key "hosting:backup2"; .*did you mean "hosting:backup"\?$/,
      ),
    ]);
  });

  it("gives no suggestion for a key that resembles nothing", () => {
    const [issue] = offlineIssues("  hosting:zzzzzzzzzzzz: 1\n");
    expect(issue).toContain('unknown stack key "hosting:zzzzzzzzzzzz"; allowed keys:');
    expect(issue).not.toContain("did you mean");
  });

  it("accepts the program's own secret hosting:edgeSshKey", () => {
    const issues = offlineIssues("  hosting:edgeSshKey:\n    secure: AAABADEADBEEF\n");
    expect(issues).toEqual([]);
  });

  it("refuses the key under the real program (pulumi.runtime.allConfig) too: no resources", async () => {
    const plan = await runPlan(examples("customers"), { "hosting:pricng": "regular" });
    expect(plan.resources).toEqual([]);
    expect(plan.analysis.issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /^Pulumi\.beta\.yaml: hosting:pricng: unknown stack key "hosting:pricng"; .*did you mean "hosting:pricing"\?$/,
      ),
    ]);
  });
});
