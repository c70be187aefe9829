import { BUILTIN_JUMPS, BUILTIN_JUMPS6 } from "../network/rules.js";
import type { EdgePaths } from "../paths.js";
import type { ShellValue } from "../shell/script.js";

/** Header values every unit script gets: the lock and the payload parts it accepts. */
export const beginValues = (paths: EdgePaths, parts: readonly string[]) => ({
  LSU_LOCK_FILE: paths.lockFile,
  LSU_PARTS: parts,
});

export const nginxValues = (paths: EdgePaths) => ({
  LSU_RELOAD_COMMAND: paths.reloadCommand,
  LSU_RELOAD_OWED: `${paths.stateDir}/nginx-reload-owed`,
});

export const certbotValues = (paths: EdgePaths) => ({
  LSU_LE_DIR: paths.letsencryptDir,
  LSU_LE_WORK_DIR: paths.letsencryptWorkDir,
  LSU_LE_LOGS_DIR: paths.letsencryptLogsDir,
});

export const rulesDir = (paths: EdgePaths) => `${paths.projectDir}/iptables.d`;
export const restoreScriptPath = (paths: EdgePaths) => `${paths.projectDir}/restore-iptables.sh`;
export const netValues = (paths: EdgePaths) => ({ LSU_RESTORE_SCRIPT: restoreScriptPath(paths) });

export const interfacesDir = (paths: EdgePaths) => `${paths.projectDir}/interfaces.d`;

/** "table from to" per built-in jump (IPv4 and IPv6), as the scripts read them. */
export const jumpValues = (): Record<string, ShellValue> => ({
  BUILTIN_JUMPS: BUILTIN_JUMPS.map((j) => `${j.table} ${j.from} ${j.to}`),
  BUILTIN_JUMPS6: BUILTIN_JUMPS6.map((j) => `${j.table} ${j.from} ${j.to}`),
});
