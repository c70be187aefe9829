import { describe, expect, it } from "vitest";
import { replayOf } from "../../src/bench/floor.js";
import { run } from "../../src/cli/bench.js";
import { bufferIo } from "../../src/cli/io.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { examples, runPlan, T } from "../helpers/plan.js";

describe("npm run bench", () => {
  it("prints one row per size with the medians of alternating plan, baseline and floor runs", async () => {
    const io = bufferIo({ cwd: PROJECT_DIR });
    expect(await run(["--sizes", "2", "--repeat", "2"], io)).toBe(0);
    const [header, row] = io.out().trim().split("\n");
    expect(header).toMatch(
      /customers +resources +plan ms +floor ms +baseline ms +ratio +floor ratio +cpu ratio/,
    );
    const cells = row.trim().split(/ +/);
    expect(cells[0]).toBe("2");
    expect(Number(cells[1])).toBeGreaterThan(2);
    expect(cells).toHaveLength(10);
    const [planMs, floorMs, baseMs, ratio, floorRatio] = cells.slice(2, 7).map(Number);
    expect(floorMs).toBeGreaterThan(0);
    expect(ratio).toBeCloseTo(planMs / baseMs, 0);
    expect(floorRatio).toBeCloseTo(floorMs / baseMs, 0);
  });

  it.each([
    ["--sizes", "0"],
    ["--repeat", "x"],
  ])("refuses %s %s as bad usage", async (flag, v) => {
    const io = bufferIo({ cwd: PROJECT_DIR });
    expect(await run([flag, v], io)).toBe(2);
  });
});

describe("the floor's replay", () => {
  it("keeps every custom registration's type, name and inputs, and each component's type", async () => {
    const plan = await runPlan(examples("customers"));
    const replay = replayOf(plan.resources);
    const custom = plan.resources.filter((r) => r.custom);
    expect(replay.custom).toHaveLength(custom.length);
    expect(replay.components).toHaveLength(plan.resources.length - custom.length);
    const vm = replay.custom.find((r) => r.type === T.vm);
    const recorded = custom.find((r) => r.name === vm?.name);
    expect(vm?.inputs).toEqual(recorded?.revealedInputs);
    expect(replay.components.map((c) => c.type)).toContain("lightspeedup:hosting:Customer");
  });
});
