/**
 * Stack traces under the mock engine. The Pulumi SDK takes `new Error().stack` for every promise
 * it makes (`debuggablePromise`, read only with PULUMI_DEBUG_PROMISE_LEAKS) and a full trace for
 * every resource (`Resource.callsites`, a source position the mock engine ignores); with source
 * maps on (tsx) every frame is mapped. The SDK has no switch for either, and in a plan of 1,000
 * customers they cost more CPU than everything else together, so an evaluation runs with no frames
 * captured and the SDK's per-resource trace left unformatted.
 */

const plainFormat = (error: Error, frames: NodeJS.CallSite[]) =>
  [String(error), ...frames.map((f) => `    at ${f}`)].join("\n");

/** True for the message-less error `Resource.callsites` creates only to parse its stack. */
function isCallsitesProbe(error: Error, frames: NodeJS.CallSite[]): boolean {
  const top = frames[0];
  return (
    error.message === "" &&
    top !== undefined &&
    top.getFunctionName() === "callsites" &&
    (top.getFileName() ?? "").includes("/@pulumi/pulumi/")
  );
}

async function withoutFrames<T>(evaluate: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  const format: ((error: Error, frames: NodeJS.CallSite[]) => unknown) | undefined =
    Error.prepareStackTrace;
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = (error, frames) =>
    isCallsitesProbe(error, frames) ? "Error" : (format ?? plainFormat)(error, frames);
  try {
    return await evaluate();
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = format;
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
