import { BUILTIN_JUMPS } from "../network/rules.js";
import { MERGE_RULES_AWK } from "../network/scripts.js";
import type { EdgePaths } from "../paths.js";
import { sh } from "../scripts/common.js";

/**
 * The read-only check of VM120 (`npm run edge:verify`): reads the manifest on stdin and prints one
 * `DIFF …` line per difference, then `LSU-VERIFY ok` or `LSU-VERIFY <n> difference(s)` (exit 1).
 * It changes nothing: the expected rules are loaded into a throw-away network namespace
 * (`unshare --net`) only to print them in iptables' own canonical form next to the live ones.
 */
export function renderVerifyScript(paths: EdgePaths): string {
  const jumps = BUILTIN_JUMPS.map(
    (j) =>
      `iptables -t ${j.table} -N ${j.to} 2>/dev/null || true; iptables -t ${j.table} -I ${j.from} 1 -j ${j.to}`,
  ).join("\n");
  return `#!/bin/bash
# LightSpeedUp edge verify: read-only.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
diffs=0
report() { echo "DIFF $*"; diffs=$((diffs + 1)); }
project_lines() {
  iptables-save | grep -E '^(\\*|:LSU|-A LSU|-A [A-Z]+ .*-j LSU)' | sed -E 's/\\[[0-9]+:[0-9]+\\]/[0:0]/'
}
declare -A expected_files=()
while read -r kind a b c; do
  case "$kind" in
    file)
      expected_files["$a"]=1
      if [ ! -f "$a" ]; then report "file $a: missing"; continue; fi
      actual=$(sha256sum "$a" | cut -d' ' -f1)
      if [ "$actual" != "$b" ] && [ "$actual" != "\${c:-}" ]; then report "file $a: content differs from the rendered one"; fi ;;
    link)
      if [ "$(readlink "$a" 2>/dev/null)" != "$b" ]; then report "link $a: does not point to $b"; fi ;;
    owned)
      for f in "$a"/$b; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        case "$a" in */sites-enabled) continue ;; esac
        [ -n "\${expected_files[$f]:-}" ] || report "file $f: not expected (left over from a removed customer?)"
      done ;;
    lineage)
      if [ ! -f ${sh(paths.letsencryptDir)}/renewal/"$a".conf ]; then
        if [ "$b" = required ]; then report "certificate $a: no lineage"; else echo "NOTE certificate $a: none yet (external domain waiting for DNS?)"; fi
      fi ;;
    sysctl)
      actual=$(sysctl -n "$a" 2>/dev/null || echo missing)
      [ "$actual" = "$b" ] || report "sysctl $a: $actual, expected $b" ;;
    rules)
      printf '%s' "$a" | base64 -d > "$tmp/expected.rules"
      awk ${MERGE_RULES_AWK} "$tmp/expected.rules" > "$tmp/merged.rules"
      export -f project_lines
      if ! unshare --net bash -c '
        set -e
        ${jumps}
        iptables-restore --noflush < "$1"
        project_lines' _ "$tmp/merged.rules" > "$tmp/expected.lines" 2> "$tmp/unshare.log"; then
        report "rules: the rendered rules do not load: $(head -n1 "$tmp/unshare.log")"
        continue
      fi
      project_lines > "$tmp/live.lines"
      # Compare chain by chain, keeping each chain's rule order (a moved rule is a difference).
      sort -s -t' ' -k2,2 "$tmp/expected.lines" > "$tmp/expected.sorted"
      sort -s -t' ' -k2,2 "$tmp/live.lines" > "$tmp/live.sorted"
      while IFS= read -r line; do
        case "$line" in
          "< "*) report "rule missing: \${line#< }" ;;
          "> "*) report "rule not expected: \${line#> }" ;;
        esac
      done < <(diff "$tmp/expected.sorted" "$tmp/live.sorted") ;;
  esac
done
if [ "$diffs" = 0 ]; then echo "LSU-VERIFY ok"; exit 0; fi
echo "LSU-VERIFY $diffs difference(s)"
exit 1
`;
}
