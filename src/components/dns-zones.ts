import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

export interface DnsZonesArgs {
  /** managed zone name → Cloudflare zone id */
  zones: Record<string, string>;
}

/**
 * Settings of every managed zone: SSL mode Full (strict) — Cloudflare verifies the edge's Let's
 * Encrypt certificate — and "Always Use HTTPS" off, because nginx does the redirect and must
 * keep serving the ACME path over HTTP.
 */
export class DnsZones extends pulumi.ComponentResource {
  constructor(name: string, args: DnsZonesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:DnsZones", name, {}, opts);
    for (const [zone, zoneId] of Object.entries(args.zones).sort()) {
      new cloudflare.ZoneSetting(
        `zone-ssl-${zone}`,
        { zoneId, settingId: "ssl", value: "strict" },
        { parent: this },
      );
      new cloudflare.ZoneSetting(
        `zone-always-https-${zone}`,
        { zoneId, settingId: "always_use_https", value: "off" },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
