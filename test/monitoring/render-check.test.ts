import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateHostingConfig } from "../../src/config/validate-config.js";
import {
  HEALTH_SCHEMA_FILE,
  healthJsonSchemaText,
  healthSchema,
} from "../../src/monitoring/health.js";
import { renderMonitoringFiles } from "../../src/monitoring/render.js";
import { alertSpecs } from "../../src/monitoring/rules.js";
import { monitoringSettings } from "../../src/monitoring/settings.js";
import { betaConfigValues, PROJECT_DIR } from "../helpers/fixtures.js";
import { planFor, run, tempDir, writeTree } from "./helpers.js";

const CONF = "monitoring/monitoring/etc/lightspeedup/monitoring";
const HOSTILE = {
  monitoring: {
    ssh: {
      host: "192.168.12.9",
      port: 2222,
      user: "mon_op",
      hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKouUM75Qm8X0+uRpPaX/La6qgkk70dp4vnYvZa+KKrd",
    },
    grafanaDashboardsDir: "/srv/gra fana".replace(" ", "_"),
    healthJson: "/var/www/status-page/health.json",
    smtp: {
      smarthost: "mail.example.net:587",
      from: "o.brien+alerts@example.net",
      requireTls: true,
    },
    thresholds: { cpuPercent: 1, memoryPercent: 100, bridgeMbps: 0.5e2, dropsPerMinute: 1 },
    report: { schedule: "Mon..Fri *-*-* 06:30:00", mailTo: "ops+report@example.net" },
  },
};

function check(plan: ReturnType<typeof planFor>, discord: boolean) {
  // the variant with Discord also shows the Proxmox exporter's unit (both are secret-driven)
  const files = renderMonitoringFiles(plan, { discord, pveExporter: discord });
  const dir = tempDir("render");
  writeTree(dir, files);
  const prom = run(["promtool", "check", "config", join(dir, CONF, "prometheus.yml")]);
  const am = run(["amtool", "check-config", join(dir, CONF, "alertmanager.yml")]);
  return { files, dir, prom, am };
}

describe("rendered monitoring configuration passes promtool and amtool", () => {
  for (const [name, overrides] of [
    ["customers", {}],
    ["edge-cases", {}],
    ["edge-cases", HOSTILE],
  ] as const) {
    it(`${name}${overrides === HOSTILE ? " with hostile config values" : ""}`, () => {
      const plan = planFor(name, overrides);
      const vms = plan.customers.flatMap((c) => c.vms).length;
      const scripts: string[] = [];
      for (const discord of [false, true]) {
        const { files, dir, prom, am } = check(plan, discord);
        expect(prom.code, prom.stderr + prom.stdout).toBe(0);
        expect(prom.stdout).toContain("SUCCESS: 2 rule files found");
        // 3 inventory rules per VM + planned capacity per resource; every alert
        expect(prom.stdout).toContain(`SUCCESS: ${3 * vms + 3} rules found`);
        expect(prom.stdout).toContain(
          `SUCCESS: ${alertSpecs(monitoringSettings(plan.config)).length} rules found`,
        );
        expect(am.code, am.stderr + am.stdout).toBe(0);
        expect(am.stdout).toContain(`${discord ? 2 : 1} receivers`);
        const rules = run([
          "promtool",
          "check",
          "rules",
          join(dir, CONF, "rules.d/lsu-alerts.yml"),
        ]);
        expect(rules.code).toBe(0);
        for (const [path, text] of Object.entries(files)) {
          if (path.endsWith(".sh") && discord) scripts.push(join(dir, path));
          if (path.endsWith(".json")) expect(() => JSON.parse(text), path).not.toThrow();
          // no contact e-mail of any customer reaches the monitoring files
          for (const c of ["ops@", "odd@", "billing@", "it@shop-pair"])
            expect(text).not.toContain(c);
        }
        const grafana = Object.keys(files).filter((p) => p.includes("/lsu-customer-"));
        expect(grafana).toHaveLength(plan.customers.length);
        const uids = Object.entries(files)
          .filter(([p]) => /\/lsu-(customer-.*|overview)\.json$/.test(p))
          .map(([, t]) => JSON.parse(t).uid as string);
        expect(new Set(uids).size).toBe(plan.customers.length + 1);
        for (const uid of uids) expect(uid.length).toBeLessThanOrEqual(40);
      }
      // every script and installed shell file, in one shellcheck run
      expect(scripts.map((p) => p.split("/").pop())).toContain("monitoring-pve-exporter.apply.sh");
      expect(scripts.length).toBeGreaterThanOrEqual(16);
      const sc = run(["shellcheck", "-s", "bash", ...scripts]);
      expect(sc.stdout).toBe("");
      expect(sc.code).toBe(0);
    });
  }

  it("every systemd unit file passes systemd-analyze verify (and a bad key would not)", () => {
    const dir = tempDir("units");
    const files = renderMonitoringFiles(planFor("edge-cases", HOSTILE), {
      discord: true,
      pveExporter: true,
    });
    const units = Object.entries(files).filter(([p]) => /\.(service|timer)$/.test(p));
    expect(units.map(([p]) => p.split("/").pop()).sort()).toEqual([
      "lsu-edge-metrics.service",
      "lsu-edge-metrics.timer",
      "lsu-health.service",
      "lsu-health.timer",
      "lsu-pve-backups.service",
      "lsu-pve-backups.timer",
      "lsu-pve-exporter.service",
      "lsu-report.service",
      "lsu-report.timer",
    ]);
    const verify = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      const r = run(["systemd-analyze", "verify", join(dir, name)]);
      // the programs the units install are not on this machine
      return (r.stderr + r.stdout)
        .split("\n")
        .filter((l) => l && !/is not executable: No such file or directory$/.test(l));
    };
    for (const [path, text] of units)
      expect(verify(path.split("/").pop() ?? "", text), path).toEqual([]);
    const [, health] = units.find(([p]) => p.endsWith("lsu-health.service")) ?? ["", ""];
    expect(
      verify("bad.service", health.replace("Type=oneshot", "Type=oneshot\nFrobnicate=yes")),
    ).toEqual([expect.stringContaining("Unknown key 'Frobnicate' in section [Service]")]);
  });

  it("the relabelling gives each VM its plan's labels", () => {
    const plan = planFor("edge-cases");
    const text = check(plan, false).files[`${CONF}/prometheus.yml`];
    expect(text).toContain("regex: qemu/151\n");
    expect(text).toContain("replacement: shop-pair;business;isolated;vmbr20;web");
    expect(text).toContain("replacement: paused-co;starter;community;vmbr0;vm");
  });

  it("a broken rule is refused by promtool (the check is not vacuous)", () => {
    const plan = planFor("edge-cases");
    const { dir } = check(plan, false);
    const file = join(dir, CONF, "rules.d/lsu-alerts.yml");
    writeTree("/", {
      [file]: readFileSync(file, "utf8").replace(
        'expr: up{job="pve"} == 0',
        'expr: up{job="pve" == 0',
      ),
    });
    expect(run(["promtool", "check", "config", join(dir, CONF, "prometheus.yml")]).code).toBe(1);
  });
});

