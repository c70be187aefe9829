/**
 * The network tiers' names: the one list the customer schema's `network` enum, the plan's types
 * and the tier table (`index.ts`) derive from. Adding a tier starts here. No imports, so the
 * schema can use it without pulling in the tiers themselves.
 */
export const TIER_NAMES = ["community", "isolated"] as const;
export type TierName = (typeof TIER_NAMES)[number];
/** The tier of a customer file without `network:`. */
export const DEFAULT_TIER: TierName = "community";
