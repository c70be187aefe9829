import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { communityFile, customersDir, PROJECT_DIR } from "./helpers/fixtures.js";

// Only the paths that stop before connecting are run here: the tests never open a connection to
// the configured edge address. The check itself is tested in edge-verify.test.ts.
const TSX = join(PROJECT_DIR, "node_modules", ".bin", "tsx");
const verify = (...args: string[]) => spawnSync(TSX, ["src/cli/edge-verify.ts", ...args], { cwd: PROJECT_DIR, encoding: "utf8", timeout: 60_000 });

describe("npm run edge:verify", () => {
  it("exits 2 on bad usage", () => {
    expect(verify("--bogus").status).toBe(2);
    expect(verify("--stack", "nope").stderr).toContain("no stack file");
    expect(verify("--identity", "/no/such/key").stderr).toContain("--identity /no/such/key: no such file");
    expect(verify("--customers", "/no/such/dir").status).toBe(2);
  });

  it("refuses to check the edge against an invalid plan (exit 1, no connection)", () => {
    const run = verify("--customers", customersDir({ "alpha.yaml": communityFile("alpha", 149) }));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("The plan is invalid; fix it before verifying the edge:");
    expect(run.stdout).toContain("alpha.yaml:4: vms[0].vmid: 149 is outside the customer range 150-199");
  });
});
