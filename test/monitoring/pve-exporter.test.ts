import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monitoringSettings } from "../../src/monitoring/settings.js";
import { monitoringUnits } from "../../src/monitoring/units.js";
import type { RemoteUnit } from "../../src/remote/unit.js";
import { planFor, run, tempDir } from "./helpers.js";
import { MonitoringSandbox } from "./sandbox.js";

/**
 * The monitoring-pve-exporter unit for real: a venv with the pinned package from a package index
 * (a local PEP 503 index holding a stand-in wheel, as PyPI is out of reach here), the config with
 * the token, the service; a failed upgrade keeps the running version; delete removes it all.
 */
const TOKEN = "prometheus@pve!exporter=1b2c3d4e-0000-4a5b-8c9d-0123456789ab";
const FIXTURE = join(__dirname, "fixtures", "fake-pve-exporter");
let box: MonitoringSandbox;
let index: string;

function packageIndex(versions: string[]): string {
  const root = tempDir("pypi");
  const project = join(root, "simple", "prometheus-pve-exporter");
  mkdirSync(project, { recursive: true });
  const links = versions.map((v) => {
    const r = run([
      "python3",
      join(FIXTURE, "build_wheel.py"),
      "prometheus-pve-exporter",
      v,
      project,
      join(FIXTURE, "fake_pve_exporter.py"),
    ]);
    if (r.code !== 0) throw new Error(r.stderr);
    const wheel = r.stdout.trim().split("/").pop();
    return `<a href="${wheel}">${wheel}</a>`;
  });
  writeFileSync(join(project, "index.html"), `<html><body>${links.join("")}</body></html>\n`);
  writeFileSync(
    join(root, "simple", "index.html"),
    '<html><body><a href="prometheus-pve-exporter/">prometheus-pve-exporter</a></body></html>\n',
  );
  return `file://${root}/simple`;
}

function pveUnit(version: string): RemoteUnit {
  const plan = planFor("customers", {
    monitoring: { pveExporterInstall: { version, indexUrl: index } },
  });
  const units = monitoringUnits(plan, monitoringSettings(plan.config), box.paths, {
    pveToken: TOKEN,
  });
  const unit = units.monitoring.find((u) => u.name === "monitoring-pve-exporter");
  if (!unit) throw new Error("no monitoring-pve-exporter unit");
  return unit;
}

beforeAll(() => {
  box = new MonitoringSandbox();
  index = packageIndex(["3.10.2", "3.11.0"]);
});
afterAll(() => box?.close());

