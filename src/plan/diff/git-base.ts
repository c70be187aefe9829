import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";

export interface BaseTree {
  /** the project folder inside the extracted tree (Pulumi.yaml, Pulumi.<stack>.yaml) */
  projectDir: string;
  /** the customers folder inside the extracted tree (created empty when the revision has none) */
  customersDir: string;
  /** the full commit id the revision resolved to */
  commit: string;
  /** removes the extracted tree */
  dispose(): void;
}

const git = (cwd: string, args: string[]) =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/**
 * Extracts a git revision's tree (`git archive REF | tar -x`) into a temporary folder and returns
 * where the project and the customers folder are inside it. Throws with git's message when `ref`
 * is not a revision of the repository holding `projectDir`.
 */
export function extractRevision(projectDir: string, customersDir: string, ref: string): BaseTree {
  if (ref.startsWith("-")) throw new Error(`--diff ${ref}: not a git revision`);
  const project = realpathSync(projectDir);
  const top = realpathSync(git(project, ["rev-parse", "--show-toplevel"]));
  const commit = git(project, ["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`]);
  const customers = realpathSync(
    isAbsolute(customersDir) ? customersDir : resolve(project, customersDir),
  );
  const customersRel = relative(top, customers);
  if (customersRel.startsWith("..") || isAbsolute(customersRel)) {
    throw new Error(`--diff: the customers folder ${customersDir} is not inside the repository`);
  }
  const dir = mkdtempSync(join(tmpdir(), "lsu-diff-base-"));
  try {
    const archive = execFileSync("git", ["archive", "--format=tar", commit], {
      cwd: top,
      maxBuffer: 512 * 1024 * 1024,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const baseCustomers = join(dir, customersRel);
  if (!existsSync(baseCustomers)) mkdirSync(baseCustomers, { recursive: true });
  return {
    projectDir: join(dir, relative(top, project)),
    customersDir: baseCustomers,
    commit,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
