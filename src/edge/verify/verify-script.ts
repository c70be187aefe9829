import type { EdgePaths } from "../paths.js";
import { readShellFile, shellScript } from "../shell/script.js";
import { jumpValues } from "../units/values.js";

/** The read-only check of VM120 (`npm run edge:verify`): src/edge/shell/verify.sh. */
export function renderVerifyScript(paths: EdgePaths): string {
  return shellScript({
    title: "edge verify, read-only",
    values: {
      LSU_LE_DIR: paths.letsencryptDir,
      ...jumpValues(),
      MERGE_RULES_AWK: readShellFile("merge-rules.awk"),
    },
    libs: [],
    body: "verify.sh",
    errexit: false,
  });
}
