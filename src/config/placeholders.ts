/**
 * Values in the committed beta stack that only stand in for facts the repository does not know
 * yet. The plan warns while any of them is still in use; replace them before the first deploy.
 */
export const PLACEHOLDERS = {
  publicIp: "203.0.113.10",
  zoneId: "0123456789abcdef0123456789abcdef",
  edgeHostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKouUM75Qm8X0+uRpPaX/La6qgkk70dp4vnYvZa+KKrd",
} as const;
