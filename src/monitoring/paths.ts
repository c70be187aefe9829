/**
 * Where the monitoring units write on their host. Production uses Debian's locations; the sandbox
 * tests render the same units against a temporary root. Every project-owned name carries `lsu`.
 */
export interface MonitoringPaths {
  /** /etc/lightspeedup/monitoring: prometheus.yml, rules.d/, alertmanager.yml, health inventory */
  configDir: string;
  /** the one lock every monitoring script holds for its whole run */
  lockFile: string;
  systemdUnitDir: string;
  /** node exporter's textfile collector directory */
  textfileDir: string;
  /** scripts the project's timers run */
  libexecDir: string;
  /** Python tools in venvs of their own (the Proxmox exporter) */
  optDir: string;
  /** where the daily report is written before it is mailed */
  reportDir: string;
  /** Prometheus' TSDB and Alertmanager's state */
  prometheusData: string;
  alertmanagerData: string;
  /** the command that lists missing packages' names into apt-get (a shim in tests) */
  aptGet: string;
  systemctl: string;
  promtool: string;
  amtool: string;
  /** where on the edge the last certificates live (the edge exporter reads them) */
  letsencryptLive: string;
  iptables: string;
  sysClassNet: string;
}

export const DEBIAN_MONITORING_PATHS: MonitoringPaths = {
  configDir: "/etc/lightspeedup/monitoring",
  lockFile: "/run/lock/lightspeedup-monitoring.lock",
  systemdUnitDir: "/etc/systemd/system",
  textfileDir: "/var/lib/prometheus/node-exporter",
  libexecDir: "/usr/local/lib/lightspeedup",
  optDir: "/opt/lightspeedup",
  reportDir: "/var/lib/lightspeedup/report",
  prometheusData: "/var/lib/prometheus/metrics2",
  alertmanagerData: "/var/lib/prometheus/alertmanager",
  aptGet: "apt-get",
  systemctl: "systemctl",
  promtool: "promtool",
  amtool: "amtool",
  letsencryptLive: "/etc/letsencrypt/live",
  iptables: "iptables",
  sysClassNet: "/sys/class/net",
};
