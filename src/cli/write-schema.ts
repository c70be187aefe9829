import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CUSTOMER_SCHEMA_FILE, customerJsonSchemaText } from "../model/json-schema.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { parseCli } from "./stack-args.js";

const USAGE = `usage: npm run schema

Regenerates ${CUSTOMER_SCHEMA_FILE} from the zod customer schema; a test fails while the committed
file is stale.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli(argv, {}, USAGE, io);
  if ("exit" in parsed) return parsed.exit;
  writeFileSync(join(io.cwd, CUSTOMER_SCHEMA_FILE), customerJsonSchemaText());
  io.stdout(`wrote ${CUSTOMER_SCHEMA_FILE}\n`);
  return EXIT.ok;
}
