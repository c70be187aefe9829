import { decodeHostingConfig } from "../config/decode.js";
import { configLocator, loadStackConfig } from "../config/stack-files.js";
import { type Analysis, analyze } from "../model/analyze.js";

/**
 * The analysis of a stack's config and a customers folder, without the engine: what every command
 * that needs the plan but not the resources uses (edge:verify, customer:new, …), with the keys the
 * stack file holds as secrets. Throws when the stack file is missing (bad usage for the caller).
 */
export function analyzeStackFiles(options: {
  projectDir: string;
  stack: string;
  customersDir: string;
}): Analysis & { secretKeys: readonly string[] } {
  const stack = loadStackConfig(options.projectDir, options.stack);
  const analysis = analyze({
    configValues: decodeHostingConfig(stack.config),
    configFile: stack.stackFile,
    configLocate: configLocator(options.projectDir, options.stack),
    customersDir: options.customersDir,
  });
  return { ...analysis, secretKeys: stack.secretKeys };
}
