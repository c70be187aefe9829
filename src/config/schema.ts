import { z } from "zod";
import { PRICING_NAMES } from "../catalog/packages.js";
import { strictObject } from "../model/strict.js";
import { FIRST_ISOLATED_BRIDGE, LAST_ISOLATED_BRIDGE } from "../network/addressing.js";
import { isAddressSetEntry, isIpv4, isIpv4Cidr } from "../network/ip.js";
import { monitoringConfigSchema } from "./monitoring-schema.js";

/**
 * The stack's `hosting:*` configuration. Defaults live in Pulumi.yaml (the CLI merges them under the
 * stack file); this schema gives every key its type and its error message.
 */

const ipv4 = z.string().refine(isIpv4, { error: "must be an IPv4 address such as 192.168.12.1" });
const ipv4Cidr = z
  .string()
  .refine(isIpv4Cidr, { error: "must be an IPv4 network in CIDR form such as 192.168.12.0/24" });
const addressSetEntry = z.string().refine(isAddressSetEntry, {
  error: "must be an IPv4 address, a range a.b.c.d-e.f.g.h or a CIDR network",
});
const safeWord = (what: string) =>
  z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,62}$/, {
    error: `${what} must start with a letter and use only letters, digits, '_', '.' and '-' (at most 63)`,
  });
const vmid = z.int().min(100).max(999_999_999);
const slotName = z.string().regex(/^net([0-9]|[12][0-9]|3[01])$/, { error: "must be net0..net31" });
const bridgeName = z
  .string()
  .regex(/^vmbr[0-9]{1,4}$/, { error: "must be a bridge name such as vmbr0" });
const email = z.email({ error: "must be an e-mail address such as admin@example.com" });
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
    error: "must be a lowercase DNS name such as lightspeedup.com",
  });
const reservedName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "must be a lowercase DNS label" });

export const templateSchema = strictObject({
  vmId: vmid.describe("VMID of the cloud-init template to full-clone"),
  diskInterface: z
    .string()
    .regex(/^(scsi|virtio|sata)[0-9]{1,2}$/, { error: "must be scsiN, virtioN or sataN" })
    .describe("the template's boot-disk interface"),
  diskSizeGb: z.int().min(1).max(30).describe("the template's boot-disk size (at most 30 GiB)"),
  cloudInitInterface: z
    .string()
    .regex(/^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30))$/, {
      error: "must be ide0..ide3, sata0..sata5 or scsi0..scsi30",
    })
    .describe("the template's cloud-init drive"),
  agent: z.boolean().describe("whether the QEMU guest agent is installed in the template"),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, { error: "must be a Linux user name" })
    .describe("the cloud-init user that receives the customer's SSH keys"),
  scsiHardware: z
    .enum(["virtio-scsi-pci", "virtio-scsi-single", "lsi", "megasas", "pvscsi"])
    .describe("the template's SCSI controller"),
}).describe("a cloud-init template customer VMs are cloned from");

const resources = strictObject({
  threads: z.number().min(0),
  memoryGb: z.number().min(0),
  diskGb: z.number().min(0),
});

export const hostingConfigSchema = strictObject({
  node: safeWord("node").describe("Proxmox node name"),
  datastore: safeWord("datastore").describe("datastore for VM disks and cloud-init drives"),
  cpuType: safeWord("cpuType").describe("QEMU CPU type of customer VMs"),
  templates: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9.-]{0,30}$/), templateSchema)
    .refine((t) => Object.keys(t).length > 0, { error: "needs at least one template" }),
  defaultImage: z.string(),
  customerVmids: strictObject({ first: vmid, last: vmid }).refine((r) => r.first <= r.last, {
    error: "first must not be greater than last",
  }),
  reservedVmids: z.array(
    strictObject({ vmid, owner: z.string().regex(/^[A-Za-z0-9 ._()'-]{1,80}$/) }),
  ),
  reservedNames: z.array(reservedName),
  community: strictObject({ bridge: bridgeName, subnet: ipv4Cidr, gateway: ipv4 }),
  isolated: strictObject({
    // vmbr<N> uses the edge's NIC slot net<N-9>, and a VM has net0..net31: vmbr10..vmbr40.
    firstBridge: z.int().min(FIRST_ISOLATED_BRIDGE).max(LAST_ISOLATED_BRIDGE),
    lastBridge: z.int().min(FIRST_ISOLATED_BRIDGE).max(LAST_ISOLATED_BRIDGE),
  }).refine((r) => r.firstBridge <= r.lastBridge, {
    error: "firstBridge must not be greater than lastBridge",
  }),
  hostAddresses: z.array(ipv4).min(1),
  reservedAddresses: z.array(
    strictObject({ addresses: addressSetEntry, reason: z.string().max(120) }),
  ),
  edge: strictObject({
    vmId: vmid,
    uplink: strictObject({
      slot: slotName,
      bridge: bridgeName,
      interface: z
        .string()
        .regex(/^[a-z][a-z0-9]{0,14}$/, { error: "must be an interface name such as eth0" }),
      address: ipv4,
    }),
    reservedSlots: z.array(slotName),
    generation: z.int().min(1),
  }),
  publicIp: ipv4,
  platformZone: hostname,
  zones: z.record(
    hostname,
    z.string().regex(/^[0-9a-f]{32}$/, { error: "must be a Cloudflare zone id (32 hex digits)" }),
  ),
  dnsServers: z.array(ipv4).min(1).max(3),
  capacity: strictObject({
    host: resources,
    reserved: resources,
    overhead: resources,
    cpuOversubscription: z.number().min(1).max(16),
    warnAtPercent: z.number().min(1).max(100),
  }),
  pricing: z.enum(PRICING_NAMES),
  adminEmail: email,
  backup: strictObject({ storage: safeWord("backup.storage"), proxmoxBackupServer: z.boolean() }),
  edgeSsh: strictObject({
    host: ipv4.describe("address the deploy machine reaches VM120's SSH on"),
    port: z.int().min(1).max(65535),
    user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, { error: "must be a Linux user name" }),
    hostKey: z.string().regex(/^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/]+={0,3}$/, {
      error: 'must be VM120\'s public host key "<type> <base64>" (ssh-keyscan -t ed25519 <host>)',
    }),
  }),
  acmeServer: z
    .url({ protocol: /^https$/, error: "must be an https ACME directory URL" })
    .optional()
    .describe("ACME directory; unset = Let's Encrypt production"),
  datacenterFirewall: z.boolean(),
  acceptNoIsolation: z.boolean(),
  /** monitoring as code (src/config/monitoring-schema.ts); every field has a default */
  monitoring: monitoringConfigSchema.optional(),
});

export type HostingConfig = z.infer<typeof hostingConfigSchema>;
export type TemplateConfig = z.infer<typeof templateSchema>;
export const hostingConfigKeys = Object.keys(hostingConfigSchema.shape) as (keyof HostingConfig)[];
/**
 * `hosting:*` secrets the program reads itself (never decoded into the plan): allowed keys that
 * are not part of the schema.
 */
export const hostingSecretKeys = [
  "edgeSshKey",
  "monitoringSshKey", // src/components/monitoring-host.ts
  "monitoringDiscordWebhook",
  "monitoringPveToken",
] as const;

/** Every config key that holds a secret: each must be set with `pulumi config set --secret`. */
export const SECRET_CONFIG_KEYS: readonly string[] = [
  "proxmoxve:apiToken",
  "cloudflare:apiToken",
  ...hostingSecretKeys.map((k) => `hosting:${k}`),
];
