import { customerDnsRecords, externalDnsInstructions } from "../dns/records.js";
import type { EdgePaths } from "./paths.js";
import { type EdgePlan, edgeUnits } from "./units/edge-units.js";
import { rulesDir } from "./units/values.js";

/**
 * Everything the edge would receive, as relative path → content, for `npm run plan -- --render`:
 * every unit's files (a site's final TLS variant, its HTTP variant under before-certificate/),
 * every unit's apply and delete script, and the DNS records. Pure.
 */
export function renderEdgeFiles(plan: EdgePlan, paths: EdgePaths): Record<string, string> {
  const files: Record<string, string> = {};
  const where = renderLocation(paths);
  for (const unit of edgeUnits(plan, paths)) {
    for (const file of unit.files) files[where(file.path)] = file.content;
    for (const alt of unit.alternatives) {
      files[where(alt.path).replace("/sites-available/", "/before-certificate/")] = alt.content;
    }
  }
  for (const unit of edgeUnits(plan, paths)) {
    files[`edge/scripts/${unit.name}.apply.sh`] = unit.apply;
    files[`edge/scripts/${unit.name}.delete.sh`] = unit.delete;
  }
  const { config, customers } = plan;
  files["dns/records.json"] = `${JSON.stringify(
    {
      managed: customers.flatMap((c) => customerDnsRecords(c, config)),
      external: customers.flatMap((c) => externalDnsInstructions(c, config)),
    },
    null,
    2,
  )}\n`;
  return files;
}

/** Maps an on-edge path to its place in the render folder (edge/nginx/…, edge/iptables.d/…). */
function renderLocation(paths: EdgePaths): (path: string) => string {
  const prefixes: [string, string][] = [
    [rulesDir(paths), "edge/iptables.d"],
    [paths.nginxDir, "edge/nginx"],
    [paths.projectDir, "edge/lightspeedup"],
    [paths.systemdUnitDir, "edge/systemd/system"],
    [paths.systemdNetworkDir, "edge/systemd/network"],
    [paths.sysctlDir, "edge/sysctl.d"],
  ];
  return (path) => {
    const match = prefixes.find(([prefix]) => path.startsWith(`${prefix}/`));
    if (!match) throw new Error(`no render location for ${path}`);
    return `${match[1]}${path.slice(match[0].length)}`;
  };
}
