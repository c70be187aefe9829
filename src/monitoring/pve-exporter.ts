import { stringify } from "yaml";

/**
 * prometheus-pve-exporter, installed by the `monitoring-pve-exporter` unit when the operator sets
 * the secret `hosting:monitoringPveToken` (docs/monitoring.md "The Proxmox exporter"): a pinned
 * version in its own venv, its config with the read-only token, and a hardened service. Pure.
 */

/** The version the project pins (PyPI); `hosting:monitoring.pveExporterInstall.version` overrides. */
export const PVE_EXPORTER_VERSION = "3.10.2";
export const PVE_EXPORTER_PACKAGE = "prometheus-pve-exporter";

/** Shown by `--render` and the plan when the secret's value is not at hand. */
export const PVE_TOKEN_PLACEHOLDER = "prometheus@pve!exporter=00000000-0000-0000-0000-000000000000";

/** `user@realm!tokenid=secret`, as `pveum user token add` prints it (the secret is a UUID). */
const TOKEN =
  /^([A-Za-z0-9._-]{1,64}@[A-Za-z0-9._-]{1,32})!([A-Za-z][A-Za-z0-9._-]{0,63})=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface PveToken {
  user: string;
  tokenName: string;
  value: string;
}

/** Parses the secret, or throws an error that names it and the form allowed. */
export function parsePveToken(text: string): PveToken {
  const match = TOKEN.exec(text);
  if (!match) {
    throw new Error(
      "hosting:monitoringPveToken must be <user>@<realm>!<token id>=<secret UUID>, e.g. prometheus@pve!exporter=1b2c…, as `pveum user token add` prints it",
    );
  }
  return { user: match[1], tokenName: match[2], value: match[3] };
}

/** /etc/lightspeedup/monitoring/pve.yml: the exporter's `default` module (TLS verified). */
export function renderPveExporterConfig(token: string): string {
  const t = parsePveToken(token);
  return `# Managed by LightSpeedUp (Pulumi): the Proxmox exporter's token. Do not edit.\n${stringify(
    {
      default: { user: t.user, token_name: t.tokenName, token_value: t.value, verify_ssl: true },
    },
  )}`;
}

/** The backup collector's settings (scripts/pve-backups.py): the PVE API and the same token. */
export function renderPveBackupsConfig(
  pveAddress: string,
  node: string,
  storages: readonly string[],
  token: string,
): string {
  parsePveToken(token);
  const api = `https://${pveAddress}:8006/api2/json`;
  return `${JSON.stringify({ api, node, storages, token }, null, 2)}\n`;
}

/** The exporter's service: the prometheus user, loopback only, read-only system. */
export function renderPveExporterService(executable: string, config: string, listen: string) {
  return `# Managed by LightSpeedUp (Pulumi). Do not edit.
[Unit]
Description=prometheus-pve-exporter (LightSpeedUp)
Wants=network-online.target
After=network-online.target

[Service]
User=prometheus
Group=prometheus
# requests (in the venv) would check the PVE certificate against certifi's bundle, not Debian's
Environment=REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
ExecStart=${executable} --config.file ${config} --web.listen-address ${listen}
Restart=on-failure
RestartSec=5
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes

[Install]
WantedBy=multi-user.target
`;
}
