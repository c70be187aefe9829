import { describe, expect, it, vi } from "vitest";
import { analyze } from "../../src/model/analyze.js";
import { betaConfigValues, communityFile, customersDir } from "../helpers/fixtures.js";

// Two distinct long domains share a key only through a 64-bit hash collision, which no test can
// find: stand in a key function where every long domain collides, to prove validation refuses it.
vi.mock("../../src/model/site-keys.js", () => ({
  siteKey: (domain: string) => (domain.length > 200 ? "collided_0123456789abcdef" : domain),
}));

const long = (first: string) =>
  `${[first, "b", "c", "d", "e", "f"].map((c) => c.repeat(40)).join(".")}.example`;

describe("validation refuses two sites whose edge keys collide (issue 8 hole 4)", () => {
  it("names both files and the key", () => {
    const dir = customersDir({
      "alpha.yaml": communityFile(
        "alpha",
        151,
        `domains:\n  - name: ${long("a")}\n    www: false\n`,
      ),
      "bravo.yaml": communityFile(
        "bravo",
        152,
        `domains:\n  - name: ${long("z")}\n    www: false\n`,
      ),
    });
    const analysis = analyze({
      configValues: betaConfigValues(),
      configFile: "Pulumi.beta.yaml",
      customersDir: dir,
    });
    expect(analysis.plan).toBeUndefined();
    const messages = analysis.issues.map((i) => `${i.file}:${i.line}: ${i.path}: ${i.message}`);
    expect(messages).toEqual([
      expect.stringMatching(
        /bravo\.yaml:\d+: domains\[0\]\.name: the edge's site key collided_0123456789abcdef \(of z{40}\..*\) is already used by .*alpha\.yaml:\d+ \(domains\[0\]\.name\); it must be unique/,
      ),
    ]);
  });
});
