import type { HostingConfig } from "../config/schema.js";
import type { HostingPlan } from "../model/analyze.js";
import type { RemoteFile, RemoteUnit } from "../remote/unit.js";
import { renderAlertmanagerConfig, WEBHOOK_PLACEHOLDER } from "./alertmanager-config.js";
import { renderDashboards, renderGrafanaProvisioning } from "./dashboards.js";
import { edgeNetworksFile } from "./edge-networks.js";
import { healthInventory } from "./health.js";
import { monitoredVms } from "./inventory.js";
import type { MonitoringPaths } from "./paths.js";
import {
  ALERTMANAGER_LISTEN,
  PROMETHEUS_LISTEN,
  RULE_FILES,
  renderPrometheusConfig,
} from "./prometheus-config.js";
import {
  PVE_EXPORTER_PACKAGE,
  PVE_TOKEN_PLACEHOLDER,
  renderPveBackupsConfig,
  renderPveExporterConfig,
  renderPveExporterService,
} from "./pve-exporter.js";
import { reportBundle } from "./report/bundle.js";
import { renderAlertRules, renderInventoryRules } from "./rules.js";
import { header, scriptFile } from "./script-files.js";
import type { MonitoringSettings } from "./settings.js";

/** A file with the group that owns it (root unless said otherwise). */
type OwnedFile = RemoteFile & { group?: string };

interface UnitSpec {
  name: string;
  label: string;
  files: OwnedFile[];
  packages: string[];
  /** the check run on the installed files before anything is reloaded ([] = none) */
  validate: string[];
  services: string[];
  timers: string[];
  runOnce: string[];
  sweep?: { dir: string; glob: string };
  /** files the unit's timers write (removed on delete, so no stale metric outlives the unit) */
  outputs?: string[];
  /** a Python tool in a venv of its own (scripts/venv.sh) */
  venv?: { link: string; package: string; version: string; check: string; index: string };
}

/** The apply and delete scripts and the payload of one unit, from its spec. Pure. */
export function buildUnit(spec: UnitSpec, paths: MonitoringPaths): RemoteUnit {
  const values = header(
    {
      LABEL: spec.label,
      LOCK_FILE: paths.lockFile,
      FILES: spec.files.map((f) => f.path),
      MODES: spec.files.map((f) => f.mode ?? "0644"),
      GROUPS_: spec.files.map((f) => f.group ?? "root"),
      PACKAGES: spec.packages,
      SYSTEMCTL: paths.systemctl,
      APT_GET: paths.aptGet,
      PROMTOOL: paths.promtool,
      UNIT_DIR: paths.systemdUnitDir,
      PENDING_FILE: `${paths.configDir}/.${spec.name}.reload-pending`,
      VALIDATE: spec.validate,
      SERVICES: spec.services,
      TIMERS: spec.timers,
      RUN_ONCE: spec.runOnce,
      SWEEP_DIR: spec.sweep?.dir ?? "",
      SWEEP_GLOB: spec.sweep?.glob ?? "",
      OUTPUTS: spec.outputs ?? [],
      ...(spec.venv
        ? {
            VENV: spec.venv.link,
            VENV_PACKAGE: spec.venv.package,
            VENV_VERSION: spec.venv.version,
            VENV_CHECK: spec.venv.check,
            PIP_INDEX: spec.venv.index,
          }
        : {}),
    },
    true,
  );
  const top = `#!/bin/bash\n# Managed by LightSpeedUp (Pulumi): ${spec.label}. Idempotent.\n${values}\n`;
  const common = `${scriptFile("common.sh")}${spec.venv ? scriptFile("venv.sh") : ""}`;
  return {
    name: spec.name,
    files: spec.files.map(({ path, content, mode }) => ({ path, content, mode: mode ?? "0644" })),
    apply: `${top}${common}${scriptFile("apply.sh")}`,
    delete: `${top}${common}${scriptFile("delete.sh")}`,
    stdin: spec.files
      .map((f, i) => `${i} ${Buffer.from(f.content, "utf8").toString("base64")}\n`)
      .join(""),
    needs: [],
  };
}

const dropIn = (execStart: string) =>
  `# Managed by LightSpeedUp (Pulumi). Do not edit.\n[Service]\nExecStart=\nExecStart=${execStart}\n`;

