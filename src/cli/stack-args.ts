import { existsSync, statSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Options every stack CLI takes: which stack file and which customers folder. */
const STACK_OPTIONS = {
  stack: { type: "string", default: "beta" },
  customers: { type: "string", default: "customers" },
  help: { type: "boolean", short: "h", default: false },
} as const;

export type StackCliValues = { stack: string; customers: string } & Record<string, string | boolean | undefined>;

/**
 * Parses a stack CLI's arguments: unknown options, a malformed stack name or a missing customers
 * folder are bad usage (exit 2, usage on stderr); --help prints the usage (exit 0).
 */
export function parseStackCli(
  argv: string[],
  extra: NonNullable<ParseArgsConfig["options"]>,
  usage: string,
): { values: StackCliValues } | { exit: number } {
  const fail = (message: string) => {
    process.stderr.write(`${message}\n\n${usage}\n`);
    return { exit: 2 };
  };
  let values: StackCliValues;
  try {
    values = parseArgs({ args: argv, options: { ...STACK_OPTIONS, ...extra }, strict: true, allowPositionals: false }).values as StackCliValues;
  } catch (e) {
    return fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return { exit: 0 };
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(values.stack)) return fail("--stack must be a stack name such as beta");
  if (!existsSync(values.customers) || !statSync(values.customers).isDirectory()) return fail(`--customers ${values.customers}: no such folder`);
  return { values };
}
