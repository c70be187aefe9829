import * as cloudflare from "@pulumi/cloudflare";
import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { HostingConfig } from "../config/schema.js";
import { customerDnsRecords } from "../dns/records.js";
import type { EdgeNetContext } from "../edge/network/specs.js";
import type { AcmeSettings, EdgePaths } from "../edge/paths.js";
import { siteCommand } from "../edge/scripts/site-script.js";
import { customerSites } from "../edge/sites.js";
import type { PlannedCustomer } from "../model/hosting-plan.js";
import { must } from "../util/must.js";
import { edgeCommand } from "./edge-command.js";

export interface EdgeContext {
  connection: command.types.input.remote.ConnectionArgs;
  paths: EdgePaths;
  acme: AcmeSettings;
  generation: number;
  /** the shared-files command every site needs first */
  shared: pulumi.Resource;
  /** the base chains every network and SSH command needs first */
  netBase: pulumi.Resource;
  net: EdgeNetContext;
}

export interface CustomerWebArgs {
  customer: PlannedCustomer;
  config: HostingConfig;
  edge: EdgeContext;
  /** each VM resource by VMID: a site waits for its upstream VM */
  vmsById: Map<number, pulumi.Resource>;
}

/**
 * A customer's web presence: Cloudflare records in managed zones and one edge command per site
 * (its platform hostname and each domain). Records and commands are named by hostname.
 */
export class CustomerWeb extends pulumi.ComponentResource {
  public readonly sites: { domain: string; command: command.remote.Command }[];

  constructor(name: string, args: CustomerWebArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:CustomerWeb", name, {}, opts);
    const { customer, config, edge } = args;

    const records = new Map<string, cloudflare.DnsRecord>();
    for (const spec of customerDnsRecords(customer, config)) {
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

    this.sites = customerSites(customer).map((site) => {
      const script = siteCommand(site, edge.paths, edge.acme);
      const upstream = must(
        customer.vms.find((vm) => vm.address === site.upstream),
        `upstream of ${site.domain}`,
      );
      const dependsOn = [
        edge.shared,
        must(args.vmsById.get(upstream.vmid), `VM ${upstream.vmid}`),
        ...site.hostnames.flatMap((h) => records.get(h) ?? []),
      ];
      const cmd = edgeCommand(`site-${site.key}`, script, edge, { parent: this, dependsOn });
      return { domain: site.domain, command: cmd };
    });
    this.registerOutputs({});
  }
}