export interface MonitoringUnits {
  /** units on the monitoring host */
  monitoring: RemoteUnit[];
  /** units on the edge VM (its textfile exporter) */
  edge: RemoteUnit[];
}

/**
 * The secrets some units carry: each is its value when deploying, or a placeholder when files are
 * only shown; undefined = not configured (no Discord route; the Proxmox exporter managed by hand).
 */
export interface MonitoringSecrets {
  /** hosting:monitoringDiscordWebhook */
  discordWebhook?: string;
  /** hosting:monitoringPveToken */
  pveToken?: string;
}

/** Which of those secrets a stack sets, where their values are not at hand (a plan, edge:verify). */
export interface SecretsSet {
  discord: boolean;
  pveExporter: boolean;
}

/** The placeholders shown in place of the secrets a stack sets. */
export function placeholderSecrets(set: Partial<SecretsSet>): MonitoringSecrets {
  return {
    discordWebhook: set.discord ? WEBHOOK_PLACEHOLDER : undefined,
    pveToken: set.pveExporter ? PVE_TOKEN_PLACEHOLDER : undefined,
  };
}

/** Every monitoring unit for a plan. Pure. */
export function monitoringUnits(
  plan: Pick<HostingPlan, "config" | "customers" | "capacity">,
  settings: MonitoringSettings,
  paths: MonitoringPaths,
  secrets: MonitoringSecrets = {},
): MonitoringUnits {
  const { discordWebhook, pveToken } = secrets;
  const vms = monitoredVms(plan);
  const c = paths.configDir;
  const u = paths.systemdUnitDir;
  const prometheus: UnitSpec = {
    name: "monitoring-prometheus",
    label: "Prometheus configuration and rules",
    files: [
      { path: `${c}/prometheus.yml`, content: renderPrometheusConfig(vms, settings) },
      { path: `${c}/${RULE_FILES[0]}`, content: renderInventoryRules(vms, plan.capacity) },
      { path: `${c}/${RULE_FILES[1]}`, content: renderAlertRules(settings) },
      {
        path: `${u}/prometheus.service.d/lsu.conf`,
        content: dropIn(
          `/usr/bin/prometheus --config.file=${c}/prometheus.yml --storage.tsdb.path=${paths.prometheusData}/ --storage.tsdb.retention.time=${settings.retention} --web.listen-address=${PROMETHEUS_LISTEN}`,
        ),
      },
    ],
    packages: ["prometheus", "prometheus-node-exporter"],
    validate: [paths.promtool, "check", "config", `${c}/prometheus.yml`],
    services: ["prometheus"],
    timers: [],
    runOnce: [],
  };
  const alertmanager: UnitSpec = {
    name: "monitoring-alertmanager",
    label: "Alertmanager routes",
    files: [
      {
        path: `${c}/alertmanager.yml`,
        content: renderAlertmanagerConfig(settings, plan.config.adminEmail, discordWebhook),
        mode: "0640",
        group: "prometheus",
      },
      {
        path: `${u}/prometheus-alertmanager.service.d/lsu.conf`,
        content: dropIn(
          `/usr/bin/prometheus-alertmanager --config.file=${c}/alertmanager.yml --storage.path=${paths.alertmanagerData} --web.listen-address=${ALERTMANAGER_LISTEN} --cluster.listen-address=`,
        ),
      },
    ],
    packages: ["prometheus-alertmanager"],
    validate: [paths.amtool, "check-config", `${c}/alertmanager.yml`],
    services: ["prometheus-alertmanager"],
    timers: [],
    runOnce: [],
  };
  const provisioning = renderGrafanaProvisioning(settings.grafanaDashboardsDir);
  const grafana: UnitSpec = {
    name: "monitoring-grafana",
    label: "Grafana data source and dashboards",
    files: [
      ...Object.entries(provisioning).map(([rel, content]) => ({
        path: `${settings.grafanaProvisioningDir}/${rel}`,
        content,
      })),
      ...Object.entries(renderDashboards(plan)).map(([rel, content]) => ({
        path: `${settings.grafanaDashboardsDir}/${rel}`,
        content,
      })),
    ],
    packages: [],
    validate: ["lsu_check_json"],
    services: [],
    timers: [],
    runOnce: [],
    sweep: { dir: settings.grafanaDashboardsDir, glob: "lsu-*.json" },
  };
  const healthScript = `${paths.libexecDir}/lsu-health.py`;
  const health: UnitSpec = {
    name: "monitoring-health",
    label: "health.json for health.php",
    files: [
      {
        path: `${c}/health-inventory.json`,
        content: `${JSON.stringify(healthInventory(plan), null, 2)}\n`,
      },
      { path: healthScript, content: scriptFile("health.py"), mode: "0755" },
      {
        path: `${u}/lsu-health.service`,
        content: serviceUnit(
          "Writes health.json for health.php (LightSpeedUp)",
          `/usr/bin/python3 ${healthScript} ${c}/health-inventory.json ${settings.healthJson} http://${PROMETHEUS_LISTEN}`,
        ),
      },
      { path: `${u}/lsu-health.timer`, content: timerUnit("health.json every minute", "minutely") },
    ],
    packages: ["python3"],
    validate: ["lsu_check_json"],
    services: [],
    timers: ["lsu-health.timer"],
    runOnce: ["lsu-health.service"],
    outputs: [settings.healthJson],
  };
  const specs = [prometheus, alertmanager, grafana, health];
  if (pveToken !== undefined)
    specs.unshift(pveExporterSpec(plan.config, settings, paths, pveToken));
  if (settings.report.enabled) specs.push(reportSpec(settings, paths));
  return {
    monitoring: specs.map((s) => buildUnit(s, paths)),
    edge: [buildUnit(edgeExporterSpec(plan, settings, paths), paths)],
  };
}