describe("hosting:monitoring validation", () => {
  const bad = (monitoring: unknown) =>
    validateHostingConfig({ ...betaConfigValues(), monitoring }, "Pulumi.beta.yaml").issues.map(
      (i) => `${i.path}: ${i.message}`,
    );
  it("refuses values that would reach a script or YAML unchecked", () => {
    expect(bad({ healthJson: "/var/www/../etc/passwd" })).toEqual([
      "hosting:monitoring.healthJson: must not contain '.' or '..' segments",
    ]);
    expect(bad({ grafanaDashboardsDir: "relative/dir" })[0]).toMatch(
      /grafanaDashboardsDir: must be an absolute path/,
    );
    expect(bad({ grafanaDashboardsDir: "/x/$(reboot)" })[0]).toMatch(/must be an absolute path/);
    expect(bad({ pveExporter: "localhost" })[0]).toMatch(/pveExporter: must be IPv4:port/);
    expect(bad({ report: { schedule: "daily; rm -rf /" } })[0]).toMatch(
      /schedule: must be a systemd calendar/,
    );
    expect(bad({ thresholds: { cpuPercent: 0 } })[0]).toMatch(/thresholds.cpuPercent/);
    expect(bad({ colour: "red" })[0]).toMatch(/allowed fields here: ssh, vmId/);
    expect(bad({})).toEqual([]);
  });
  it("defaults to the edge's SSH settings and Debian's paths", () => {
    const s = monitoringSettings(planFor("edge-cases").config);
    expect(s.onEdge).toBe(true);
    expect(s.ssh.host).toBe("192.168.12.120");
    expect(s.edgeNodeExporter).toBe("127.0.0.1:9100");
    expect(s.report.mailTo).toBe("admin@lightspeedup.com");
    const other = monitoringSettings(planFor("edge-cases", HOSTILE).config);
    expect(other.onEdge).toBe(false);
    expect(other.edgeNodeExporter).toBe("192.168.12.120:9100");
  });
});

describe("health.json", () => {
  it("the committed JSON Schema is the generated one", () => {
    expect(readFileSync(join(PROJECT_DIR, HEALTH_SCHEMA_FILE), "utf8")).toBe(
      healthJsonSchemaText(),
    );
  });
  it("the deploy's inventory counts customers per tier and status, without e-mails", () => {
    const files = renderMonitoringFiles(planFor("customers"));
    const text = files[`${CONF}/health-inventory.json`];
    const doc = healthSchema.parse(JSON.parse(text));
    expect(doc.customers).toBe(16);
    expect(doc.customersPerTier).toEqual({ community: 12, isolated: 4 });
    expect(doc.vms).toHaveLength(16);
    expect(text).not.toContain("@");
  });
});
