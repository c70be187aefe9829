import { processIo } from "../../cli/io.js";
import { run } from "../../cli/report.js";

/** The report command as the monitoring host's timer runs it (bundled by report-bundle.ts). */
run(process.argv.slice(2), processIo()).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (e) => {
    process.stderr.write(`failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
