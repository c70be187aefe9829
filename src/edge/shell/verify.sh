# The read-only check of VM120 (`npm run edge:verify`): reads the manifest on stdin and prints one
# `DIFF …` line per difference, then `LSU-VERIFY ok` or `LSU-VERIFY <n> difference(s)` (exit 1).
# It changes nothing: the expected rules are loaded into a throw-away network namespace
# (`unshare --net`) only to print them in iptables' own canonical form next to the live ones.
#
# Manifest lines (paths and names are validated tokens without spaces; rules travel as base64):
#   file <path> <sha256> [<alternative sha256>]   a project file and its content
#   link <link> <target>                          a sites-enabled link
#   owned <directory> <glob>                      files there matching glob must all be expected
#   lineage <cert-name> required|optional         a certificate lineage (optional: external domain)
#   sysctl <key> <value>
#   rules <base64 of every rule file, merged>     compared with the live project chains
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
diffs=0
report() {
  echo "DIFF $*"
  diffs=$((diffs + 1))
}
project_lines() {
  iptables-save | grep -E '^(\*|:LSU|-A LSU|-A [A-Z]+ .*-j LSU)' | sed -E 's/\[[0-9]+:[0-9]+\]/[0:0]/'
}
# Runs in the throw-away namespace (passed there with declare -f), never called directly here.
# shellcheck disable=SC2317
load_expected() {
  local jump table from to
  for jump in "${BUILTIN_JUMPS[@]}"; do
    read -r table from to <<< "$jump"
    iptables -t "$table" -N "$to" 2> /dev/null || true
    iptables -t "$table" -I "$from" 1 -j "$to"
  done
  iptables-restore --noflush < "$1"
  project_lines
}
check_rules() {
  printf '%s' "$1" | base64 -d > "$tmp/expected.rules"
  awk "$MERGE_RULES_AWK" "$tmp/expected.rules" > "$tmp/merged.rules"
  local inner
  inner="$(declare -p BUILTIN_JUMPS); $(declare -f project_lines load_expected); set -e; load_expected \"\$1\""
  if ! unshare --net bash -c "$inner" _ "$tmp/merged.rules" > "$tmp/expected.lines" 2> "$tmp/unshare.log"; then
    report "rules: the rendered rules do not load: $(head -n1 "$tmp/unshare.log")"
    return
  fi
  project_lines > "$tmp/live.lines"
  # Compare chain by chain, keeping each chain's rule order (a moved rule is a difference).
  sort -s -t' ' -k2,2 "$tmp/expected.lines" > "$tmp/expected.sorted"
  sort -s -t' ' -k2,2 "$tmp/live.lines" > "$tmp/live.sorted"
  while IFS= read -r line; do
    case "$line" in
      "< "*) report "rule missing: ${line#< }" ;;
      "> "*) report "rule not expected: ${line#> }" ;;
    esac
  done < <(diff "$tmp/expected.sorted" "$tmp/live.sorted")
}
declare -A expected_files=()
while read -r kind a b c; do
  case "$kind" in
    file)
      expected_files["$a"]=1
      if [ ! -f "$a" ]; then
        report "file $a: missing"
        continue
      fi
      actual=$(sha256sum "$a" | cut -d' ' -f1)
      if [ "$actual" != "$b" ] && [ "$actual" != "${c:-}" ]; then
        report "file $a: content differs from the rendered one"
      fi
      ;;
    link)
      if [ "$(readlink "$a" 2> /dev/null)" != "$b" ]; then report "link $a: does not point to $b"; fi
      ;;
    owned)
      for f in "$a"/$b; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        case "$a" in */sites-enabled) continue ;; esac
        [ -n "${expected_files[$f]:-}" ] || report "file $f: not expected (left over from a removed customer?)"
      done
      ;;
    lineage)
      if [ ! -f "$LSU_LE_DIR/renewal/$a.conf" ]; then
        if [ "$b" = required ]; then
          report "certificate $a: no lineage"
        else
          echo "NOTE certificate $a: none yet (external domain waiting for DNS?)"
        fi
      fi
      ;;
    sysctl)
      actual=$(sysctl -n "$a" 2> /dev/null || echo missing)
      [ "$actual" = "$b" ] || report "sysctl $a: $actual, expected $b"
      ;;
    rules)
      check_rules "$a"
      ;;
  esac
done
if [ "$diffs" = 0 ]; then
  echo "LSU-VERIFY ok"
  exit 0
fi
echo "LSU-VERIFY $diffs difference(s)"
exit 1
