import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sh } from "../edge/shell/quote.js";

/** The monitoring scripts are real files (shellcheck reads them); TypeScript adds only a header. */
export function scriptFile(name: string): string {
  return readFileSync(join(__dirname, "scripts", name), "utf8");
}

export type HeaderValue = string | number | readonly (string | number)[];

/**
 * `readonly NAME=value` (arrays: `readonly -a NAME=(…)`), every value quoted. `shared`: one header
 * serves apply and delete, so a value one of them does not use is not a mistake (SC2034).
 */
export function header(values: Record<string, HeaderValue>, shared = false): string {
  const directive = shared ? "# shellcheck disable=SC2034\n" : "";
  return Object.entries(values)
    .map(([name, value]) =>
      Array.isArray(value)
        ? `${directive}readonly -a ${name}=(${value.map((v) => sh(v)).join(" ")})`
        : `${directive}readonly ${name}=${sh(value as string | number)}`,
    )
    .join("\n");
}
