/**
 * Where things live on the edge VM. Production uses Debian's stock locations; tests render the
 * same files and scripts against a sandbox root. Every project-owned name carries `lsu`.
 */
export interface EdgePaths {
  nginxDir: string;
  /** certbot --config-dir / --work-dir / --logs-dir */
  letsencryptDir: string;
  letsencryptWorkDir: string;
  letsencryptLogsDir: string;
  /** ACME HTTP-01 webroot served by every server block */
  acmeWebroot: string;
  /** project state that must survive a failed run (a reload still owed) */
  stateDir: string;
  /** the one lock every project script holds for its whole run */
  lockFile: string;
  /** the command that reloads nginx after a successful `nginx -t` */
  reloadCommand: string;
  /** /etc/lightspeedup: rule files (iptables.d/) and the restore script */
  projectDir: string;
  systemdNetworkDir: string;
  sysctlDir: string;
  systemdUnitDir: string;
}

export const DEBIAN_EDGE_PATHS: EdgePaths = {
  nginxDir: "/etc/nginx",
  letsencryptDir: "/etc/letsencrypt",
  letsencryptWorkDir: "/var/lib/letsencrypt",
  letsencryptLogsDir: "/var/log/letsencrypt",
  acmeWebroot: "/var/lib/lightspeedup/acme",
  stateDir: "/var/lib/lightspeedup/state",
  lockFile: "/run/lightspeedup/edge.lock",
  reloadCommand: "systemctl reload nginx",
  projectDir: "/etc/lightspeedup",
  systemdNetworkDir: "/etc/systemd/network",
  sysctlDir: "/etc/sysctl.d",
  systemdUnitDir: "/etc/systemd/system",
};

/** The ACME directory certbot talks to: undefined = certbot's default (Let's Encrypt). */
export interface AcmeSettings {
  server?: string;
  email: string;
}