/**
 * prometheus-pve-exporter (src/monitoring/pve-exporter.ts) in a venv, with its token; and, with the
 * same token, the newest backup per VM for the textfile collector (scripts/pve-backups.py).
 */
function pveExporterSpec(
  config: Pick<HostingConfig, "node" | "backup">,
  settings: MonitoringSettings,
  paths: MonitoringPaths,
  token: string,
): UnitSpec {
  const venv = `${paths.optDir}/pve-exporter`;
  const exporterConfig = `${paths.configDir}/pve.yml`;
  const backupsConfig = `${paths.configDir}/pve-backups.json`;
  const backups = `${paths.libexecDir}/lsu-pve-backups.py`;
  const u = paths.systemdUnitDir;
  const secretFile = (path: string, content: string) =>
    ({ path, content, mode: "0640", group: "prometheus" }) as const;
  return {
    name: "monitoring-pve-exporter",
    label: "the Proxmox exporter",
    files: [
      secretFile(exporterConfig, renderPveExporterConfig(token)),
      {
        path: `${u}/lsu-pve-exporter.service`,
        content: renderPveExporterService(
          `${venv}/bin/pve_exporter`,
          exporterConfig,
          settings.pveExporter,
        ),
      },
      secretFile(
        backupsConfig,
        renderPveBackupsConfig(settings.pveTarget, config.node, [config.backup.storage], token),
      ),
      { path: backups, content: scriptFile("pve-backups.py"), mode: "0755" },
      {
        path: `${u}/lsu-pve-backups.service`,
        content: `${serviceUnit(
          "Writes the newest backup per VM for the textfile collector (LightSpeedUp)",
          `/usr/bin/python3 ${backups} ${backupsConfig} ${paths.textfileDir}/lsu-backups.prom`,
        )}${collectorHardening(paths.textfileDir)}`,
      },
      {
        path: `${u}/lsu-pve-backups.timer`,
        content: timerUnit("the newest backups every 15 minutes", "*:0/15"),
      },
    ],
    packages: ["python3-venv", "prometheus", "prometheus-node-exporter"],
    validate: ["python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", backups],
    services: ["lsu-pve-exporter"],
    timers: ["lsu-pve-backups.timer"],
    runOnce: ["lsu-pve-backups.service"],
    outputs: [`${paths.textfileDir}/lsu-backups.prom`],
    venv: {
      link: venv,
      package: PVE_EXPORTER_PACKAGE,
      version: settings.pveExporterInstall.version,
      check: "pve_exporter",
      index: settings.pveExporterInstall.indexUrl,
    },
  };
}

