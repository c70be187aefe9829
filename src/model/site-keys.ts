import { createHash } from "node:crypto";

/**
 * The key that names a site's files on the edge (sites-available/lsu-<key>.conf) and its
 * certificate lineage (certbot --cert-name <key>). File names are limited to 255 bytes, so a
 * domain longer than MAX_KEY is shortened to a prefix, "_" and a hash of the whole domain. A
 * hostname never contains "_" (RFC 1123), so a shortened key can never equal a domain's own key:
 * two hostnames share a key only if two long domains share the 64-bit hash, which validation
 * refuses as well.
 */
const MAX_KEY = 200;
const HASH_CHARS = 16;

export function siteKey(domain: string): string {
  if (domain.length <= MAX_KEY) return domain;
  const hash = createHash("sha256").update(domain).digest("hex").slice(0, HASH_CHARS);
  return `${domain.slice(0, MAX_KEY - HASH_CHARS - 1)}_${hash}`;
}
