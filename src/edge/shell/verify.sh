# The read-only check of VM120 (`npm run edge:verify`): reads the manifest on stdin and prints one
# `DIFF …` line per difference, then `LSU-VERIFY ok` or `LSU-VERIFY <n> difference(s)` (exit 1).
# It changes nothing: the expected rules are loaded into a throw-away network namespace
# (`unshare --net`) only to print them in iptables' own canonical form next to the live ones.
#
# Manifest lines (paths and names are validated tokens without spaces; rules travel as base64):
#   file <path> <sha256> [<alternative sha256>]   a project file and its content
#   present <path>                                a file whose content carries a secret: exists
#   link <link> <target>                          a sites-enabled link
#   owned <directory> <glob>                      files there matching glob must all be expected
#   lineage <cert-name> required|optional <names>  a certificate lineage (optional: external
#                                                 domain), its names comma-separated
#   plainhttp <path> <sha256> <cert-name>         a TLS site's HTTP variant: wrong once certified
#   servername <hostname>                         a name only the project's sites may serve
#   iface <mac> <ifname> <cidr>                   a customer-network NIC: named, up, one address
#   bootunit <unit>                               a systemd unit that must be enabled
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
# check_interface MAC IFNAME CIDR: the NIC exists under its name, is up, has exactly CIDR and no IPv6.
check_interface() {
  local mac=$1 ifname=$2 cidr=$3 dev=/sys/class/net/$2 addresses
  if [ ! -e "$dev" ]; then
    report "interface $ifname: missing (NIC $mac)"
    return
  fi
  [ "$(cat "$dev/address")" = "$mac" ] || report "interface $ifname: MAC $(cat "$dev/address"), expected $mac"
  [ "$(cat "$dev/operstate")" != down ] || report "interface $ifname: down"
  addresses=$(ip -o -4 addr show dev "$ifname" | awk '{print $4}' | paste -sd, -)
  [ "$addresses" = "$cidr" ] || report "interface $ifname: IPv4 ${addresses:-none}, expected $cidr"
  [ -z "$(ip -o -6 addr show dev "$ifname")" ] || report "interface $ifname: has IPv6 addresses"
}
# check_jumps FAMILY JUMP…: each project jump must be the first rule of its built-in chain.
check_jumps() {
  local family=$1 jump table from to first
  shift
  for jump in "$@"; do
    read -r table from to <<< "$jump"
    first=$("$family" -t "$table" -S "$from" 2> /dev/null | grep -m1 '^-A' || true)
    [ "$first" = "-A $from -j $to" ] ||
      report "chain $family $table $from: the project's jump is not the first rule (first: ${first:-none})"
  done
}
declare -A expected_files=()
declare -A served=()
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
    present)
      expected_files["$a"]=1
      [ -f "$a" ] || report "file $a: missing"
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
        continue
      fi
      cert="$LSU_LE_DIR/live/$a/cert.pem"
      if [ ! -f "$cert" ]; then
        report "certificate $a: a lineage without a certificate"
        continue
      fi
      if ! openssl x509 -checkend "$((CERT_MIN_DAYS * 86400))" -noout -in "$cert" > /dev/null; then
        report "certificate $a: expires within $CERT_MIN_DAYS days ($(openssl x509 -enddate -noout -in "$cert"))"
      fi
      names=$(openssl x509 -noout -ext subjectAltName -in "$cert" | grep -oE 'DNS:[^, ]+' | sed 's/^DNS://' | sort | paste -sd, -)
      wanted=$(tr ',' '\n' <<< "$c" | sort | paste -sd, -)
      [ "$names" = "$wanted" ] || report "certificate $a: names $names, expected $wanted"
      ;;
    plainhttp)
      if [ -f "$LSU_LE_DIR/live/$c/fullchain.pem" ] && [ -f "$a" ] &&
        [ "$(sha256sum "$a" | cut -d' ' -f1)" = "$b" ]; then
        report "site $a: serves plain HTTP although its certificate $c exists"
      fi
      ;;
    servername)
      served["$a"]=1
      ;;
    iface)
      check_interface "$a" "$b" "$c"
      ;;
    bootunit)
      if [ -d /run/systemd/system ]; then
        systemctl is-enabled --quiet "$a" 2> /dev/null || report "boot unit $a: not enabled"
      else
        echo "NOTE boot unit $a: no systemd here, not checked"
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
check_jumps iptables "${BUILTIN_JUMPS[@]}"
check_jumps ip6tables "${BUILTIN_JUMPS6[@]}"
for family in iptables ip6tables; do
  for chain in INPUT FORWARD; do
    echo "NOTE policy $family filter $chain $("$family" -S "$chain" | awk '$1 == "-P" {print $3}')"
  done
done
# A site that is not the project's must not answer a customer's name.
for f in "$NGINX_DIR"/sites-enabled/* "$NGINX_DIR"/conf.d/*.conf; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in lsu-*) continue ;; esac
  while read -r -a names; do
    for name in "${names[@]}"; do
      if [ -n "${served[$name]:-}" ]; then report "site $f (not the project's) claims $name"; fi
    done
  done < <(grep -hoE '^[[:space:]]*server_name[^;]*' "$f" | sed -E 's/^[[:space:]]*server_name//')
done
if [ "$diffs" = 0 ]; then
  echo "LSU-VERIFY ok"
  exit 0
fi
echo "LSU-VERIFY $diffs difference(s)"
exit 1