/** The daily report: `npm run report` bundled for Debian's node, mailed by a timer. */
function reportSpec(settings: MonitoringSettings, paths: MonitoringPaths): UnitSpec {
  const u = paths.systemdUnitDir;
  const bundle = `${paths.libexecDir}/lsu-report.js`;
  const mail = `${paths.libexecDir}/lsu-report-mail.sh`;
  const base = `${paths.reportDir}/daily`;
  const mailHeader = header({
    REPORT_BASE: base,
    MAIL_TO: settings.report.mailTo,
    MAIL_FROM: settings.smtp.from,
    SENDMAIL: "/usr/sbin/sendmail",
  });
  return {
    name: "monitoring-report",
    label: "the daily report",
    files: [
      { path: bundle, content: reportBundle() },
      {
        path: mail,
        content: `#!/bin/bash\n# Managed by LightSpeedUp (Pulumi). Do not edit.\n${mailHeader}\n${scriptFile("report-mail.sh")}`,
        mode: "0755",
      },
      {
        path: `${u}/lsu-report.service`,
        content: `${serviceUnit(
          "Mails the LightSpeedUp daily report",
          `/usr/bin/node ${bundle} --prometheus http://${PROMETHEUS_LISTEN} --since 24h --out ${base}`,
        )}ExecStart=${mail}\nExecStartPre=/bin/mkdir -p ${paths.reportDir}\n`,
      },
      {
        path: `${u}/lsu-report.timer`,
        content: timerUnit("the daily report", settings.report.schedule),
      },
    ],
    packages: ["nodejs"],
    validate: ["node", "--check", bundle],
    services: [],
    timers: ["lsu-report.timer"],
    runOnce: [],
  };
}

function edgeExporterSpec(
  plan: Pick<HostingPlan, "config" | "customers">,
  settings: MonitoringSettings,
  paths: MonitoringPaths,
): UnitSpec {
  const c = paths.configDir;
  const u = paths.systemdUnitDir;
  const networks = `${c}/edge-networks.tsv`;
  const collector = `${paths.libexecDir}/lsu-edge-metrics.sh`;
  const collectorHeader = header({
    TEXTFILE_DIR: paths.textfileDir,
    NETWORKS_FILE: networks,
    LETSENCRYPT_LIVE: paths.letsencryptLive,
    IPTABLES: paths.iptables,
    SYS_CLASS_NET: paths.sysClassNet,
  });
  return {
    name: "monitoring-edge-exporter",
    label: "the edge's textfile exporter",
    files: [
      { path: networks, content: edgeNetworksFile(plan) },
      {
        path: collector,
        content: `#!/bin/bash\n# Managed by LightSpeedUp (Pulumi). Do not edit.\n${collectorHeader}\n${scriptFile("edge-metrics.sh")}`,
        mode: "0755",
      },
      {
        path: `${u}/lsu-edge-metrics.service`,
        content: serviceUnit(
          "Writes the edge's network and drop counters (LightSpeedUp)",
          collector,
        ),
      },
      {
        path: `${u}/lsu-edge-metrics.timer`,
        content: timerUnit("the edge's counters every minute", "minutely"),
      },
      {
        path: `${u}/prometheus-node-exporter.service.d/lsu.conf`,
        content: dropIn(
          `/usr/bin/prometheus-node-exporter --web.listen-address=${settings.edgeNodeExporter} --collector.textfile.directory=${paths.textfileDir}`,
        ),
      },
    ],
    packages: ["prometheus-node-exporter"],
    validate: ["lsu_check_collector", collector],
    services: ["prometheus-node-exporter"],
    timers: ["lsu-edge-metrics.timer"],
    runOnce: ["lsu-edge-metrics.service"],
    outputs: [`${paths.textfileDir}/lsu-edge.prom`],
  };
}

/**
 * A collector that only reads its config and the network and writes one textfile: root (the
 * textfile directory's owner varies), but with a read-only system besides that directory.
 */
function collectorHardening(textfileDir: string): string {
  return `NoNewPrivileges=yes\nProtectSystem=strict\nReadWritePaths=${textfileDir}\nProtectHome=yes\nPrivateTmp=yes\n`;
}

function serviceUnit(description: string, execStart: string): string {
  return `# Managed by LightSpeedUp (Pulumi). Do not edit.
[Unit]
Description=${description}

[Service]
Type=oneshot
ExecStart=${execStart}
`;
}

function timerUnit(description: string, calendar: string): string {
  return `# Managed by LightSpeedUp (Pulumi). Do not edit.
[Unit]
Description=${description}

[Timer]
OnCalendar=${calendar}
AccuracySec=10s
Persistent=true

[Install]
WantedBy=timers.target
`;
}
