import type { EdgePaths } from "../paths.js";
import { readShellFile, shellScript } from "../shell/script.js";
import { jumpValues } from "../units/values.js";

/** The read-only check of VM120 (`npm run edge:verify`): src/edge/shell/verify.sh. */
export function renderVerifyScript(
  paths: EdgePaths,
  options: { certMinDays?: number } = {},
): string {
  return shellScript({
    title: "edge verify, read-only",
    values: {
      LSU_LE_DIR: paths.letsencryptDir,
      NGINX_DIR: paths.nginxDir,
      // certbot renews 30 days before expiry: 14 days left means renewal has been failing
      CERT_MIN_DAYS: options.certMinDays ?? 14,
      ...jumpValues(),
      MERGE_RULES_AWK: readShellFile("merge-rules.awk"),
    },
    libs: [],
    body: "verify.sh",
    errexit: false,
  });
}
