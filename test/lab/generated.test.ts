import { generatedCustomersDir } from "./customer-sets.js";
import { labSuite } from "./suite.js";

// 24 generated customers, 8 isolated networks, two-VM customers and suspended ones of both tiers.
labSuite("24 generated customers, 8 isolated", generatedCustomersDir);
