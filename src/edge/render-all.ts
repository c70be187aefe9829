import { customerDnsRecords, externalDnsInstructions } from "../dns/records.js";
import type { HostingPlan } from "../model/analyze.js";
import { edgeCommands } from "./commands.js";
import { renderBaseRules, renderNetworkRules, renderSshRules } from "./network/rules.js";
import { renderRestoreScript, sshRulesFile } from "./network/scripts.js";
import { edgeNetContext, edgeNetworkSpec, sshAccessSpecs } from "./network/specs.js";
import {
  FORWARDING_SYSCTL_FILE,
  networkFileNames,
  RESTORE_UNIT,
  renderForwardingSysctl,
  renderLinkFile,
  renderNetworkFile,
  renderNetworkSysctl,
  renderRestoreUnit,
} from "./network/system-files.js";
import { sharedFiles } from "./nginx-shared.js";
import { renderHttpSite, renderTlsSite, siteFileName } from "./nginx-site.js";
import type { AcmeSettings, EdgePaths } from "./paths.js";
import { customerSites } from "./sites.js";

/**
 * Everything the edge would receive, as relative path → content, for `npm run plan -- --render`:
 * the shared conf.d files, each site's final nginx file (the TLS variant once certified), the
 * rule sets, networkd, sysctl and unit files, every apply/delete script, and the DNS records. Pure.
 */
export function renderEdgeFiles(
  plan: Pick<HostingPlan, "config" | "customers">,
  paths: EdgePaths,
): Record<string, string> {
  const { config, customers } = plan;
  const acme: AcmeSettings = { email: config.adminEmail, server: config.acmeServer };
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(sharedFiles(paths)))
    files[`edge/nginx/conf.d/${name}`] = text;
  const net = edgeNetContext(config);
  files["edge/iptables.d/00-base.rules"] = renderBaseRules(net);
  files["edge/lightspeedup/restore-iptables.sh"] = renderRestoreScript(paths);
  files[`edge/systemd/system/${RESTORE_UNIT}`] = renderRestoreUnit(paths);
  files[`edge/sysctl.d/${FORWARDING_SYSCTL_FILE}`] = renderForwardingSysctl();
  for (const customer of customers) {
    const network = edgeNetworkSpec(customer);
    if (network) {
      const names = networkFileNames(network.bridgeNumber);
      files[`edge/iptables.d/${names.rules}`] = renderNetworkRules(network, net);
      files[`edge/systemd/network/${names.link}`] = renderLinkFile(network);
      files[`edge/systemd/network/${names.network}`] = renderNetworkFile(network);
      files[`edge/sysctl.d/${names.sysctl}`] = renderNetworkSysctl(network);
    }
    for (const vm of sshAccessSpecs(customer)) {
      files[`edge/iptables.d/${sshRulesFile(vm.vmid)}`] = renderSshRules(
        vm,
        customer.network.edgeAddress,
        net,
      );
    }
    for (const site of customerSites(customer)) {
      const file = siteFileName(site);
      files[`edge/nginx/sites-available/${file}`] = site.tls
        ? renderTlsSite(site, paths)
        : renderHttpSite(site, paths);
      if (site.tls) files[`edge/nginx/before-certificate/${file}`] = renderHttpSite(site, paths);
    }
  }
  for (const cmd of edgeCommands(customers, config, paths, acme)) {
    files[`edge/scripts/${cmd.name}.apply.sh`] = cmd.apply;
    files[`edge/scripts/${cmd.name}.delete.sh`] = cmd.delete;
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
