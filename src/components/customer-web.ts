import * as cloudflare from "@pulumi/cloudflare";
import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { CustomerResources } from "../resources/customer-resources.js";
import type { RemoteCommandSet } from "./remote-commands.js";

export interface CustomerWebArgs {
  dnsRecords: CustomerResources["dnsRecords"];
  sites: CustomerResources["sites"];
  edge: RemoteCommandSet;
  /** each VM resource by VMID: a site waits for its upstream VM */
  vmsById: ReadonlyMap<number, pulumi.Resource>;
}

/**
 * A customer's web presence: Cloudflare records in managed zones and one edge command per site
 * (its platform hostname and each domain). Records and commands are named by hostname.
 */
export class CustomerWeb extends pulumi.ComponentResource {
  public readonly sites: { domain: string; command: command.remote.Command }[];

  constructor(name: string, args: CustomerWebArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:CustomerWeb", name, {}, opts);
    const records = new Map<string, cloudflare.DnsRecord>();
    for (const spec of args.dnsRecords) {
      records.set(
        spec.hostname,
        new cloudflare.DnsRecord(
          `dns-${spec.hostname}`,
          {
            zoneId: spec.zoneId,
            name: spec.hostname,
            type: "A",
            content: spec.content,
            proxied: spec.proxied,
            ttl: 1,
            comment: spec.comment,
          },
          { parent: this, protect: true, deleteBeforeReplace: true },
        ),
      );
    }
    this.sites = args.sites.map((site) => ({
      domain: site.domain,
      command: args.edge.declare(site.unit, this, (need) => {
        const found =
          need.kind === "vm"
            ? args.vmsById.get(need.vmid)
            : need.kind === "dnsRecord"
              ? records.get(need.hostname)
              : undefined;
        if (!found) throw new Error(`internal error: ${site.unit} needs ${JSON.stringify(need)}`);
        return found;
      }),
    }));
    this.registerOutputs({});
  }
}
