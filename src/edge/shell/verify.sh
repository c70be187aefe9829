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
#   rules6 <base64 of the IPv6 rule files>        the same for ip6tables
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
diffs=0
report() {
  echo "DIFF $*"
  diffs=$((diffs + 1))
}
project_lines() {
  "$1-save" | grep -E '^(\*|:LSU|-A LSU|-A [A-Z]+ .*-j LSU)' | sed -E 's/\[[0-9]+:[0-9]+\]/[0:0]/'
}
# Runs in the throw-away namespace (passed there with declare -f), never called directly here.
# shellcheck disable=SC2317
load_expected() {
  local family=$1 rules=$2 jump table from to jumps
  if [ "$family" = iptables ]; then jumps=("${BUILTIN_JUMPS[@]}"); else jumps=("${BUILTIN_JUMPS6[@]}"); fi
  for jump in "${jumps[@]}"; do
    read -r table from to <<< "$jump"
    "$family" -t "$table" -N "$to" 2> /dev/null || true
    "$family" -t "$table" -I "$from" 1 -j "$to"
  done
  "$family-restore" --noflush < "$rules"
  project_lines "$family"
}
# check_rules iptables|ip6tables BASE64: the live project chains against the rendered ones.
check_rules() {
  local family=$1 inner
  printf '%s' "$2" | base64 -d > "$tmp/expected.rules"
  if [ "$family" = iptables ]; then
    awk "$MERGE_RULES_AWK" "$tmp/expected.rules" > "$tmp/merged.rules"
  else
    cp "$tmp/expected.rules" "$tmp/merged.rules"
  fi
  inner="$(declare -p BUILTIN_JUMPS BUILTIN_JUMPS6); $(declare -f project_lines load_expected)"
  inner="$inner; set -e; load_expected \"\$1\" \"\$2\""
  if ! unshare --net bash -c "$inner" _ "$family" "$tmp/merged.rules" > "$tmp/expected.lines" 2> "$tmp/unshare.log"; then
    report "rules: the rendered $family rules do not load: $(head -n1 "$tmp/unshare.log")"
    return
  fi
  project_lines "$family" > "$tmp/live.lines"
  # Compare chain by chain, keeping each chain's rule order (a moved rule is a difference).
  sort -s -t' ' -k2,2 "$tmp/expected.lines" > "$tmp/expected.sorted"
  sort -s -t' ' -k2,2 "$tmp/live.lines" > "$tmp/live.sorted"
  local what=rule
  [ "$family" = iptables ] || what="IPv6 rule"
  while IFS= read -r line; do
    case "$line" in
      "< "*) report "$what missing: ${line#< }" ;;
      "> "*) report "$what not expected: ${line#> }" ;;
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
      check_rules iptables "$a"
      ;;
    rules6)
      check_rules ip6tables "$a"
      ;;
  esac
done
if [ "$diffs" = 0 ]; then
  echo "LSU-VERIFY ok"
  exit 0
fi
echo "LSU-VERIFY $diffs difference(s)"
exit 1
