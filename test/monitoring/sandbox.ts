import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import type { HostingPlan } from "../../src/model/analyze.js";
import type { MonitoringPaths } from "../../src/monitoring/paths.js";
import { monitoringSettings } from "../../src/monitoring/settings.js";
import {
  type MonitoringSecrets,
  type MonitoringUnits,
  monitoringUnits,
} from "../../src/monitoring/units.js";
import type { RemoteUnit } from "../../src/remote/unit.js";
import { deleteNamespace, newNamespace, type Run, run, tempDir } from "./helpers.js";

/**
 * A monitoring host (and edge) under a temporary root, inside a network namespace of its own:
 * the real promtool, amtool, iptables and python3, a systemctl shim that records what it is asked
 * and remembers enabled/started units (a unit with a crash marker never becomes active: see
 * `crash`), and an apt-get shim that refuses (the packages are
 * installed here, so the scripts must not call it).
 */
export class MonitoringSandbox {
  readonly root = tempDir("sandbox");
  readonly ns = newNamespace("sb");
  readonly bin = join(this.root, "bin");
  readonly paths: MonitoringPaths;

  constructor() {
    chmodSync(this.root, 0o755);
    mkdirSync(this.bin);
    const shim = (name: string, body: string) => {
      writeFileSync(join(this.bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(this.bin, name), 0o755);
    };
    shim(
      "systemctl",
      `echo "$*" >> ${this.root}/systemctl.log
state=${this.root}/systemd-state; mkdir -p "$state"
unit=\${!#}
case "$1" in
  is-active|is-enabled) [ -e "$state/$1.$unit" ] ;;
  start|restart|reload-or-restart) [ -e "$state/crash.$unit" ] || touch "$state/is-active.$unit" ;;
  enable) touch "$state/is-enabled.$unit"; [[ "$*" == *--now* ]] && touch "$state/is-active.$unit"; true ;;
  disable) rm -f "$state/is-enabled.$unit"; [[ "$*" == *--now* ]] && rm -f "$state/is-active.$unit"; true ;;
  *) true ;;
esac`,
    );
    shim("apt-get", 'echo "apt-get $* must not run here" >&2; exit 1');
    const r = this.root;
    this.paths = {
      configDir: `${r}/etc/lightspeedup/monitoring`,
      lockFile: `${r}/run/lightspeedup-monitoring.lock`,
      systemdUnitDir: `${r}/etc/systemd/system`,
      textfileDir: `${r}/var/lib/prometheus/node-exporter`,
      libexecDir: `${r}/usr/local/lib/lightspeedup`,
      optDir: `${r}/opt/lightspeedup`,
      reportDir: `${r}/var/lib/lightspeedup/report`,
      prometheusData: `${r}/var/lib/prometheus/metrics2`,
      alertmanagerData: `${r}/var/lib/prometheus/alertmanager`,
      aptGet: `${this.bin}/apt-get`,
      systemctl: `${this.bin}/systemctl`,
      promtool: "promtool",
      amtool: "amtool",
      letsencryptLive: `${r}/etc/letsencrypt/live`,
      iptables: "iptables",
      sysClassNet: "/sys/class/net",
    };
    mkdirSync(this.paths.textfileDir, { recursive: true });
  }

  /** hosting:monitoring values that put Grafana's and health.json's files under the root. */
  configOverrides(): Record<string, unknown> {
    return {
      monitoring: {
        grafanaDashboardsDir: `${this.root}/var/lib/grafana/dashboards/lightspeedup`,
        grafanaProvisioningDir: `${this.root}/etc/grafana/provisioning`,
        healthJson: `${this.root}/var/www/html/health.json`,
      },
    };
  }

  units(plan: HostingPlan, secrets: MonitoringSecrets = {}): MonitoringUnits {
    return monitoringUnits(plan, monitoringSettings(plan.config), this.paths, secrets);
  }

  /** Runs a script inside the namespace as the remote command would, with its stdin. */
  sh(script: string, stdin = ""): Run {
    const file = join(this.root, `script-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(file, script);
    return run(["ip", "netns", "exec", this.ns, "bash", file], { input: stdin });
  }

  apply(unit: RemoteUnit, stdin = unit.stdin): Run {
    return this.sh(unit.apply, stdin);
  }

  delete(unit: RemoteUnit): Run {
    return this.sh(unit.delete);
  }

  /** Makes (or stops making) the systemctl shim's `unit` fail to stay up when started. */
  crash(unit: string, crashing: boolean): void {
    const marker = join(this.root, "systemd-state", `crash.${unit}`);
    mkdirSync(join(this.root, "systemd-state"), { recursive: true });
    if (crashing) {
      writeFileSync(marker, "");
      rmSync(join(this.root, "systemd-state", `is-active.${unit}`), { force: true });
    } else rmSync(marker, { force: true });
  }

  systemctlLog(): string[] {
    try {
      return readFileSync(join(this.root, "systemctl.log"), "utf8").split("\n").filter(Boolean);
    } catch {
      return [];
    }
  }

  /** Every file under the host's folders: relative path → "mode content". */
  tree(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        const st = statSync(p);
        if (st.isDirectory()) walk(p);
        else
          out[relative(this.root, p)] =
            `${(st.mode & 0o777).toString(8)} ${readFileSync(p, "utf8")}`;
      }
    };
    for (const top of ["etc", "usr", "var"]) {
      try {
        walk(join(this.root, top));
      } catch {
        // not created yet
      }
    }
    return out;
  }

  close(): void {
    deleteNamespace(this.ns);
  }
}
