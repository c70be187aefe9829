# Every edge script starts here: one exclusive lock for the whole run (Pulumi runs commands in
# parallel), a private temp dir, and the payload from stdin: one "<part> <base64>" line per file,
# decoded into "$tmp/<part>". Only the parts named in LSU_PARTS are accepted. A script that reads
# no payload (a delete: the command provider hands it the stored apply payload) ignores stdin.
umask 022
mkdir -p "$(dirname "$LSU_LOCK_FILE")"
exec 9>>"$LSU_LOCK_FILE"
flock -w 900 9 || { echo "timed out waiting for the edge lock $LSU_LOCK_FILE" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lsu_is_part() {
  local wanted=$1 part
  for part in "${LSU_PARTS[@]}"; do [ "$part" = "$wanted" ] && return 0; done
  return 1
}
if [ ${#LSU_PARTS[@]} -eq 0 ]; then cat > /dev/null; fi
while read -r part data; do
  if [ -z "$part" ] || ! lsu_is_part "$part"; then
    echo "unexpected payload part: $part" >&2
    exit 1
  fi
  printf '%s' "$data" | base64 -d > "$tmp/$part"
done
