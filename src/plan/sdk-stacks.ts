/**
 * Stack traces under the mock engine. The Pulumi SDK takes `new Error().stack` for every promise
 * it makes (`debuggablePromise`, read only with PULUMI_DEBUG_PROMISE_LEAKS) and a full trace for
 * every resource (`Resource.callsites`, a source position the mock engine ignores); with source
 * maps on (tsx) every frame is mapped. The SDK has no switch for either, and in a plan of 1,000
 * customers they cost more CPU than everything else together, so an evaluation runs with no frames
 * captured at all (errors then carry only their message; see `withLeanStacks`).
 */

/** The limit as it was before the first evaluation that is still running; restored by the last. */
let saved: PropertyDescriptor | undefined;
let running = 0;

async function withoutFrames<T>(evaluate: () => Promise<T>): Promise<T> {
  if (running++ === 0) {
    saved = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
    // An accessor, not a number: V8 then captures no frames at all, and `Resource.callsites`,
    // which sets the limit to Infinity for every resource, cannot turn capture back on.
    Object.defineProperty(Error, "stackTraceLimit", {
      configurable: true,
      get: () => undefined,
      set: () => {},
    });
  }
  try {
    return await evaluate();
  } finally {
    if (--running === 0 && saved) Object.defineProperty(Error, "stackTraceLimit", saved);
  }
}

/**
 * Runs `evaluate` (a whole mock evaluation, deterministic) without stack frames. If it fails, it
 * runs again with normal stacks, so the error that reaches the user says where it happened.
 * PULUMI_DEBUG_PROMISE_LEAKS keeps every stack, as the SDK documents.
 */
export async function withLeanStacks<T>(evaluate: () => Promise<T>): Promise<T> {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return evaluate();
  try {
    return await withoutFrames(evaluate);
  } catch {
    return evaluate();
  }
}
