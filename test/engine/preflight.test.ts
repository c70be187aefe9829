import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { machineFacts, run } from "../../src/cli/preflight.js";
import { type MachineFacts, parseAptPackages, preflight } from "../../src/preflight/check.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { spawnCli } from "../helpers/spawn-cli.js";

const ready: MachineFacts = {
  platform: "linux",
  nodeVersion: "v20.20.2",
  uid: 0,
  packages: ["nginx", "pebble", "iproute2"],
  installed: new Set(["nginx", "pebble", "iproute2"]),
  nodeModules: true,
  toolchain: undefined,
  realEngineRequired: false,
};

describe("the pre-flight check of npm test", () => {
  it("reads .ci/apt-packages without comments or blank lines", () => {
    expect(parseAptPackages("# c\ngit\n\nnginx  # web\n")).toEqual(["git", "nginx"]);
  });

  it("passes on a ready machine and says whether the real-engine tests will run", () => {
    expect(preflight(ready)).toEqual({
      ok: true,
      lines: [
        "preflight: ok (root, 3 Debian packages, Node v20.20.2; real Pulumi toolchain: absent, " +
          "the real-engine tests will skip)",
      ],
    });
  });

  it("names root, the missing Debian packages and the one command that installs them", () => {
    const r = preflight({ ...ready, uid: 1000, installed: new Set(["iproute2"]) });
    expect(r.ok).toBe(false);
    expect(r.lines[0]).toBe(
      "preflight: npm test cannot run on this machine; nothing was run. Missing:",
    );
    expect(r.lines[1]).toMatch(/^ {2}- root: .*\(this is uid 1000\); run: sudo npm test$/);
    expect(r.lines[2]).toBe(
      "  - Debian packages not installed: nginx, pebble\n" +
        "    install them with: sudo apt-get update && sudo apt-get install -y " +
        "--no-install-recommends nginx pebble",
    );
  });

  it("names a system without dpkg, an old Node, no node_modules and a required toolchain", () => {
    const r = preflight({
      ...ready,
      platform: "darwin",
      nodeVersion: "v18.1.0",
      installed: undefined,
      nodeModules: false,
      realEngineRequired: true,
    });
    expect(r.lines.slice(1).map((l) => l.split(":")[0])).toEqual([
      "  - Node 20 or newer (this is v18.1.0)",
      "  - the npm packages",
      "  - Linux (this is darwin)",
      "  - a Debian (12) system with dpkg",
      "  - the real Pulumi toolchain (REAL_ENGINE_REQUIRED=1)",
    ]);
  });

  it("reads this machine's facts and runs in-process", async () => {
    const facts = machineFacts(bufferIo({ cwd: PROJECT_DIR, env: { LSU_PULUMI_BIN_DIR: "/x" } }));
    expect(facts.packages).toContain("nginx");
    expect(facts.toolchain).toBe("/x");
    const io = bufferIo({ cwd: PROJECT_DIR });
    const code = await run([], io);
    expect(code).toBe(preflight(machineFacts(io)).ok ? 0 : 1);
    expect(`${io.out()}${io.err()}`).toMatch(/^preflight: /);
    expect(await run(["--bogus"], bufferIo({ cwd: PROJECT_DIR }))).toBe(2);
  });

  it("runs as npm test does (spawned)", () => {
    const r = spawnCli("preflight");
    expect(`${r.stdout}${r.stderr}`).toMatch(/^preflight: (ok|npm test cannot run)/);
  });
});
