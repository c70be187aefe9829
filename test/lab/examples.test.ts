import { EXAMPLES_DIR } from "./customer-sets.js";
import { labSuite } from "./suite.js";

// The guide's beta mix as it ships in examples/customers (16 customers, 4 isolated).
labSuite("examples/customers", () => EXAMPLES_DIR);
