// Pulumi entry point: `pulumi preview` / `pulumi up` run this with the stack's config.
import { runHostingProgram } from "./program.js";
import { customersDirFor } from "./project-paths.js";

// The engine runs the program with the folder of `main` (src/) as working directory, so the
// customers folder is resolved from the project root, never from the working directory.
export = async () => runHostingProgram({ customersDir: customersDirFor(process.env) });
