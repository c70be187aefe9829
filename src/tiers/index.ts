import { communityTier } from "./community.js";
import { isolatedTier } from "./isolated.js";
import type { NetworkKind, NetworkTier } from "./tier.js";

export const TIERS: Record<NetworkKind, NetworkTier> = {
  community: communityTier,
  isolated: isolatedTier,
};

export type { CustomerNetwork, NetworkKind, NetworkTier } from "./tier.js";
