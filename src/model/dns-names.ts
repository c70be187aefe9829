/** DNS name rules (RFC 1123 host names, lowercase) and label-boundary zone matching. */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `name` is not a lowercase fully qualified host name, or undefined when it is one. */
export function fqdnProblem(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (name.length > 253) return `is ${name.length} characters; a DNS name has at most 253`;
  if (name !== name.toLowerCase()) return "must be lowercase";
  if (name.endsWith(".")) return "must not end with a dot";
  const labels = name.split(".");
  if (labels.length < 2) return "must have at least two labels, such as example.com";
  for (const label of labels) {
    if (!LABEL.test(label)) {
      return `has an invalid label "${label}": labels are 1-63 of a-z, 0-9 and '-', not starting or ending with '-'`;
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return "must not end in an all-numeric label";
  return undefined;
}

/** True when `name` is `zone` itself or lies under it at a label boundary. */
export function isAtOrUnder(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** The managed zone with the longest label-boundary suffix match, if any. */
export function managedZoneFor(name: string, zones: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const zone of zones) {
    if (isAtOrUnder(name, zone) && (best === undefined || zone.length > best.length)) best = zone;
  }
  return best;
}
