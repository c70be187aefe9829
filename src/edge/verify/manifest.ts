import { createHash } from "node:crypto";
import type { HostingPlan } from "../../model/analyze.js";
import { renderBaseRules, renderNetworkRules, renderSshRules } from "../network/rules.js";
import {
  BASE_RULES_FILE,
  renderRestoreScript,
  restoreScriptPath,
  sshRulesFile,
} from "../network/scripts.js";
import { edgeNetContext, edgeNetworkSpec, sshAccessSpecs } from "../network/specs.js";
import {
  FORWARDING_SYSCTL_FILE,
  networkFileNames,
  RESTORE_UNIT,
  renderForwardingSysctl,
  renderLinkFile,
  renderNetworkFile,
  renderNetworkSysctl,
  renderRestoreUnit,
} from "../network/system-files.js";
import { sharedFiles } from "../nginx-shared.js";
import { renderHttpSite, renderTlsSite, siteFileName } from "../nginx-site.js";
import type { EdgePaths } from "../paths.js";
import { customerSites } from "../sites.js";

/**
 * What VM120 should hold, as the line-based manifest the read-only verify script checks:
 *   file <path> <sha256> [<alternative sha256>]   a project file and its content
 *   link <link> <target>                          a sites-enabled link
 *   owned <directory> <glob>                      files there matching glob must all be expected
 *   lineage <cert-name> required|optional         a certificate lineage (optional: external domain)
 *   sysctl <key> <value>
 *   rules <base64 of every rule file, merged>     compared with the live project chains
 * Paths and names are validated tokens (no spaces); the rules travel as base64.
 */
const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export function verifyManifest(
  plan: Pick<HostingPlan, "config" | "customers">,
  paths: EdgePaths,
): string {
  const { config, customers } = plan;
  const lines: string[] = [];
  const file = (path: string, ...contents: string[]) =>
    lines.push(`file ${path} ${contents.map(sha).join(" ")}`);
  const net = edgeNetContext(config);
  const rules: string[] = [renderBaseRules(net)];
  const rulesDir = `${paths.projectDir}/iptables.d`;

  for (const [name, text] of Object.entries(sharedFiles(paths)))
    file(`${paths.nginxDir}/conf.d/${name}`, text);
  file(`${rulesDir}/${BASE_RULES_FILE}`, rules[0]);
  file(restoreScriptPath(paths), renderRestoreScript(paths));
  file(`${paths.systemdUnitDir}/${RESTORE_UNIT}`, renderRestoreUnit(paths));
  file(`${paths.sysctlDir}/${FORWARDING_SYSCTL_FILE}`, renderForwardingSysctl());
  lines.push("sysctl net.ipv4.ip_forward 1");

  for (const customer of customers) {
    for (const site of customerSites(customer)) {
      const name = siteFileName(site);
      const available = `${paths.nginxDir}/sites-available/${name}`;
      // A TLS site still waiting for its certificate legitimately serves the HTTP variant.
      if (site.tls) file(available, renderTlsSite(site, paths), renderHttpSite(site, paths));
      else file(available, renderHttpSite(site, paths));
      lines.push(`link ${paths.nginxDir}/sites-enabled/${name} ${available}`);
      if (site.tls) lines.push(`lineage ${site.key} ${site.managed ? "required" : "optional"}`);
    }
    const network = edgeNetworkSpec(customer);
    if (network) {
      const names = networkFileNames(network.bridgeNumber);
      const text = renderNetworkRules(network, net);
      rules.push(text);
      file(`${rulesDir}/${names.rules}`, text);
      file(`${paths.systemdNetworkDir}/${names.link}`, renderLinkFile(network));
      file(`${paths.systemdNetworkDir}/${names.network}`, renderNetworkFile(network));
      file(`${paths.sysctlDir}/${names.sysctl}`, renderNetworkSysctl(network));
      lines.push(`sysctl net.ipv6.conf.${network.ifname}.disable_ipv6 1`);
    }
    for (const vm of sshAccessSpecs(customer)) {
      const text = renderSshRules(vm, customer.network.edgeAddress, net);
      rules.push(text);
      file(`${rulesDir}/${sshRulesFile(vm.vmid)}`, text);
    }
  }
  lines.push(
    `owned ${paths.nginxDir}/sites-available lsu-*.conf`,
    `owned ${paths.nginxDir}/conf.d lsu-*.conf`,
    `owned ${rulesDir} *.rules`,
    `owned ${paths.systemdNetworkDir} 60-lsu-*`,
    `owned ${paths.sysctlDir} 60-lsu-*`,
    `rules ${Buffer.from(rules.join("")).toString("base64")}`,
  );
  return `${lines.join("\n")}\n`;
}
