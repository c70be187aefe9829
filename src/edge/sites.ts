import type { PlannedCustomer } from "../model/hosting-plan.js";
import { siteKey } from "../model/site-keys.js";

export { siteKey };

/** One nginx site on the edge: a hostname group served by one upstream VM. */
export interface SiteSpec {
  /** the primary hostname (the domain, or the platform hostname) */
  domain: string;
  /** short, file-name-safe key: nginx file lsu-<key>.conf and certbot --cert-name <key> */
  key: string;
  customer: string;
  hostnames: string[];
  /** the upstream VM's IPv4 address (port 80) */
  upstream: string;
  /** the upstream VM's VMID: the site's command waits for that VM */
  upstreamVmid: number;
  /** answer 503 (a suspended or offboarding customer); ACME stays served */
  suspended: boolean;
  /** obtain a Let's Encrypt certificate and serve TLS once it exists */
  tls: boolean;
  /** in a managed zone: a certbot failure fails the deploy; external: reported as waiting for DNS */
  managed: boolean;
}

/**
 * Every site a customer has: its platform hostname and one per domain. An external domain's
 * `www.` is a site of its own, with its own certificate: the customer points each name at us in
 * their own time, and the apex's certificate never waits for `www` (certbot refuses a whole
 * certificate when one name does not resolve here). Managed zones get both names at once.
 */
export function customerSites(customer: PlannedCustomer): SiteSpec[] {
  const suspended = customer.status !== "active";
  const first = customer.vms[0];
  const platform: SiteSpec = {
    domain: customer.platformHostname,
    key: siteKey(customer.platformHostname),
    customer: customer.name,
    hostnames: [customer.platformHostname],
    upstream: first.address,
    upstreamVmid: first.vmid,
    suspended,
    tls: true,
    managed: true,
  };
  return [
    platform,
    ...customer.domains.flatMap((d) => {
      const managed = d.zone !== undefined;
      const groups = managed ? [d.hostnames] : d.hostnames.map((h) => [h]);
      return groups.map(
        (hostnames): SiteSpec => ({
          domain: hostnames[0],
          key: siteKey(hostnames[0]),
          customer: customer.name,
          hostnames,
          upstream: d.upstreamAddress,
          upstreamVmid: d.upstreamVmid,
          suspended,
          tls: d.tls === "letsencrypt",
          managed,
        }),
      );
    }),
  ];
}
