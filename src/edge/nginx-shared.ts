import { CLOUDFLARE_RANGES } from "./cloudflare-ips.js";
import { nginxToken } from "./nginx-site.js";
import type { EdgePaths } from "./paths.js";

/**
 * Project-owned files in nginx's conf.d (included inside `http {}` before sites-enabled), so
 * they come first: settings every site needs, the real client address from Cloudflare, and a
 * catch-all so unknown names never see a customer's site or certificate.
 */

export const SHARED_FILES = {
  defaults: "lsu-00-defaults.conf",
  realIp: "lsu-10-cloudflare-realip.conf",
  catchAll: "lsu-20-catch-all.conf",
} as const;

export function renderDefaults(): string {
  return [
    "# Managed by LightSpeedUp (Pulumi); do not edit.",
    // 512, not the design card's 256: a bucket holds the name plus a pointer, so 256 fits names up
    // to about 245 characters and nginx refuses a 253-character domain (measured with nginx -t).
    "server_names_hash_bucket_size 512;",
    "map $http_upgrade $lsu_connection_upgrade {",
    "    default upgrade;",
    "    ''      close;",
    "}",
    "",
  ].join("\n");
}

export function renderRealIp(): string {
  return [
    "# Managed by LightSpeedUp (Pulumi); do not edit. Cloudflare's ranges may set the client address.",
    ...CLOUDFLARE_RANGES.map((range) => `set_real_ip_from ${nginxToken(range)};`),
    "real_ip_header CF-Connecting-IP;",
    "",
  ].join("\n");
}

/**
 * Port 443: the default server rejects the TLS handshake for unknown names. Port 80: this block is
 * the first server on the port, so it is the default unless another file names an explicit
 * `default_server` (Debian's stock default site does; then that welcome page answers, which holds
 * no customer content either).
 */
export function renderCatchAll(paths: EdgePaths): string {
  return [
    "# Managed by LightSpeedUp (Pulumi); do not edit. Unknown names get nothing.",
    "server {",
    "    listen 80;",
    "    listen [::]:80;",
    "    server_name lsu-catch-all.invalid;",
    "    location ^~ /.well-known/acme-challenge/ {",
    `        root ${nginxToken(paths.acmeWebroot)};`,
    "        try_files $uri =404;",
    "    }",
    "    location / {",
    "        return 444;",
    "    }",
    "}",
    "",
    "server {",
    "    listen 443 ssl default_server;",
    "    listen [::]:443 ssl default_server;",
    "    server_name lsu-catch-all.invalid;",
    "    ssl_reject_handshake on;",
    "}",
    "",
  ].join("\n");
}

export function sharedFiles(paths: EdgePaths): Record<string, string> {
  return {
    [SHARED_FILES.defaults]: renderDefaults(),
    [SHARED_FILES.realIp]: renderRealIp(),
    [SHARED_FILES.catchAll]: renderCatchAll(paths),
  };
}
