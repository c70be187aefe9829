/**
 * The project's exit codes, the same for every command (README "Commands"):
 *   0  done: a valid plan, no difference, nothing refused
 *   1  the input or the target says no: invalid customer files or config, over capacity,
 *      differences found, a preview the guard refuses
 *   2  bad usage or the command could not run: unknown option, missing file, no connection
 */
export const EXIT = {
  ok: 0,
  refused: 1,
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
