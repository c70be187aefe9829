import { renderBaseRules, renderBaseRules6, renderTailRules } from "../network/rules.js";
import type { EdgeNetContext } from "../network/specs.js";
import {
  FORWARDING_SYSCTL_FILE,
  RESTORE_UNIT,
  renderForwardingSysctl,
  renderRestoreUnit,
} from "../network/system-files.js";
import type { EdgePaths } from "../paths.js";
import { readShellFile, shellScript } from "../shell/script.js";
import { EDGE_UNIT_NAMES, type EdgeUnit, emptyChecks } from "./edge-unit.js";
import { encodePayload } from "./payload.js";
import {
  beginValues,
  interfacesDir,
  jumpValues,
  netValues,
  restoreScriptPath,
  rulesDir,
} from "./values.js";

export const BASE_RULES_FILE = "00-base.rules";
export const BASE_RULES6_FILE = "00-base.rules6";
/** restored after every other rule file (see restore-iptables.sh) */
export const TAIL_RULES_FILE = "zz-tail.rules";

/** The project chains the base unit creates, as "table chain". */
const BASE_CHAINS = [
  "filter LSU-FORWARD",
  "filter LSU-INPUT",
  "filter LSU-SSH",
  "nat LSU-PREROUTING",
  "nat LSU-POSTROUTING",
];
const BASE_CHAINS6 = ["filter LSU6-INPUT", "filter LSU6-FORWARD"];

/** The restore script (also what the boot unit runs): jumps once, then every file, merged. */
export function renderRestoreScript(paths: EdgePaths): string {
  return shellScript({
    title: "restores the edge's rule files (boot unit and every rule change)",
    values: {
      ...jumpValues(),
      RULES_DIR: rulesDir(paths),
      BASE_RULES_NAME: BASE_RULES_FILE,
      BASE_RULES6_NAME: BASE_RULES6_FILE,
      TAIL_RULES_NAME: TAIL_RULES_FILE,
      INTERFACES_DIR: interfacesDir(paths),
      MERGE_RULES_AWK: readShellFile("merge-rules.awk"),
    },
    libs: ["iface.sh"],
    body: "restore-iptables.sh",
  });
}

/** Base chains, forwarding, the restore script and its boot unit. */
export function netBaseUnit(net: EdgeNetContext, paths: EdgePaths): EdgeUnit {
  const baseRules = renderBaseRules(net);
  const baseRules6 = renderBaseRules6();
  const tailRules = renderTailRules();
  const restore = renderRestoreScript(paths);
  const unit = renderRestoreUnit(paths);
  const sysctl = renderForwardingSysctl();
  const at = {
    base: `${rulesDir(paths)}/${BASE_RULES_FILE}`,
    base6: `${rulesDir(paths)}/${BASE_RULES6_FILE}`,
    tail: `${rulesDir(paths)}/${TAIL_RULES_FILE}`,
    unit: `${paths.systemdUnitDir}/${RESTORE_UNIT}`,
    sysctl: `${paths.sysctlDir}/${FORWARDING_SYSCTL_FILE}`,
  };
  const values = {
    ...netValues(paths),
    BASE_RULES_FILE: at.base,
    BASE_RULES6_FILE: at.base6,
    TAIL_RULES_FILE: at.tail,
    RESTORE_UNIT_FILE: at.unit,
    FORWARDING_SYSCTL_FILE: at.sysctl,
  };
  return {
    name: EDGE_UNIT_NAMES.netBase,
    files: [
      { path: at.base, content: baseRules },
      { path: at.base6, content: baseRules6 },
      { path: at.tail, content: tailRules },
      { path: restoreScriptPath(paths), content: restore, mode: "0755" },
      { path: at.unit, content: unit },
      { path: at.sysctl, content: sysctl },
    ],
    apply: shellScript({
      title: "the edge's base chains, forwarding and boot unit",
      values: {
        ...beginValues(paths, ["base", "base6", "tail", "restore", "unit", "sysctl"]),
        ...values,
      },
      libs: ["begin.sh", "net.sh"],
      body: "net-base-apply.sh",
    }),
    delete: shellScript({
      title: "removes the edge's base chains, forwarding and boot unit",
      values: {
        ...beginValues(paths, []),
        ...values,
        ...jumpValues(),
        BASE_CHAINS,
        BASE_CHAINS6,
      },
      libs: ["begin.sh", "net.sh"],
      body: "net-base-delete.sh",
    }),
    stdin: encodePayload({
      base: baseRules,
      base6: baseRules6,
      tail: tailRules,
      restore,
      unit,
      sysctl,
    }),
    needs: [],
    ...emptyChecks(),
    sysctl: [{ key: "net.ipv4.ip_forward", value: "1" }],
    bootUnits: [RESTORE_UNIT],
  };
}
