/**
 * What a command reads and writes besides its arguments. Commands never touch `process` directly,
 * so tests call `run(argv, io)` in-process and read what was written.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** the folder relative paths are resolved against (the project root when run through npm) */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The real process's streams, folder and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** An io that keeps what a command writes: for tests. */
export function bufferIo(
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): CliIo & {
  out: () => string;
  err: () => string;
} {
  let out = "";
  let err = "";
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}
