import { communityTier } from "./community.js";
import { isolatedTier } from "./isolated.js";
import type { TierName } from "./names.js";
import type { NetworkTier } from "./tier.js";

/** Every tier by name: the table the model, the plan and the reports dispatch through. */
export const TIERS: Readonly<Record<TierName, NetworkTier>> = {
  community: communityTier,
  isolated: isolatedTier,
};

/** The layer-2 segments of every tier (network/ownership's "who owns this address"). */
export const allSegments = (config: Parameters<NetworkTier["segments"]>[0]) =>
  Object.values(TIERS).flatMap((tier) => tier.segments(config));

export { DEFAULT_TIER, TIER_NAMES, type TierName } from "./names.js";
export type {
  CustomerNetwork,
  EdgeNetworkPlan,
  NetworkKind,
  NetworkTier,
  TierContext,
} from "./tier.js";
