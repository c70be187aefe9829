import { certificateDir, renderHttpSite, renderTlsSite, siteFileName } from "../nginx-site.js";
import type { AcmeSettings, EdgePaths } from "../paths.js";
import type { SiteSpec } from "../sites.js";
import { certbotFunction, INSTALL_FUNCTION, prelude, reloadIfChanged, sh } from "./common.js";
import { encodePayload } from "./payload.js";

/**
 * The edge command of one site. `apply` is both create and update; the site's nginx files arrive
 * on stdin, so a content change re-runs only this site's command, in place.
 *
 * Order: the HTTP site (ACME path + proxy or 503) goes live first and stays whatever certbot does;
 * then certbot; the TLS variant only once the certificate exists. For a managed zone a certbot
 * failure fails the command; for an external domain it prints "waiting for DNS" and succeeds.
 */
export interface SiteCommand {
  apply: string;
  delete: string;
  stdin: string;
}

export function siteCommand(site: SiteSpec, paths: EdgePaths, acme: AcmeSettings): SiteCommand {
  return {
    apply: siteApplyScript(site, paths, acme),
    delete: siteDeleteScript(site, paths),
    stdin: encodePayload({ http: renderHttpSite(site, paths), tls: renderTlsSite(site, paths) }),
  };
}

function locations(site: SiteSpec, paths: EdgePaths) {
  const file = siteFileName(site);
  return {
    available: `${paths.nginxDir}/sites-available/${file}`,
    enabled: `${paths.nginxDir}/sites-enabled/${file}`,
    cert: `${certificateDir(site, paths)}/fullchain.pem`,
  };
}

export function siteApplyScript(site: SiteSpec, paths: EdgePaths, acme: AcmeSettings): string {
  const at = locations(site, paths);
  const domains = site.hostnames.map((h) => `-d ${sh(h)}`).join(" ");
  const server = acme.server ? ` --server ${sh(acme.server)}` : "";
  const certbot =
    `lsu_certbot certonly --webroot -w ${sh(paths.acmeWebroot)} --cert-name ${sh(site.key)} ${domains} ` +
    `--non-interactive --agree-tos -m ${sh(acme.email)} --deploy-hook ${sh(paths.reloadCommand)}${server}`;
  const onFailure = site.managed
    ? `echo ${sh(`certbot failed for ${site.domain} (managed zone):`)} >&2; cat "$tmp/certbot.log" >&2; exit 1`
    : `echo ${sh(`LSU-SITE ${site.key} tls=waiting-for-dns`)}; echo ${sh(`waiting for DNS: ${site.domain} does not point here yet`)}" (certbot: $(tail -n 1 "$tmp/certbot.log"))"; exit 0`;
  return `${prelude(paths, ["http", "tls"])}${INSTALL_FUNCTION}${certbotFunction(paths)}
mkdir -p ${sh(paths.acmeWebroot)} ${sh(`${paths.nginxDir}/sites-available`)} ${sh(`${paths.nginxDir}/sites-enabled`)}
${
  site.tls
    ? `if [ -s ${sh(at.cert)} ]; then lsu_install "$tmp/tls" ${sh(at.available)} ${sh(at.enabled)}; else lsu_install "$tmp/http" ${sh(at.available)} ${sh(at.enabled)}; fi
${reloadIfChanged(paths)}CHANGED=0
if ! ${certbot}; then
  ${onFailure}
fi
if [ -s ${sh(at.cert)} ]; then lsu_install "$tmp/tls" ${sh(at.available)} ${sh(at.enabled)}; fi
${reloadIfChanged(paths)}echo ${sh(`LSU-SITE ${site.key} tls=active`)}`
    : `lsu_install "$tmp/http" ${sh(at.available)} ${sh(at.enabled)}
${reloadIfChanged(paths)}echo ${sh(`LSU-SITE ${site.key} tls=none`)}`
}
`;
}

export function siteDeleteScript(site: SiteSpec, paths: EdgePaths): string {
  const at = locations(site, paths);
  const lineage = `${paths.letsencryptDir}/renewal/${site.key}.conf`;
  return `${prelude(paths, [])}${INSTALL_FUNCTION}${certbotFunction(paths)}
lsu_remove ${sh(at.available)} ${sh(at.enabled)}
${reloadIfChanged(paths)}if [ -e ${sh(lineage)} ] || [ -d ${sh(certificateDir(site, paths))} ]; then
  lsu_certbot delete --cert-name ${sh(site.key)} --non-interactive || { cat "$tmp/certbot.log" >&2; exit 1; }
fi
echo ${sh(`LSU-SITE ${site.key} deleted`)}
`;
}
