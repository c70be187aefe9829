import { BUILTIN_JUMPS } from "../network/rules.js";
import type { EdgePaths } from "../paths.js";
import type { ShellValue } from "../shell/script.js";

/** Header values every unit script gets: the lock and the payload parts it accepts. */
export const beginValues = (paths: EdgePaths, parts: readonly string[]) => ({
  LSU_LOCK_FILE: paths.lockFile,
  LSU_PARTS: parts,
});

export const nginxValues = (paths: EdgePaths) => ({ LSU_RELOAD_COMMAND: paths.reloadCommand });

export const certbotValues = (paths: EdgePaths) => ({
  LSU_LE_DIR: paths.letsencryptDir,
  LSU_LE_WORK_DIR: paths.letsencryptWorkDir,
  LSU_LE_LOGS_DIR: paths.letsencryptLogsDir,
});

export const rulesDir = (paths: EdgePaths) => `${paths.projectDir}/iptables.d`;
export const restoreScriptPath = (paths: EdgePaths) => `${paths.projectDir}/restore-iptables.sh`;
export const netValues = (paths: EdgePaths) => ({ LSU_RESTORE_SCRIPT: restoreScriptPath(paths) });

/** "table from to" per built-in jump, as the scripts read them. */
export const jumpValues = (): Record<string, ShellValue> => ({
  BUILTIN_JUMPS: BUILTIN_JUMPS.map((j) => `${j.table} ${j.from} ${j.to}`),
});
