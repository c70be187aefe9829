import type { EdgePaths } from "./paths.js";
import type { SiteSpec } from "./sites.js";

/**
 * nginx configuration of one site, in two variants: `http` (installed first, always serves ACME
 * and proxies or answers 503) and `tls` (the same plus the HTTPS server and the HTTP→HTTPS
 * redirect, installed only once the certificate exists). Pure.
 */

const SAFE = /^[A-Za-z0-9._/:[\]-]+$/;

/** Values reaching nginx are validated upstream; this refuses anything that could break syntax. */
export function nginxToken(value: string): string {
  if (!SAFE.test(value))
    throw new Error(`refusing to write ${JSON.stringify(value)} into an nginx config`);
  return value;
}

export const SUSPENDED_PAGE =
  "<!doctype html><html><head><title>Temporarily unavailable</title></head><body><h1>This site is temporarily unavailable.</h1></body></html>";

export function siteFileName(site: SiteSpec): string {
  return `lsu-${nginxToken(site.key)}.conf`;
}

function acmeLocation(paths: EdgePaths): string[] {
  return [
    "    location ^~ /.well-known/acme-challenge/ {",
    `        root ${nginxToken(paths.acmeWebroot)};`,
    "        default_type text/plain;",
    "        try_files $uri =404;",
    "    }",
  ];
}

function contentLocation(site: SiteSpec): string[] {
  if (site.suspended) {
    return [
      "    location / {",
      "        default_type text/html;",
      `        return 503 '${SUSPENDED_PAGE}';`,
      "    }",
    ];
  }
  return [
    "    location / {",
    `        proxy_pass http://${nginxToken(site.upstream)}:80;`,
    "        proxy_http_version 1.1;",
    "        proxy_set_header Host $host;",
    "        proxy_set_header X-Real-IP $remote_addr;",
    "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "        proxy_set_header X-Forwarded-Proto $scheme;",
    "        proxy_set_header Upgrade $http_upgrade;",
    "        proxy_set_header Connection $lsu_connection_upgrade;",
    "    }",
  ];
}

function serverName(site: SiteSpec): string {
  return `    server_name ${site.hostnames.map(nginxToken).join(" ")};`;
}

function header(site: SiteSpec, variant: "http" | "tls"): string[] {
  return [
    `# Managed by LightSpeedUp (Pulumi); do not edit. Customer ${nginxToken(site.customer)}, site ${nginxToken(site.domain)} (${variant}).`,
  ];
}

/** The port-80 server of a site: the ACME path always, then `content`. */
function port80Server(site: SiteSpec, paths: EdgePaths, content: string[]): string[] {
  return [
    "server {",
    "    listen 80;",
    "    listen [::]:80;",
    serverName(site),
    ...acmeLocation(paths),
    ...content,
    "}",
    "",
  ];
}

export function renderHttpSite(site: SiteSpec, paths: EdgePaths): string {
  return [...header(site, "http"), ...port80Server(site, paths, contentLocation(site))].join("\n");
}

export function certificateDir(site: SiteSpec, paths: EdgePaths): string {
  return `${paths.letsencryptDir}/live/${nginxToken(site.key)}`;
}

export function renderTlsSite(site: SiteSpec, paths: EdgePaths): string {
  const certDir = nginxToken(certificateDir(site, paths));
  return [
    ...header(site, "tls"),
    ...port80Server(site, paths, [
      "    location / {",
      "        return 301 https://$host$request_uri;",
      "    }",
    ]),
    "server {",
    "    listen 443 ssl http2;",
    "    listen [::]:443 ssl http2;",
    serverName(site),
    `    ssl_certificate ${certDir}/fullchain.pem;`,
    `    ssl_certificate_key ${certDir}/privkey.pem;`,
    "    ssl_protocols TLSv1.2 TLSv1.3;",
    ...acmeLocation(paths),
    ...contentLocation(site),
    "}",
    "",
  ].join("\n");
}
