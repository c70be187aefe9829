import { z } from "zod";
import type { HostingPlan } from "../model/analyze.js";
import { monitoredVms } from "./inventory.js";

/**
 * health.json for the business's health.php (docs/monitoring.md "health.json"): customers per tier
 * and status, each VM with package, tier, bridge and status, and its live values from Prometheus.
 * Each deploy writes the inventory part; lsu-health.timer adds the live values every minute. No
 * contact e-mails, no display names, no secrets.
 */
const num = z.number().nullable();

export const healthLiveSchema = z.strictObject({
  up: z.boolean().nullable().describe("the VM is running"),
  cpuRatio: num.describe("CPU use, 0..1 of its cores"),
  memoryBytes: num,
  memorySizeBytes: num,
  diskBytes: num.describe("null where Proxmox does not report guest disk use"),
  diskSizeBytes: num,
  networkInBitsPerSecond: num,
  networkOutBitsPerSecond: num,
  uptimeSeconds: num,
});

export const healthVmSchema = z.strictObject({
  vmid: z.int(),
  name: z.string(),
  customer: z.string(),
  role: z.string(),
  package: z.enum(["starter", "business", "enterprise"]),
  tier: z.enum(["community", "isolated"]),
  bridge: z.string(),
  status: z.enum(["active", "suspended", "offboarding"]),
  bandwidthAllowanceBitsPerSecond: z.number(),
  live: healthLiveSchema.nullable().describe("null until the timer has queried Prometheus"),
});

export const healthSchema = z.strictObject({
  version: z.literal(1),
  generatedAt: z.string().nullable().describe("when the live values were read (ISO 8601, UTC)"),
  prometheus: z.enum(["ok", "unreachable", "not-queried"]),
  customers: z.int().min(0),
  customersPerTier: z.strictObject({ community: z.int().min(0), isolated: z.int().min(0) }),
  customersPerStatus: z.strictObject({
    active: z.int().min(0),
    suspended: z.int().min(0),
    offboarding: z.int().min(0),
  }),
  vms: z.array(healthVmSchema),
});

export type HealthDocument = z.infer<typeof healthSchema>;

/** The inventory part, written on each deploy. Pure. */
export function healthInventory(plan: Pick<HostingPlan, "customers">): HealthDocument {
  const count = <K extends string>(keys: readonly K[], of: (k: K) => number) =>
    Object.fromEntries(keys.map((k) => [k, of(k)])) as Record<K, number>;
  const cs = plan.customers;
  return {
    version: 1,
    generatedAt: null,
    prometheus: "not-queried",
    customers: cs.length,
    customersPerTier: count(
      ["community", "isolated"],
      (t) => cs.filter((c) => c.network.kind === t).length,
    ),
    customersPerStatus: count(
      ["active", "suspended", "offboarding"],
      (s) => cs.filter((c) => c.status === s).length,
    ),
    vms: monitoredVms(plan).map((vm) => ({
      vmid: vm.vmid,
      name: vm.name,
      customer: vm.customer,
      role: vm.role,
      package: vm.package as HealthDocument["vms"][number]["package"],
      tier: vm.tier as HealthDocument["vms"][number]["tier"],
      bridge: vm.bridge,
      status: vm.status,
      bandwidthAllowanceBitsPerSecond: vm.allowanceBps,
      live: null,
    })),
  };
}

export const HEALTH_SCHEMA_FILE = "docs/health.schema.json";

export function healthJsonSchemaText(): string {
  const generated = z.toJSONSchema(healthSchema, { io: "output" }) as Record<string, unknown>;
  return `${JSON.stringify(
    {
      ...generated,
      $id: "https://lightspeedup.com/schemas/health.schema.json",
      title: "LightSpeedUp health.json",
    },
    null,
    2,
  )}\n`;
}
