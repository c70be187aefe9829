import { z } from "zod";
import { PACKAGE_NAMES, PRICING_NAMES } from "../catalog/packages.js";
import { isIpv4 } from "../network/ip.js";
import { DEFAULT_TIER, TIER_NAMES } from "../tiers/names.js";
import { fqdnProblem } from "./dns-names.js";
import { sshKeyProblem } from "./ssh-key.js";
import { strictObject } from "./strict.js";

/**
 * The customer file (`customers/<name>.yaml`). This schema is the single source of the TypeScript
 * types, the per-file validation and `customers/customer.schema.json`. Checks that need the stack
 * config or other files (VMID ranges, reserved IDs, duplicates) are in `validate-customers.ts`.
 */

/** "a or b", "a, b or c" */
const orList = (names: readonly string[]) =>
  names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;

export const CUSTOMER_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
export const ROLE_NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;

const customerName = z.string().regex(CUSTOMER_NAME, {
  error:
    "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
});

const role = z.string().regex(ROLE_NAME, {
  error:
    "must be 2-16 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
});

const displayName = z
  .string()
  .min(1, { error: "must not be empty" })
  .max(64, { error: "must be at most 64 characters" })
  .regex(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u, {
    error: "must be one line of printable text (no control characters)",
  })
  .describe("free text shown in summaries; never reaches a shell or config file unescaped");

const fqdn = z
  .string()
  .superRefine((value, ctx) => {
    const problem = fqdnProblem(value);
    if (problem)
      ctx.addIssue({
        code: "custom",
        message: `${problem} (expected a lowercase domain such as shop.example)`,
      });
  })
  .meta({ pattern: "^[a-z0-9.-]{1,253}$" })
  .describe("lowercase fully qualified domain name (RFC 1123, at most 253 characters)");

const sshKey = z
  .string()
  .superRefine((value, ctx) => {
    const problem = sshKeyProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({ pattern: "^(ssh-|ecdsa-|sk-)[^\\n]+$" })
  .describe("one OpenSSH public key line: <type> <base64> [comment], no options");

const macAddress = z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/, {
  error: "must be a MAC address in upper case, such as BC:24:11:AA:BB:CC",
});

export const adoptedSchema = strictObject({
  mac: macAddress.describe("the VM's real MAC address (qm config)"),
  diskInterface: z
    .string()
    .regex(/^(scsi|virtio|sata|ide)[0-9]{1,2}$/, {
      error: "must be the boot-disk interface such as scsi0",
    })
    .describe("the VM's real boot-disk interface"),
  address: z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}$/, {
      error: "must be an IPv4 address such as 192.168.12.150",
      abort: true,
    })
    .refine(isIpv4, { error: "must be an IPv4 address such as 192.168.12.150" })
    .describe("the VM's current IPv4 address"),
}).describe("only for a VM that existed before this program (its VMID is reserved)");

export const vmSchema = strictObject({
  vmid: z
    .int({ error: "must be a whole number (the Proxmox VMID)" })
    .describe("unique, inside the customer range, never reused"),
  package: z.enum(PACKAGE_NAMES, { error: `must be one of ${PACKAGE_NAMES.join(", ")}` }),
  role: role.default("vm").describe("unique per customer; names the VM <customer>-<role>"),
  address: z
    .int({ error: "must be a whole number from 10 to 250" })
    .min(10, { error: "must be from 10 to 250" })
    .max(250, { error: "must be from 10 to 250" })
    .optional()
    .describe("isolated only: pinned host part of the VM's address"),
  image: z
    .string()
    .optional()
    .describe("key of the stack's templates; default the stack's default image"),
  adopted: adoptedSchema.optional(),
});

export const domainSchema = strictObject({
  name: fqdn,
  www: z.boolean().default(true).describe("also serve www.<name>"),
  upstream: role.optional().describe("role of the VM that serves it (default the first VM)"),
  tls: z
    .enum(["letsencrypt", "none"], { error: "must be letsencrypt or none" })
    .default("letsencrypt"),
  proxied: z
    .boolean()
    .default(true)
    .describe("proxy the records through Cloudflare (managed zones only)"),
});

export const customerSchema = strictObject({
  name: customerName.describe("equals the file name without .yaml"),
  displayName: displayName.optional(),
  contact: z.email({ error: "must be an e-mail address such as ops@example.com" }),
  network: z
    .enum(TIER_NAMES, { error: `must be ${orList(TIER_NAMES)}` })
    .default(DEFAULT_TIER)
    .describe("the network tier"),
  bridge: z
    .string()
    .regex(/^vmbr[0-9]{1,4}$/, { error: "must be a bridge name vmbr10..vmbr99" })
    .optional()
    .describe("required for isolated, forbidden for community"),
  pricing: z.enum(PRICING_NAMES, { error: `must be ${orList(PRICING_NAMES)}` }).optional(),
  status: z
    .enum(["active", "suspended", "offboarding"], {
      error: "must be active, suspended or offboarding",
    })
    .default("active"),
  vms: z.array(vmSchema).min(1, { error: "needs at least one VM" }),
  sshKeys: z.array(sshKey).default([]),
  domains: z.array(domainSchema).default([]),
}).describe("One LightSpeedUp hosting customer");

export type CustomerFile = z.infer<typeof customerSchema>;
export type CustomerVmFile = z.infer<typeof vmSchema>;
export type DomainFile = z.infer<typeof domainSchema>;

const retiredVmid = strictObject({
  vmid: z.int(),
  customer: customerName,
  retiredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" }),
});
const retiredBridge = strictObject({
  bridge: z.string().regex(/^vmbr[0-9]{1,4}$/, { error: "must be a bridge name such as vmbr11" }),
  customer: customerName,
  retiredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" }),
});

/** `customers/.retired.yaml`: VMIDs and bridges that offboarding released and that are never reused. */
export const retiredSchema = strictObject({
  vmids: z.array(retiredVmid).default([]),
  bridges: z.array(retiredBridge).default([]),
});
export type RetiredFile = z.infer<typeof retiredSchema>;