describe("the Proxmox exporter unit in a sandbox", () => {
  const venv = () => join(box.paths.optDir, "pve-exporter");
  const config = () => join(box.paths.configDir, "pve.yml");

  it("installs the pinned version in a venv, its token config and its service, once", () => {
    const unit = pveUnit("3.10.2");
    const first = box.apply(unit);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("the Proxmox exporter: changed=1");
    expect(readlinkSync(venv())).toBe(`${venv()}-3.10.2`);
    expect(readFileSync(config(), "utf8")).toContain(
      "default:\n  user: prometheus@pve\n  token_name: exporter\n  token_value: 1b2c3d4e-0000-4a5b-8c9d-0123456789ab\n  verify_ssl: true\n",
    );
    expect((statSync(config()).mode & 0o777).toString(8)).toBe("640");
    const service = readFileSync(
      join(box.paths.systemdUnitDir, "lsu-pve-exporter.service"),
      "utf8",
    );
    expect(service).toContain(
      `ExecStart=${venv()}/bin/pve_exporter --config.file ${config()} --web.listen-address 127.0.0.1:9221`,
    );
    expect(box.systemctlLog()).toEqual(
      expect.arrayContaining(["enable --quiet lsu-pve-exporter", "restart lsu-pve-exporter"]),
    );
    const again = box.apply(unit);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("the Proxmox exporter: changed=0");
  });

  it("the service's command line runs the installed exporter with the token's user", async () => {
    const service = readFileSync(
      join(box.paths.systemdUnitDir, "lsu-pve-exporter.service"),
      "utf8",
    );
    const execStart = /^ExecStart=(.*)$/m.exec(service)?.[1].split(" ") ?? [];
    const exporter = spawn("ip", ["netns", "exec", box.ns, ...execStart], { stdio: "ignore" });
    try {
      let body = "";
      for (let i = 0; i < 50 && !body; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const r = run(["ip", "netns", "exec", box.ns, "curl", "-fsS", "http://127.0.0.1:9221/pve"]);
        if (r.code === 0) body = r.stdout;
      }
      expect(body).toContain('fake_exporter_user{user="prometheus@pve"} 1');
    } finally {
      exporter.kill();
    }
  });

  it("the backup collector writes each VM's newest backup from the PVE API, with the token", async () => {
    const volumes = {
      "backup-store": [
        { volid: "b:backup/vzdump-qemu-151-a.vma.zst", vmid: 151, ctime: 1764300000 },
        { volid: "b:backup/vzdump-qemu-151-b.vma.zst", vmid: 151, ctime: 1764386400 },
        { volid: "b:backup/vzdump-qemu-152-a.vma.zst", vmid: 152, ctime: 1764290000 },
        { volid: "b:backup/notes.txt" },
      ],
    };
    const config = join(box.root, "pve-backups-test.json");
    const installed = JSON.parse(
      readFileSync(join(box.paths.configDir, "pve-backups.json"), "utf8"),
    );
    expect(installed).toEqual({
      api: "https://192.168.12.70:8006/api2/json",
      node: expect.any(String),
      storages: [expect.any(String)],
      token: TOKEN,
    });
    const out = join(box.paths.textfileDir, "lsu-backups.prom");
    const collect = (api: string) => {
      writeFileSync(
        config,
        JSON.stringify({ ...installed, api, node: "pve", storages: ["backup-store"] }),
      );
      const script = join(box.paths.libexecDir, "lsu-pve-backups.py");
      return run(["ip", "netns", "exec", box.ns, "python3", script, config, out]);
    };
    const api = spawn(
      "ip",
      [
        "netns",
        "exec",
        box.ns,
        "python3",
        join(FIXTURE, "fake_pve_api.py"),
        "8006",
        TOKEN,
        JSON.stringify(volumes),
      ],
      { stdio: "ignore" },
    );
    try {
      let r = collect("http://127.0.0.1:8006/api2/json");
      for (let i = 0; i < 50 && readFileSync(out, "utf8").includes("up 0"); i++) {
        await new Promise((res) => setTimeout(res, 100));
        r = collect("http://127.0.0.1:8006/api2/json");
      }
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(out, "utf8");
      expect(text.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
        "lsu_pve_backups_up 1",
        'lsu_backup_last_timestamp_seconds{id="qemu/151"} 1764386400',
        'lsu_backup_last_timestamp_seconds{id="qemu/152"} 1764290000',
      ]);
      expect(run(["promtool", "check", "metrics"], { input: text }).code).toBe(0);
      // a wrong path (the token refused, an unknown storage): down, and no stale ages
      const refused = collect("http://127.0.0.1:8006/api2/json/wrong");
      expect(refused.code).toBe(0);
      expect(refused.stderr).toContain("lsu-pve-backups: HTTP Error 401");
      expect(readFileSync(out, "utf8")).toContain("lsu_pve_backups_up 0\n");
      expect(readFileSync(out, "utf8")).not.toContain("lsu_backup_last_timestamp_seconds{");
    } finally {
      api.kill();
    }
  });

  it("an upgrade pip cannot install fails and leaves the running version and files alone", () => {
    const before = box.systemctlLog().length;
    const r = box.apply(pveUnit("9.9.9"));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "pip could not install prometheus-pve-exporter==9.9.9; nothing changed:",
    );
    expect(readlinkSync(venv())).toBe(`${venv()}-3.10.2`);
    expect(box.systemctlLog().length).toBe(before);
  });

  it("an upgrade whose service does not stay up goes back to the running version", () => {
    process.env.LSU_TEST_VENV_SETTLE_SECONDS = "0";
    box.crash("lsu-pve-exporter", true);
    try {
      const r = box.apply(pveUnit("3.11.0"));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(
        `lsu-pve-exporter does not stay up on ${venv()}-3.11.0; back to ${venv()}-3.10.2`,
      );
      expect(readlinkSync(venv())).toBe(`${venv()}-3.10.2`);
      expect(box.systemctlLog().at(-1)).toBe("restart lsu-pve-exporter");
    } finally {
      box.crash("lsu-pve-exporter", false);
      delete process.env.LSU_TEST_VENV_SETTLE_SECONDS;
    }
  });

  it("an upgrade moves the service to the new version and keeps the previous one", () => {
    const before = box.systemctlLog().length;
    const r = box.apply(pveUnit("3.11.0"));
    expect(r.code, r.stderr).toBe(0);
    expect(readlinkSync(venv())).toBe(`${venv()}-3.11.0`);
    // the previous version stays for a rollback; a directory the project did not make is kept
    expect(run(["test", "-d", `${venv()}-3.10.2`]).code).toBe(0);
    expect(box.systemctlLog().slice(before)).toContain("reload-or-restart lsu-pve-exporter");
  });

  it("delete stops the service and removes its files and venv; twice succeeds", () => {
    const unit = pveUnit("3.11.0");
    const handMade = `${venv()}-by-hand`;
    mkdirSync(handMade, { recursive: true });
    writeFileSync(join(box.paths.textfileDir, "lsu-backups.prom"), "lsu_pve_backups_up 1\n");
    const r = box.delete(unit);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("deleted=1");
    expect(box.systemctlLog()).toContain("disable --now --quiet lsu-pve-exporter");
    expect(box.systemctlLog()).toContain("disable --now --quiet lsu-pve-backups.timer");
    expect(box.systemctlLog()).not.toContain("try-restart lsu-pve-exporter");
    for (const gone of [
      venv(),
      `${venv()}-3.11.0`,
      `${venv()}-3.10.2`,
      join(box.paths.textfileDir, "lsu-backups.prom"),
      config(),
      join(box.paths.configDir, "pve-backups.json"),
      join(box.paths.libexecDir, "lsu-pve-backups.py"),
      join(box.paths.systemdUnitDir, "lsu-pve-backups.timer"),
    ]) {
      expect(run(["test", "-e", gone]).code).toBe(1);
    }
    expect(
      run(["test", "-e", join(box.paths.systemdUnitDir, "lsu-pve-exporter.service")]).code,
    ).toBe(1);
    expect(run(["test", "-d", handMade]).code).toBe(0);
    const twice = box.delete(unit);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toContain("deleted=0");
  });
  it("a first install whose service does not stay up stops it and leaves no link, then retries", () => {
    process.env.LSU_TEST_VENV_SETTLE_SECONDS = "0";
    const unit = pveUnit("3.10.2");
    expect(run(["test", "-e", venv()]).code).not.toBe(0); // deleted by the test before
    box.crash("lsu-pve-exporter", true);
    try {
      const r = box.apply(unit);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(
        `lsu-pve-exporter does not stay up on its first install (${venv()}-3.10.2); stopped it and removed ${venv()} so the next apply tries again; see: journalctl -u lsu-pve-exporter`,
      );
      expect(run(["test", "-e", venv()]).code).not.toBe(0);
      expect(box.systemctlLog().at(-1)).toBe("stop lsu-pve-exporter");
    } finally {
      box.crash("lsu-pve-exporter", false);
    }
    try {
      const again = box.apply(unit);
      expect(again.code, again.stderr).toBe(0);
      expect(readlinkSync(venv())).toBe(`${venv()}-3.10.2`);
      expect(box.systemctlLog()).toContain("restart lsu-pve-exporter");
    } finally {
      delete process.env.LSU_TEST_VENV_SETTLE_SECONDS;
    }
  });
});
