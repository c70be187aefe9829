import type { HostingConfig } from "../config/schema.js";
import { customerDnsRecords, externalDnsInstructions } from "../dns/records.js";
import type { PlannedCustomer } from "../model/hosting-plan.js";
import { sharedFiles } from "./nginx-shared.js";
import { renderHttpSite, renderTlsSite, siteFileName } from "./nginx-site.js";
import type { AcmeSettings, EdgePaths } from "./paths.js";
import { sharedCommand } from "./scripts/shared-script.js";
import { siteCommand } from "./scripts/site-script.js";
import { customerSites } from "./sites.js";

/**
 * Everything the edge would receive, as relative path → content, for `npm run plan -- --render`:
 * the shared conf.d files, each site's final nginx file (the TLS variant once certified), every
 * apply/delete script, and the DNS records. Pure.
 */
export function renderEdgeFiles(
  customers: readonly PlannedCustomer[],
  config: HostingConfig,
  paths: EdgePaths,
  acme: AcmeSettings,
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(sharedFiles(paths))) files[`edge/nginx/conf.d/${name}`] = text;
  const shared = sharedCommand(paths);
  files["edge/scripts/shared.apply.sh"] = shared.apply;
  files["edge/scripts/shared.delete.sh"] = shared.delete;
  for (const customer of customers) {
    for (const site of customerSites(customer)) {
      const file = siteFileName(site);
      files[`edge/nginx/sites-available/${file}`] = site.tls ? renderTlsSite(site, paths) : renderHttpSite(site, paths);
      if (site.tls) files[`edge/nginx/before-certificate/${file}`] = renderHttpSite(site, paths);
      const cmd = siteCommand(site, paths, acme);
      files[`edge/scripts/site-${site.key}.apply.sh`] = cmd.apply;
      files[`edge/scripts/site-${site.key}.delete.sh`] = cmd.delete;
    }
  }
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
