import { writeFileSync } from "node:fs";
import { CUSTOMER_SCHEMA_FILE, customerJsonSchemaText } from "../model/json-schema.js";

// Regenerates customers/customer.schema.json; a test fails while the committed file is stale.
writeFileSync(CUSTOMER_SCHEMA_FILE, customerJsonSchemaText());
process.stdout.write(`wrote ${CUSTOMER_SCHEMA_FILE}\n`);
