import * as bench from "./bench.js";
import * as customerNew from "./customer-new.js";
import * as customerOffboard from "./customer-offboard.js";
import * as driftReport from "./drift-report.js";
import * as edgeVerify from "./edge-verify.js";
import { EXIT } from "./exit-codes.js";
import * as guard from "./guard.js";
import * as importFile from "./import-file.js";
import { type CliIo, processIo } from "./io.js";
import * as plan from "./plan.js";
import * as preflight from "./preflight.js";
import * as report from "./report.js";
import * as writeSchema from "./write-schema.js";

/** A command: its arguments and io in, its exit code out (src/cli/exit-codes.ts). */
export type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Every command, by the name its npm script passes (`tsx src/cli/index.ts NAME …`). */
export const COMMANDS: Record<string, Command> = {
  plan: plan.run,
  "edge:verify": edgeVerify.run,
  bench: bench.run,
  schema: writeSchema.run,
  guard: guard.run,
  preflight: preflight.run,
  report: report.run,
  "customer:new": customerNew.run,
  "customer:offboard": customerOffboard.run,
  "import-file": importFile.run,
  "drift-report": driftReport.run,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(
      `unknown command ${name ?? "(none)"}; one of: ${Object.keys(COMMANDS).join(", ")}\n`,
    );
    return EXIT.usage;
  }
  return command(rest, processIo());
}

main(process.argv.slice(2)).then(
  // Exit once stdout is flushed (a large --json document goes through a pipe); the Pulumi
  // runtime may leave handles open, so the process does not end by itself.
  (code) => process.stdout.write("", () => process.exit(code)),
  (e) => {
    process.stderr.write(`failed: ${(e as Error).stack ?? e}\n`);
    process.exit(EXIT.refused);
  },
);
