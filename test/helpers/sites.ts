import type { SiteSpec } from "../../src/edge/sites.js";
import { siteKey } from "../../src/edge/sites.js";

export function site(domain: string, over: Partial<SiteSpec> = {}): SiteSpec {
  return {
    domain,
    key: siteKey(domain),
    customer: "acme",
    hostnames: [domain, `www.${domain}`],
    upstream: "10.0.0.10",
    upstreamVmid: 151,
    suspended: false,
    tls: false,
    managed: false,
    ...over,
  };
}

/** A valid 253-character domain made of 63-character labels. */
export function longDomain(seed: string): string {
  const label = (c: string) => c.repeat(63);
  return `${label(seed)}.${label("b")}.${label("c")}.${"d".repeat(53)}.example`;
}
