import { describe, expect, it } from "vitest";
import { edgeManifest, run as runVerify } from "../../src/cli/edge-verify.js";
import { bufferIo } from "../../src/cli/io.js";
import { parseVerifyOutput } from "../../src/edge/verify/report.js";
import { communityFile, customersDir, PROJECT_DIR } from "../helpers/fixtures.js";
import { spawnCli } from "../helpers/spawn-cli.js";
import { planFor } from "../monitoring/helpers.js";

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

  it("prints the refusal as JSON with --json", async () => {
    const run = await verify(
      "--json",
      "--customers",
      customersDir({ "alpha.yaml": communityFile("alpha", 149) }),
    );
    expect(run.status).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ ok: false, differences: [], notes: [] });
    expect(doc.errors).toEqual([
      expect.stringContaining(
        "alpha.yaml:4: vms[0].vmid: 149 is outside the customer range 150-199",
      ),
    ]);
  });
});

describe("the check's output as a report", () => {
  it("lists differences and notes; ok only with exit 0 and no difference", () => {
    const out =
      "NOTE policy iptables filter FORWARD DROP\nDIFF file /x: missing\nLSU-VERIFY 1 difference(s)\n";
    expect(parseVerifyOutput(out, 1)).toEqual({
      ok: false,
      differences: ["file /x: missing"],
      notes: ["policy iptables filter FORWARD DROP"],
    });
    expect(parseVerifyOutput("LSU-VERIFY ok\n", 0)).toEqual({
      ok: true,
      differences: [],
      notes: [],
    });
    expect(parseVerifyOutput("", 255).ok).toBe(false);
  });
});

describe("the manifest edge:verify sends", () => {
  const plan = planFor("customers");
  const conf = "/etc/lightspeedup/monitoring";
  it.each([
    [[], false, false],
    [["hosting:monitoringPveToken"], true, false],
    [["hosting:monitoringDiscordWebhook", "hosting:edgeSshKey"], false, true],
  ])("with the secrets %j set: exporter %s, Discord %s", (keys, exporter, discord) => {
    const lines = edgeManifest(plan, keys).split("\n");
    expect(lines.includes(`present ${conf}/pve.yml`)).toBe(exporter);
    expect(lines.some((l) => l.startsWith(`file ${conf}/pve.yml `))).toBe(false);
    expect(lines.includes(`present ${conf}/alertmanager.yml`)).toBe(discord);
    expect(lines.some((l) => l.startsWith(`file ${conf}/alertmanager.yml `))).toBe(!discord);
    expect(lines).toContainEqual(
      expect.stringMatching(/^file \/etc\/lightspeedup\/monitoring\/prometheus\.yml [0-9a-f]{64}$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^owned /));
  });
});
