import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/bench.js";
import { bufferIo } from "../../src/cli/io.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";

describe("npm run bench", () => {
  it("prints one row per size with the medians of alternating plan/baseline pairs", async () => {
    const io = bufferIo({ cwd: PROJECT_DIR });
    expect(await run(["--sizes", "2", "--repeat", "2"], io)).toBe(0);
    const [header, row] = io.out().trim().split("\n");
    expect(header).toMatch(/customers +resources +plan ms +baseline ms +ratio +cpu ratio/);
    const cells = row.trim().split(/ +/);
    expect(cells[0]).toBe("2");
    expect(Number(cells[1])).toBeGreaterThan(2);
    expect(cells).toHaveLength(8);
  });

  it.each([
    ["--sizes", "0"],
    ["--repeat", "x"],
  ])("refuses %s %s as bad usage", async (flag, v) => {
    const io = bufferIo({ cwd: PROJECT_DIR });
    expect(await run([flag, v], io)).toBe(2);
  });
});
