import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostingConfig } from "../../src/config/schema.js";
import { edgeUnits } from "../../src/edge/units/edge-units.js";
import { verifyManifest } from "../../src/edge/verify/manifest.js";
import { runOnEdge } from "../../src/edge/verify/ssh.js";
import { renderVerifyScript } from "../../src/edge/verify/verify-script.js";
import { type PlannedCustomer, planCustomers } from "../../src/model/hosting-plan.js";
import { loadCustomers } from "../../src/model/load-customers.js";
import { betaConfig, customersDir, isolatedFile } from "../helpers/fixtures.js";
import { NetworkLab } from "../helpers/network-lab.js";

// edge:verify's SSH transport against a real sshd running inside the namespace that plays VM120
// (192.168.12.120 exists only there); the client runs from the LAN namespace via a PATH shim.
let lab: NetworkLab;
let customers: PlannedCustomer[];
let dir: string;
let config: HostingConfig;
const originalPath = process.env.PATH;

beforeAll(async () => {
  lab = new NetworkLab();
  lab.addVm(11, "10.0.1.10", "06:4C:53:00:00:0B");
  lab.box.startNginx();
  await lab.box.startAcme();
  dir = join(lab.box.root, "ssh");
  mkdirSync(dir);
  lab.box.sh(
    `ssh-keygen -q -t ed25519 -N '' -f ${dir}/host && ssh-keygen -q -t ed25519 -N '' -f ${dir}/client && cp ${dir}/client.pub ${dir}/authorized_keys && mkdir -p /run/sshd`,
    { inNs: false, check: true },
  );
  writeFileSync(
    join(dir, "sshd_config"),
    [
      "ListenAddress 192.168.12.120",
      "Port 22",
      `HostKey ${dir}/host`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      `PidFile ${dir}/sshd.pid`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "",
    ].join("\n"),
  );
  lab.box.sh(`/usr/sbin/sshd -f ${dir}/sshd_config -E ${dir}/sshd.log`, { check: true });
  writeFileSync(join(dir, "ssh"), `#!/bin/bash\nexec ip netns exec ${lab.lan} /usr/bin/ssh "$@"\n`);
  chmodSync(join(dir, "ssh"), 0o755);
  process.env.PATH = `${dir}:${originalPath}`;

  const base = betaConfig();
  const hostKey = readFileSync(join(dir, "host.pub"), "utf8").split(" ").slice(0, 2).join(" ");
  config = { ...base, edgeSsh: { host: "192.168.12.120", port: 22, user: "root", hostKey } };
  customers = planCustomers(
    loadCustomers(customersDir({ "harbor.yaml": isolatedFile("harbor", 151, 11) })).customers,
    config,
  );
  for (const cmd of edgeUnits(
    {
      customers,
      config: { ...config, adminEmail: "admin@lightspeedup.com", acmeServer: lab.box.acmeServer },
    },
    lab.box.paths,
  )) {
    const result = lab.box.runScript(cmd.apply, cmd.stdin);
    if (result.code !== 0) throw new Error(`${cmd.name}: ${result.stderr}`);
  }
}, 180_000);
afterAll(() => {
  process.env.PATH = originalPath;
  lab.destroy();
});

describe("edge:verify over SSH", () => {
  it("runs the check on the edge with the pinned host key and the given identity", () => {
    const result = runOnEdge(
      config,
      renderVerifyScript(lab.box.paths),
      verifyManifest({ customers, config }, lab.box.paths),
      join(dir, "client"),
    );
    expect(result.stderr).toBe("");
    expect(result.stdout.trim().split("\n").pop()).toBe("LSU-VERIFY ok");
    expect(result.code).toBe(0);
  });

  it("reports a difference over the same connection with exit 1", () => {
    lab.box.sh("iptables -t nat -I LSU-N11 1 -j RETURN", { check: true });
    const result = runOnEdge(
      config,
      renderVerifyScript(lab.box.paths),
      verifyManifest({ customers, config }, lab.box.paths),
      join(dir, "client"),
    );
    expect(result.stdout).toContain("DIFF rule not expected: -A LSU-N11 -j RETURN");
    expect(result.code).toBe(1);
  });

  it("refuses a host whose key is not the pinned one", () => {
    const other = readFileSync(join(dir, "client.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    const result = runOnEdge(
      { ...config, edgeSsh: { ...config.edgeSsh, hostKey: other } },
      "echo should-not-run",
      "",
      join(dir, "client"),
    );
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(
      /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/,
    );
    expect(result.stdout).not.toContain("should-not-run");
  });
});
