import type { HostingPlan } from "../model/analyze.js";
import type { RemoteFile } from "../remote/unit.js";
import { WEBHOOK_PLACEHOLDER } from "./alertmanager-config.js";
import { DEBIAN_MONITORING_PATHS } from "./paths.js";
import { monitoringSettings } from "./settings.js";
import {
  type MonitoringSecrets,
  monitoringUnits,
  placeholderSecrets,
  type SecretsSet,
} from "./units.js";

/** A second stand-in token, to find the files that change with the token. */
const OTHER_PVE_TOKEN = "prometheus@pve!exporter=11111111-1111-4111-8111-111111111111";

/**
 * The files monitoring units put on the edge VM, for `edge:verify`: the edge's exporter always,
 * and every monitoring unit when the monitoring host is the edge VM itself. A file whose content
 * depends on a secret (found by rendering with two different stand-ins) is listed in `secret`:
 * edge:verify can only check that it exists. Pure.
 */
export function monitoringFilesOnEdge(
  plan: Pick<HostingPlan, "config" | "customers" | "capacity">,
  set: SecretsSet,
): { files: RemoteFile[]; secret: Set<string> } {
  const settings = monitoringSettings(plan.config);
  const render = (secrets: MonitoringSecrets) => {
    const units = monitoringUnits(plan, settings, DEBIAN_MONITORING_PATHS, secrets);
    return [...units.edge, ...(settings.onEdge ? units.monitoring : [])].flatMap((u) => u.files);
  };
  const files = render(placeholderSecrets(set));
  const other = new Map(
    render({
      discordWebhook: set.discord ? `${WEBHOOK_PLACEHOLDER}-other` : undefined,
      pveToken: set.pveExporter ? OTHER_PVE_TOKEN : undefined,
    }).map((f) => [f.path, f.content]),
  );
  const secret = new Set(files.filter((f) => other.get(f.path) !== f.content).map((f) => f.path));
  return { files, secret };
}
