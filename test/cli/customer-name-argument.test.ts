import { describe, expect, it } from "vitest";
import { run as customerNew } from "../../src/cli/customer-new.js";
import { run as customerOffboard } from "../../src/cli/customer-offboard.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { run as importFile } from "../../src/cli/import-file.js";
import { bufferIo } from "../../src/cli/io.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";

describe("the commands that take one customer NAME", () => {
  it.each([
    ["customer:new", customerNew, ["--package", "starter"]],
    ["customer:offboard", customerOffboard, []],
    ["import-file", importFile, []],
  ] as const)("%s refuses no NAME and two NAMEs as bad usage", async (_, run, rest) => {
    for (const names of [[], ["acme", "globex"]]) {
      const io = bufferIo({ cwd: PROJECT_DIR });
      expect(await run([...names, ...rest], io)).toBe(EXIT.usage);
      expect(io.err()).toMatch(/^give exactly one customer NAME\n\nusage: npm run /);
      expect(io.out()).toBe("");
    }
  });
});
