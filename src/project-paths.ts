import { isAbsolute, join, resolve } from "node:path";

/** The project root: the folder of Pulumi.yaml and package.json (this file is in src/). */
export const PROJECT_ROOT = resolve(__dirname, "..");

/**
 * The customers folder the program reads: `LSU_CUSTOMERS_DIR` when set (a relative value is taken
 * from the project root), else `customers/` in the project root — the same folder whatever the
 * working directory (the Pulumi engine runs the program from `src/`).
 */
export function customersDirFor(
  env: Record<string, string | undefined>,
  root: string = PROJECT_ROOT,
): string {
  const dir = env.LSU_CUSTOMERS_DIR;
  if (dir === undefined || dir === "") return join(root, "customers");
  return isAbsolute(dir) ? dir : resolve(root, dir);
}
