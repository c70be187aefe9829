// Pulumi entry point: `pulumi preview` / `pulumi up` run this with the stack's config.
import { runHostingProgram } from "./program.js";

export = async () =>
  runHostingProgram({ customersDir: process.env.LSU_CUSTOMERS_DIR ?? "customers" });
