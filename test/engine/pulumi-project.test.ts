import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_DIR } from "../helpers/fixtures.js";

const read = (f: string) => readFileSync(join(PROJECT_DIR, f), "utf8");

describe("how the Pulumi CLI loads the program", () => {
  const project = parse(read("Pulumi.yaml"));
  const pkg = JSON.parse(read("package.json"));

  it("runs src/index.ts through tsx, not Pulumi's built-in TypeScript support", () => {
    expect(project.main).toBe("src/index.ts");
    expect(project.runtime.options).toMatchObject({ typescript: false, nodeargs: "--import tsx" });
    expect(pkg.main).toBe("src/index.ts");
    expect(pkg.dependencies.tsx).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies.tsx).toBeUndefined();
  });

  it("pins the CLI in .pulumi-version, the SDK's version", () => {
    const pinned = read(".pulumi-version").trim();
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies["@pulumi/pulumi"]).toBe(pinned);
    expect(read("README.md")).toContain('--version "$(cat .pulumi-version)"');
    expect(read(".ci/run")).toContain("$(cat .pulumi-version)");
  });

  it("runs the pre-flight check before anything else in npm test", () => {
    expect(pkg.scripts.test.startsWith("tsx src/cli/index.ts preflight && ")).toBe(true);
  });
});
