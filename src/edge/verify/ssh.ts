import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HostingConfig } from "../../config/schema.js";
import { bashCommand } from "../connection.js";

export interface RemoteResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script on VM120 with OpenSSH, accepting only the pinned host key (hosting:edgeSsh.hostKey)
 * through a private known_hosts file; no prompt, no agent forwarding.
 */
export function runOnEdge(
  config: HostingConfig,
  script: string,
  stdin: string,
  identityFile?: string,
): RemoteResult {
  const dir = mkdtempSync(join(tmpdir(), "lsu-ssh-"));
  try {
    const { host, port, user, hostKey } = config.edgeSsh;
    const known = join(dir, "known_hosts");
    writeFileSync(known, `${port === 22 ? host : `[${host}]:${port}`} ${hostKey}\n`);
    const args = [
      "-o",
      "BatchMode=yes",
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      `UserKnownHostsFile=${known}`,
      "-o",
      "GlobalKnownHostsFile=/dev/null",
      "-o",
      "ForwardAgent=no",
      "-o",
      "ConnectTimeout=15",
      "-p",
      String(port),
      ...(identityFile ? ["-i", identityFile, "-o", "IdentitiesOnly=yes"] : []),
      `${user}@${host}`,
      bashCommand(script),
    ];
    const run = spawnSync("ssh", args, { input: stdin, encoding: "utf8", timeout: 300_000 });
    return {
      code: run.status,
      stdout: run.stdout ?? "",
      stderr: run.stderr ?? (run.error ? String(run.error) : ""),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
