import { describe, expect, it } from "vitest";
import { DEBIAN_EDGE_PATHS } from "../../src/edge/paths.js";
import { verifyManifest } from "../../src/edge/verify/manifest.js";
import { monitoringFilesOnEdge } from "../../src/monitoring/on-edge.js";
import { DEBIAN_MONITORING_PATHS } from "../../src/monitoring/paths.js";
import { monitoringSettings } from "../../src/monitoring/settings.js";
import { monitoringUnits } from "../../src/monitoring/units.js";
import { planFor } from "./helpers.js";

const SEPARATE_HOST = {
  monitoring: {
    ssh: {
      host: "192.168.12.9",
      port: 22,
      user: "root",
      hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKouUM75Qm8X0+uRpPaX/La6qgkk70dp4vnYvZa+KKrd",
    },
  },
};
const c = DEBIAN_MONITORING_PATHS.configDir;
const u = DEBIAN_MONITORING_PATHS.systemdUnitDir;

describe("the monitoring files edge:verify checks on VM120", () => {
  it("are the edge exporter's only when monitoring runs on another host", () => {
    const plan = planFor("customers", SEPARATE_HOST);
    const units = monitoringUnits(plan, monitoringSettings(plan.config), DEBIAN_MONITORING_PATHS);
    const { files, secret } = monitoringFilesOnEdge(plan, { discord: true, pveExporter: true });
    expect(files).toEqual(units.edge.flatMap((unit) => unit.files));
    expect(files.length).toBeGreaterThan(2);
    expect(secret).toEqual(new Set());
  });

  it("are every monitoring unit's on the edge; those carrying a secret only by presence", () => {
    const plan = planFor("customers");
    const { files, secret } = monitoringFilesOnEdge(plan, { discord: true, pveExporter: true });
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `${c}/prometheus.yml`,
        `${c}/alertmanager.yml`,
        `${c}/pve.yml`,
        `${u}/lsu-pve-exporter.service`,
      ]),
    );
    expect([...secret].sort()).toEqual(
      [`${c}/alertmanager.yml`, `${c}/pve-backups.json`, `${c}/pve.yml`].sort(),
    );
  });

  it.each([
    [{ discord: false, pveExporter: false }, false],
    [{ discord: false, pveExporter: true }, true],
  ])("follow which secrets the stack sets (%o)", (set, exporter) => {
    const { files, secret } = monitoringFilesOnEdge(planFor("customers"), set);
    expect(files.some((f) => f.path === `${c}/pve.yml`)).toBe(exporter);
    expect(secret.has(`${c}/alertmanager.yml`)).toBe(false);
  });

  it("enter the manifest before the ownership lines: content by hash, secrets by presence", () => {
    const plan = planFor("customers");
    const others = monitoringFilesOnEdge(plan, { discord: false, pveExporter: true });
    const lines = verifyManifest(plan, DEBIAN_EDGE_PATHS, others).trim().split("\n");
    expect(lines).toContain(`present ${c}/pve.yml`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^file \/etc\/\S+\/prometheus\.yml [0-9a-f]{64}$/),
    );
    const firstOwned = lines.findIndex((l) => l.startsWith("owned "));
    const otherPaths = new Set(others.files.map((f) => f.path));
    const otherLines = lines.flatMap((l, i) => (otherPaths.has(l.split(" ")[1]) ? [i] : []));
    expect(otherLines.length).toBe(others.files.length);
    expect(Math.max(...otherLines)).toBeLessThan(firstOwned);
    const without = verifyManifest(plan, DEBIAN_EDGE_PATHS).trim().split("\n");
    expect(lines.length - without.length).toBe(others.files.length);
  });
});
