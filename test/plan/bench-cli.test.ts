import { describe, expect, it } from "vitest";
import { declareReplay, replayOf } from "../../src/bench/floor.js";
import { run } from "../../src/cli/bench.js";
import { bufferIo } from "../../src/cli/io.js";
import { installMocks, settle } from "../../src/plan/mock-engine.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { examples, runPlan, T } from "../helpers/plan.js";

describe("npm run bench", () => {
  it("prints one row per size with the medians of alternating plan, baseline and floor runs", async () => {
    const io = bufferIo({ cwd: PROJECT_DIR });
    expect(await run(["--sizes", "2", "--repeat", "2"], io)).toBe(0);
    const [header, row] = io.out().trim().split("\n");
    expect(header).toMatch(
      /customers +resources +plan ms +tree ms +floor ms +baseline ms +ratio +tree ratio +floor ratio +cpu ratio/,
    );
    const cells = row.trim().split(/ +/);
    expect(cells[0]).toBe("2");
    expect(Number(cells[1])).toBeGreaterThan(2);
    expect(cells).toHaveLength(12);
    const timings = cells.slice(2, 6).map(Number);
    for (const ms of timings) expect(ms).toBeGreaterThan(0);
    // "ratio" is the median of the rounds' ratios, listed last (two rounds: their mean)
    const [ratio, treeRatio, floorRatio] = cells.slice(6, 9).map(Number);
    const [first, second] = cells.slice(10).map(Number);
    expect(ratio).toBeCloseTo((first + second) / 2, 1);
    expect(treeRatio).toBeGreaterThan(0);
    expect(floorRatio).toBeGreaterThan(0);
  });

  it.each([
    ["--sizes", "0"],
    ["--repeat", "x"],
  ])("refuses %s %s as bad usage", async (flag, v) => {
    const io = bufferIo({ cwd: PROJECT_DIR });
    expect(await run([flag, v], io)).toBe(2);
  });
});

describe("the floors' replay", () => {
  it("keeps every registration's type, name, inputs, parent and dependencies, in order", async () => {
    const plan = await runPlan(examples("customers"));
    const replay = replayOf(plan.resources);
    const declared = plan.resources.filter((r) => !r.type.startsWith("pulumi:providers:"));
    expect(replay.map((r) => [r.type, r.name, r.custom])).toEqual(
      declared.map((r) => [r.type, r.name, r.custom]),
    );
    const vm = replay.find((r) => r.type === T.vm);
    const recorded = declared.find((r) => r.urn === vm?.urn);
    expect(vm?.inputs).toEqual(recorded?.revealedInputs);
    expect(vm?.parentUrn).toBe(recorded?.parentUrn);
    expect(vm?.dependsOn).toEqual(recorded?.options.dependsOn);
    expect(vm?.dependsOn.length).toBeGreaterThan(0);
  });

  it.each([true, false])("declares the same types and names again (tree: %s)", async (tree) => {
    const plan = await runPlan(examples("customers"));
    const replay = replayOf(plan.resources);
    const run = await installMocks({ project: "p", stack: "s", config: {}, secretKeys: [] });
    await declareReplay(replay, 7, tree);
    await settle();
    const names = (rs: { type: string; name: string }[]) => rs.map((r) => `${r.type} ${r.name}`);
    expect(names(run.resources).sort()).toEqual(names(replay).sort());
    const vm = run.resources.find((r) => r.type === T.vm);
    expect(vm?.parentUrn !== "").toBe(tree);
    expect(vm?.options.dependsOn.length !== 0).toBe(tree);
  });
});
