import type { HostingConfig } from "../../src/config/schema.js";
import { type CustomerFile, customerSchema } from "../../src/model/customer-schema.js";
import { formatPath } from "../../src/model/issues.js";
import type { NetworkTier } from "../../src/tiers/index.js";
import { betaConfig } from "../helpers/fixtures.js";

/** A customer file's data as the schema gives it (defaults filled in). */
export function customer(fields: Record<string, unknown>): CustomerFile {
  return customerSchema.parse({ name: "acme", contact: "ops@acme.example", ...fields });
}

/** Runs one tier's check with a fresh context; returns "path: message" lines and the claims. */
export function checkTier(
  tier: NetworkTier,
  file: CustomerFile,
  options: { config?: HostingConfig; retiredBridges?: string[] } = {},
) {
  const problems: string[] = [];
  const claims: string[] = [];
  tier.check(
    file,
    {
      config: options.config ?? betaConfig(),
      retired: {
        vmids: [],
        bridges: (options.retiredBridges ?? []).map((bridge) => ({
          bridge,
          customer: "gone",
          retiredOn: "2026-01-31",
        })),
      },
      retiredFile: "customers/.retired.yaml",
      claimUnique: (key) => claims.push(key),
    },
    (path, message) => problems.push(`${formatPath(path)}: ${message}`),
  );
  return { problems, claims };
}
