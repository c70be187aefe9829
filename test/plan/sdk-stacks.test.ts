import { afterEach, describe, expect, it } from "vitest";
import { withLeanStacks } from "../../src/plan/sdk-stacks.js";

const thrower = () => {
  throw new Error("boom");
};

describe("withLeanStacks", () => {
  const debugLeaks = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  afterEach(() => {
    if (debugLeaks === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = debugLeaks;
  });

  it("captures no stack while it runs, even when asked to, and restores the limit", async () => {
    const limit = Error.stackTraceLimit;
    const inside = await withLeanStacks(async () => {
      Error.stackTraceLimit = Number.POSITIVE_INFINITY; // what the SDK's Resource.callsites does
      const error = new Error("inside");
      return { limit: Error.stackTraceLimit, stack: error.stack, message: error.message };
    });
    expect(inside).toEqual({ limit: undefined, stack: undefined, message: "inside" });
    expect(Error.stackTraceLimit).toBe(limit);
    expect(Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")).toMatchObject({
      value: limit,
      writable: true,
    });
    expect(new Error("after").stack).toContain("sdk-stacks.test.ts");
  });

  it("restores the limit only when the last of overlapping evaluations ends", async () => {
    const limit = Error.stackTraceLimit;
    let release: () => void = () => {};
    const slow = withLeanStacks(() => new Promise<void>((r) => (release = r)));
    await withLeanStacks(async () => undefined);
    expect(Error.stackTraceLimit).toBeUndefined(); // the slow one still runs
    release();
    await slow;
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it("runs a failing evaluation again with full stacks, so the error says where it happened", async () => {
    let runs = 0;
    const error = await withLeanStacks(async () => {
      runs++;
      thrower();
    }).catch((e: Error) => e);
    expect(runs).toBe(2);
    expect((error as Error).message).toBe("boom");
    expect((error as Error).stack).toContain("sdk-stacks.test.ts");
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });

  it("keeps every stack with PULUMI_DEBUG_PROMISE_LEAKS, as the SDK documents", async () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    const stack = await withLeanStacks(async () => new Error("kept").stack);
    expect(stack).toContain("sdk-stacks.test.ts");
  });
});
