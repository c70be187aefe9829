import type { HostingConfig } from "../config/schema.js";
import type { PlannedCustomer } from "../model/hosting-plan.js";

/** One Cloudflare A record the program manages. */
export interface DnsRecordSpec {
  hostname: string;
  zone: string;
  zoneId: string;
  content: string;
  proxied: boolean;
  comment: string;
}

/**
 * Records of a customer in managed zones (DESIGN §7): the platform hostname, and apex + www of each
 * domain whose managed zone is the longest label-boundary match. External domains get none.
 */
export function customerDnsRecords(
  customer: PlannedCustomer,
  config: HostingConfig,
): DnsRecordSpec[] {
  const comment = `LightSpeedUp customer ${customer.name}`;
  const record = (hostname: string, zone: string, proxied: boolean): DnsRecordSpec => ({
    hostname,
    zone,
    zoneId: config.zones[zone],
    content: config.publicIp,
    proxied,
    comment,
  });
  const records = [record(customer.platformHostname, config.platformZone, true)];
  for (const domain of customer.domains) {
    if (domain.zone === undefined) continue;
    for (const hostname of domain.hostnames)
      records.push(record(hostname, domain.zone, domain.proxied));
  }
  return records;
}

/** What an external domain's owner must set up, for the stack output and the plan. */
export interface ExternalDnsInstruction {
  domain: string;
  records: { type: "A"; name: string; value: string }[];
}

export function externalDnsInstructions(
  customer: PlannedCustomer,
  config: HostingConfig,
): ExternalDnsInstruction[] {
  return customer.domains
    .filter((d) => d.zone === undefined)
    .map((d) => ({
      domain: d.name,
      // A records, never a CNAME to one of our proxied names: Cloudflare refuses those from
      // zones it does not host. Each name gets its certificate once it points here.
      records: d.hostnames.map((name) => ({ type: "A" as const, name, value: config.publicIp })),
    }));
}
