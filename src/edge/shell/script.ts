import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { sh } from "./quote.js";

/**
 * Edge scripts are ordinary bash files in this folder (lib/*.sh, <unit>-apply.sh, …). A rendered
 * script is a header of quoted read-only values, then the library parts it uses, then its body:
 * the only thing TypeScript writes is the header.
 */
export type ShellValue = string | number | readonly string[];

export interface ShellScriptSpec {
  /** what the script does, for the header comment */
  title: string;
  /** UPPER_CASE names → values; arrays become indexed arrays */
  values: Record<string, ShellValue>;
  /** library files from lib/, in order (begin.sh first for unit scripts) */
  libs: readonly string[];
  /** the body file */
  body: string;
  /** `set -e` (default); the read-only check runs without it and counts failures itself */
  errexit?: boolean;
}

const NAME = /^[A-Z][A-Z0-9_]*$/;

/** Header values in single quotes (what a reader expects); shell-quote for any with a quote. */
function word(value: string | number): string {
  const text = String(value);
  return text.includes("'") ? sh(text) : `'${text}'`;
}

function declaration(name: string, value: ShellValue): string {
  if (!NAME.test(name)) throw new Error(`bad shell variable name ${name}`);
  if (typeof value !== "string" && typeof value !== "number") {
    return `readonly -a ${name}=(${value.map(word).join(" ")})`;
  }
  // A literal program (awk) keeps its $ signs: single quotes are the point, not a mistake.
  const literal = String(value).includes("$") ? "# shellcheck disable=SC2016\n" : "";
  return `${literal}readonly ${name}=${word(value)}`;
}

export function shellScript(spec: ShellScriptSpec): string {
  if (/[\r\n]/.test(spec.title)) throw new Error("a script title is one line");
  const header = [
    "#!/bin/bash",
    `# LightSpeedUp: ${spec.title}. Managed by Pulumi; do not edit.`,
    spec.errexit === false ? "set -uo pipefail" : "set -euo pipefail",
    ...Object.entries(spec.values).map(([name, value]) => declaration(name, value)),
  ].join("\n");
  const libs = spec.libs.map(libraryText);
  const parts = [...libs, readShellFile(spec.body)];
  return `${header}\n${parts.join("")}`;
}

/**
 * Library files lose their comment lines in the rendered script: every command carries its
 * libraries three times (create, update, delete), and the comments are read in the source.
 */
function withoutComments(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line) && line.trim() !== "")
    .map((line) => `${line}\n`)
    .join("");
}

const libraries = new Map<string, string>();

/** A library file as it is rendered (stripped once: every script of every unit includes some). */
function libraryText(lib: string): string {
  let text = libraries.get(lib);
  if (text === undefined) {
    text = withoutComments(readShellFile(`lib/${lib}`));
    libraries.set(lib, text);
  }
  return text;
}

const cache = new Map<string, string>();

/** The text of a file of this folder (works from the sources and from a compiled copy). */
export function readShellFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(shellDir(), name), "utf8");
    cache.set(name, text);
  }
  return text;
}

let dir: string | undefined;
function shellDir(): string {
  if (dir) return dir;
  // Next to this module when run from src/ (tsx); from a compiled copy, the project's src/ folder.
  for (let at = __dirname; ; at = dirname(at)) {
    const candidate = [at, join(at, "src", "edge", "shell")].find((d) =>
      existsSync(join(d, "lib", "begin.sh")),
    );
    if (candidate) {
      dir = candidate;
      return dir;
    }
    if (dirname(at) === at)
      throw new Error(`the edge's shell files are not found from ${__dirname}`);
  }
}
