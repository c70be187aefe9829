import { certificateDir, renderHttpSite, renderTlsSite, siteFileName } from "../nginx-site.js";
import type { AcmeSettings, EdgePaths } from "../paths.js";
import { shellScript } from "../shell/script.js";
import type { SiteSpec } from "../sites.js";
import { EDGE_UNIT_NAMES, type EdgeUnit, emptyChecks } from "./edge-unit.js";
import { encodePayload } from "./payload.js";
import { beginValues, certbotValues, nginxValues } from "./values.js";

/**
 * One nginx site: its file in sites-available (the TLS variant once certified, the HTTP variant
 * before), the sites-enabled link and the certificate lineage. The files arrive on stdin, so a
 * content change re-runs only this site's command, in place.
 */
export function siteUnit(
  site: SiteSpec,
  paths: EdgePaths,
  acme: AcmeSettings,
  dnsHostnames: readonly string[],
): EdgeUnit {
  const file = siteFileName(site);
  const available = `${paths.nginxDir}/sites-available/${file}`;
  const enabled = `${paths.nginxDir}/sites-enabled/${file}`;
  const http = renderHttpSite(site, paths);
  const tls = renderTlsSite(site, paths);
  const values = {
    ...nginxValues(paths),
    ...certbotValues(paths),
    SITE_KEY: site.key,
    SITE_AVAILABLE: available,
    SITE_ENABLED: enabled,
  };
  return {
    name: EDGE_UNIT_NAMES.site(site.key),
    files: [{ path: available, content: site.tls ? tls : http }],
    apply: shellScript({
      title: `the site ${site.domain}`,
      values: {
        ...beginValues(paths, ["http", "tls"]),
        ...values,
        LSU_ACME_WEBROOT: paths.acmeWebroot,
        LSU_ACME_EMAIL: acme.email,
        LSU_ACME_SERVER: acme.server ?? "",
        SITE_DOMAIN: site.domain,
        SITE_HOSTNAMES: site.hostnames,
        SITE_TLS: site.tls ? 1 : 0,
        SITE_MANAGED: site.managed ? 1 : 0,
        SITE_CERT: `${certificateDir(site, paths)}/fullchain.pem`,
      },
      libs: ["begin.sh", "nginx.sh", "certbot.sh"],
      body: "site-apply.sh",
    }),
    delete: shellScript({
      title: `removes the site ${site.domain}`,
      values: {
        ...beginValues(paths, []),
        ...values,
        SITE_CERT_DIR: certificateDir(site, paths),
      },
      libs: ["begin.sh", "nginx.sh", "certbot.sh"],
      body: "site-delete.sh",
    }),
    stdin: encodePayload({ http, tls }),
    needs: [
      { kind: "unit", name: EDGE_UNIT_NAMES.shared },
      { kind: "vm", vmid: site.upstreamVmid },
      ...site.hostnames
        .filter((h) => dnsHostnames.includes(h))
        .map((hostname) => ({ kind: "dnsRecord" as const, hostname })),
    ],
    ...emptyChecks(),
    alternatives: site.tls ? [{ path: available, content: http }] : [],
    links: [{ link: enabled, target: available }],
    lineages: site.tls
      ? [{ certName: site.key, required: site.managed, hostnames: site.hostnames }]
      : [],
    serverNames: site.hostnames,
  };
}
