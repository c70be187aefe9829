import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "./fixtures.js";

/**
 * A throw-away git repository holding the project's stack files and a customers folder: what
 * `plan --diff`, customer:new and customer:offboard work on in tests.
 */
export interface GitProject {
  dir: string;
  customers: string;
  write(name: string, text: string): void;
  read(name: string): string;
  remove(name: string): void;
  commit(message: string): string;
  cleanup(): void;
}

export function gitProject(files: Record<string, string>): GitProject {
  const dir = mkdtempSync(join(tmpdir(), "lsu-git-"));
  const customers = join(dir, "customers");
  mkdirSync(customers);
  for (const f of ["Pulumi.yaml", "Pulumi.beta.yaml"])
    copyFileSync(join(PROJECT_DIR, f), join(dir, f));
  copyFileSync(
    join(PROJECT_DIR, "customers", "customer.schema.json"),
    join(customers, "customer.schema.json"),
  );
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: "pipe" }).trim();
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.invalid");
  git("config", "user.name", "test");
  git("config", "commit.gpgsign", "false");
  const project: GitProject = {
    dir,
    customers,
    write: (name, text) => writeFileSync(join(customers, name), text),
    read: (name) => readFileSync(join(customers, name), "utf8"),
    remove: (name) => rmSync(join(customers, name)),
    commit: (message) => {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD");
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) project.write(name, text);
  project.commit("base");
  return project;
}

/** Example customer files from examples/customers, by name. */
export const exampleCustomer = (name: string) =>
  readFileSync(join(PROJECT_DIR, "examples", "customers", `${name}.yaml`), "utf8");
