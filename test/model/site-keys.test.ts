import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fqdnProblem } from "../../src/model/dns-names.js";
import { siteKey } from "../../src/model/site-keys.js";
import { longDomain } from "../helpers/sites.js";

/** Six 40-character labels: the first 183 characters end inside a label, so "-<hash>" fits. */
const LONG = `${Array.from({ length: 6 }, (_, i) => String.fromCharCode(97 + i).repeat(40)).join(".")}.example`;

/** What the key of a long domain used to be: a prefix, "-" and the hash — itself a valid domain. */
const oldKey = (domain: string) =>
  `${domain.slice(0, 183)}-${createHash("sha256").update(domain).digest("hex").slice(0, 16)}`;

describe("site keys (issue 8 hole 4)", () => {
  it("keeps a domain of up to 200 characters as it is", () => {
    expect(siteKey("harbor-shop.example")).toBe("harbor-shop.example");
    const d200 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(8)}`;
    expect(d200).toHaveLength(200);
    expect(siteKey(d200)).toBe(d200);
  });

  it("never gives a shortened key that another valid domain has as its own", () => {
    const long = LONG;
    expect(long.length).toBeGreaterThan(200);
    expect(fqdnProblem(long)).toBeUndefined();
    const lookalike = oldKey(long);
    // the look-alike is a valid hostname of 200 characters, so it keeps itself as its key
    expect(fqdnProblem(lookalike)).toBeUndefined();
    expect(lookalike.length).toBeLessThanOrEqual(200);
    expect(siteKey(lookalike)).toBe(lookalike);
    expect(siteKey(long)).not.toBe(siteKey(lookalike));
    expect(siteKey(long)).toMatch(/_[0-9a-f]{16}$/);
    expect(siteKey(long).length).toBeLessThanOrEqual(200);
  });

  it("gives distinct keys to long domains that share their first 183 characters", () => {
    const a = `${longDomain("y").slice(0, 240)}.example`;
    const b = `${longDomain("y").slice(0, 240)}.example2`;
    expect(siteKey(a)).not.toBe(siteKey(b));
  });
});
