/** What `edge:verify` found, from the check script's output: for people and for CI (`--json`). */
export interface VerifyReport {
  ok: boolean;
  differences: string[];
  notes: string[];
}

/** Reads the check script's `DIFF …` and `NOTE …` lines. Pure. */
export function parseVerifyOutput(stdout: string, exitCode: number | null): VerifyReport {
  const lines = stdout.split("\n");
  const after = (prefix: string) =>
    lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  const differences = after("DIFF ");
  return { ok: exitCode === 0 && differences.length === 0, differences, notes: after("NOTE ") };
}
