import { createHash } from "node:crypto";
import type { RemoteFile } from "../../remote/unit.js";
import { renderTailRules } from "../network/rules.js";
import type { EdgePaths } from "../paths.js";
import { type EdgePlan, edgeUnits } from "../units/edge-units.js";
import { rulesDir } from "../units/values.js";

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Files other units put on VM120 (the monitoring units there); `secret` ones are not known offline. */
export interface OtherFiles {
  files: readonly RemoteFile[];
  secret: ReadonlySet<string>;
}

/**
 * What VM120 should hold, as the line-based manifest the read-only verify script reads (its
 * format is described in src/edge/shell/verify.sh), derived from the edge's units and `others`:
 * a file that carries a secret is checked for presence only.
 */
export function verifyManifest(
  plan: EdgePlan,
  paths: EdgePaths,
  others: OtherFiles = { files: [], secret: new Set() },
): string {
  const lines: string[] = others.files.map((f) =>
    others.secret.has(f.path) ? `present ${f.path}` : `file ${f.path} ${sha(f.content)}`,
  );
  const rules: string[] = [];
  const rules6: string[] = [];
  for (const unit of edgeUnits(plan, paths)) {
    for (const file of unit.files) {
      const alternatives = unit.alternatives.filter((a) => a.path === file.path);
      lines.push(
        `file ${file.path} ${[file.content, ...alternatives.map((a) => a.content)].map(sha).join(" ")}`,
      );
      if (file.path.startsWith(`${rulesDir(paths)}/`)) {
        (file.path.endsWith(".rules6") ? rules6 : rules).push(file.content);
      }
    }
    for (const link of unit.links) lines.push(`link ${link.link} ${link.target}`);
    for (const l of unit.lineages) {
      lines.push(
        `lineage ${l.certName} ${l.required ? "required" : "optional"} ${l.hostnames.join(",")}`,
      );
      // a TLS site still on its plain-HTTP variant once its certificate exists is a difference
      for (const alt of unit.alternatives)
        lines.push(`plainhttp ${alt.path} ${sha(alt.content)} ${l.certName}`);
    }
    for (const name of unit.serverNames) lines.push(`servername ${name}`);
    for (const i of unit.interfaces) lines.push(`iface ${i.mac} ${i.ifname} ${i.cidr}`);
    for (const u of unit.bootUnits) lines.push(`bootunit ${u}`);
    for (const s of unit.sysctl) lines.push(`sysctl ${s.key} ${s.value}`);
  }
  // the restore script loads the tail file after every other rule file
  const tail = rules.indexOf(renderTailRules());
  if (tail >= 0) rules.push(...rules.splice(tail, 1));
  lines.push(
    `owned ${paths.nginxDir}/sites-available lsu-*.conf`,
    `owned ${paths.nginxDir}/conf.d lsu-*.conf`,
    `owned ${rulesDir(paths)} *.rules*`,
    `owned ${paths.projectDir}/interfaces.d *.conf`,
    `owned ${paths.systemdNetworkDir} 60-lsu-*`,
    `owned ${paths.sysctlDir} 60-lsu-*`,
    `rules ${Buffer.from(rules.join("")).toString("base64")}`,
    `rules6 ${Buffer.from(rules6.join("")).toString("base64")}`,
  );
  return `${lines.join("\n")}\n`;
}
