import { describe, expect, it } from "vitest";
import { run as runVerify } from "../src/cli/edge-verify.js";
import { bufferIo } from "../src/cli/io.js";
import { communityFile, customersDir, PROJECT_DIR } from "./helpers/fixtures.js";
import { spawnCli } from "./helpers/spawn-cli.js";

// Only the paths that stop before connecting are run here: the tests never open a connection to
// the configured edge address. The check itself is tested in edge-verify.test.ts.
async function verify(...args: string[]) {
  const io = bufferIo({ cwd: PROJECT_DIR });
  const status = await runVerify(args, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

describe("npm run edge:verify", () => {
  it("runs as a command: npm's entry refuses an unknown option with exit 2 (spawned smoke test)", () => {
    const run = spawnCli("edge:verify", "--bogus");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
  });

  it("exits 2 on bad usage", async () => {
    expect((await verify("--bogus")).status).toBe(2);
    expect((await verify("--stack", "nope")).stderr).toContain("no stack file");
    expect((await verify("--identity", "/no/such/key")).stderr).toContain(
      "--identity /no/such/key: no such file",
    );
    expect((await verify("--customers", "/no/such/dir")).status).toBe(2);
  });

  it("refuses to check the edge against an invalid plan (exit 1, no connection)", async () => {
    const run = await verify(
      "--customers",
      customersDir({ "alpha.yaml": communityFile("alpha", 149) }),
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("The plan is invalid; fix it before verifying the edge:");
    expect(run.stdout).toContain(
      "alpha.yaml:4: vms[0].vmid: 149 is outside the customer range 150-199",
    );
  });
});
