import { existsSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";

/** Options every stack command takes: which stack file and which customers folder. */
const STACK_OPTIONS = {
  stack: { type: "string", default: "beta" },
  customers: { type: "string", default: "customers" },
  help: { type: "boolean", short: "h", default: false },
} as const;

export type StackCliValues = { stack: string; customers: string } & Record<
  string,
  string | boolean | string[] | undefined
>;

export type Parsed<T> = { values: T; positionals: string[] } | { exit: number };

/**
 * Parses a command's arguments with node's parseArgs: an unknown option is bad usage (exit 2,
 * the message and the usage on stderr); --help prints the usage (exit 0).
 */
export function parseCli<T extends Record<string, unknown>>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  usage: string,
  io: CliIo,
  allowPositionals = false,
): Parsed<T> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { help: { type: "boolean", short: "h", default: false }, ...options },
      strict: true,
      allowPositionals,
    });
  } catch (e) {
    return usageError((e as Error).message, usage, io);
  }
  if (parsed.values.help) {
    io.stdout(`${usage}\n`);
    return { exit: EXIT.ok };
  }
  return { values: parsed.values as T, positionals: parsed.positionals };
}

export function usageError(message: string, usage: string, io: CliIo): { exit: number } {
  io.stderr(`${message}\n\n${usage}\n`);
  return { exit: EXIT.usage };
}

/** The one customer NAME that customer:new, customer:offboard and import-file take. */
export function oneCustomerName(
  positionals: string[],
  usage: string,
  io: CliIo,
): { name: string } | { exit: number } {
  if (positionals.length === 1) return { name: positionals[0] };
  return usageError("give exactly one customer NAME", usage, io);
}

/**
 * parseCli plus the stack options: a malformed stack name or a missing customers folder is bad
 * usage (the folder is looked up against io.cwd and returned as given, for messages).
 */
export function parseStackCli(
  argv: string[],
  extra: NonNullable<ParseArgsConfig["options"]>,
  usage: string,
  io: CliIo,
  allowPositionals = false,
): Parsed<StackCliValues> {
  const parsed = parseCli<StackCliValues>(
    argv,
    { ...STACK_OPTIONS, ...extra },
    usage,
    io,
    allowPositionals,
  );
  if ("exit" in parsed) return parsed;
  const { values } = parsed;
  if (!/^[A-Za-z0-9_.-]+$/.test(values.stack)) {
    return usageError("--stack must be a stack name such as beta", usage, io);
  }
  const customers = isAbsolute(values.customers)
    ? values.customers
    : join(io.cwd, values.customers);
  if (!existsSync(customers) || !statSync(customers).isDirectory()) {
    return usageError(`--customers ${values.customers}: no such folder`, usage, io);
  }
  return parsed;
}
