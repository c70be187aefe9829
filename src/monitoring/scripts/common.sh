# Shared by every monitoring script (DESIGN §7 conventions). The header above this line defines,
# read-only: LOCK_FILE, FILES (absolute paths), MODES, GROUPS_ (owning group per file), PACKAGES,
# SYSTEMCTL, APT_GET, OUTPUTS (files the unit's timers write; removed on delete), and for
# stale-file cleanup SWEEP_DIR and SWEEP_GLOB (may be empty).
set -euo pipefail
umask 022
mkdir -p "$(dirname "$LOCK_FILE")"
exec 9>>"$LOCK_FILE"
flock -w 900 9 || { echo "timed out waiting for the monitoring lock $LOCK_FILE" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CHANGED=0
CHANGED_FILES=()
# Each restore line undoes one change: "put <backup> <dst>", "remove <dst>" or "link <target> <link>".
RESTORE="$tmp/restore"
: > "$RESTORE"

# Reads the payload: one line per file, "<index> <base64 content>"; every file must be present.
lsu_read_payload() {
  local index data i
  while read -r index data; do
    [ -z "$index" ] && continue
    if ! [[ "$index" =~ ^[0-9]+$ ]] || [ "$index" -ge "${#FILES[@]}" ]; then
      echo "unexpected payload part: $index" >&2
      exit 1
    fi
    printf '%s' "$data" | base64 -d > "$tmp/new.$index"
  done
  for i in "${!FILES[@]}"; do
    [ -f "$tmp/new.$i" ] || { echo "payload lacks ${FILES[$i]}" >&2; exit 1; }
  done
}

lsu_ensure_packages() {
  local p missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive "$APT_GET" install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# Puts every payload file in place (atomically, by rename in the same directory), remembering how
# to undo it; unchanged files are not touched.
lsu_install_all() {
  local i dst n=0
  for i in "${!FILES[@]}"; do
    dst=${FILES[$i]}
    if [ -f "$dst" ] && cmp -s "$tmp/new.$i" "$dst" && lsu_mode_ok "$i"; then continue; fi
    mkdir -p "$(dirname "$dst")"
    if [ -f "$dst" ]; then
      n=$((n + 1))
      cp -p "$dst" "$tmp/old.$n"
      echo "put $tmp/old.$n $dst" >> "$RESTORE"
    else
      echo "remove $dst" >> "$RESTORE"
    fi
    # created private, then given its mode: a secret file is never readable by others, even briefly
    (umask 077 && cp "$tmp/new.$i" "$dst.lsu-new")
    chmod "${MODES[$i]}" "$dst.lsu-new"
    chgrp "${GROUPS_[$i]}" "$dst.lsu-new"
    mv -f "$dst.lsu-new" "$dst"
    CHANGED=1
    CHANGED_FILES+=("$dst")
  done
  lsu_sweep
}

lsu_mode_ok() {
  local i=$1
  [ "$(stat -c '%a %G' "${FILES[$i]}")" = "${MODES[$i]#0} ${GROUPS_[$i]}" ]
}

# Removes files matching SWEEP_GLOB in SWEEP_DIR that the payload no longer lists (a deleted
# customer's dashboard), remembering them for a rollback.
lsu_sweep() {
  [ -n "$SWEEP_DIR" ] && [ -d "$SWEEP_DIR" ] || return 0
  local f keep i n=1000
  for f in "$SWEEP_DIR"/$SWEEP_GLOB; do
    [ -f "$f" ] || continue
    keep=0
    for i in "${!FILES[@]}"; do [ "${FILES[$i]}" = "$f" ] && keep=1; done
    [ "$keep" = 1 ] && continue
    n=$((n + 1))
    mv -f "$f" "$tmp/old.$n"
    echo "put $tmp/old.$n $f" >> "$RESTORE"
    CHANGED=1
    CHANGED_FILES+=("$f")
  done
}

lsu_rollback() {
  local op a b
  while read -r op a b; do
    case "$op" in
      put) mv -f "$a" "$b" ;;
      remove) rm -f "$a" ;;
      link) ln -sfn "$a" "$b.lsu-new" && mv -Tf "$b.lsu-new" "$b" ;;
    esac
  done < <(tac "$RESTORE")
}

lsu_changed() {
  local f
  for f in "${CHANGED_FILES[@]}"; do [ "$f" = "$1" ] && return 0; done
  return 1
}

# lsu_validate_or_rollback DESCRIPTION COMMAND...: runs the check on the installed files; on
# failure restores the previous files, proves them with the same check and exits non-zero.
lsu_validate_or_rollback() {
  local what=$1
  shift
  if "$@" > "$tmp/check.log" 2>&1; then return 0; fi
  echo "$what refused the new configuration:" >&2
  cat "$tmp/check.log" >&2
  lsu_rollback
  if ! grep -q '^put ' "$RESTORE"; then
    echo "removed the new files (there were none before); nothing reloaded" >&2
  elif "$@" > /dev/null 2>&1; then
    echo "restored the previous files; $what passes again; nothing reloaded" >&2
  else
    echo "restored the previous files, which $what refuses too; nothing reloaded" >&2
  fi
  exit 1
}

# Deletes exactly the unit's files (FILES, what its timers wrote: OUTPUTS, and the swept
# pattern); remembers whether any existed.
lsu_delete_all() {
  local f
  for f in "${FILES[@]}" "${OUTPUTS[@]}"; do
    if [ -e "$f" ]; then rm -f "$f"; CHANGED=1; fi
  done
  if [ -n "$SWEEP_DIR" ] && [ -d "$SWEEP_DIR" ]; then
    for f in "$SWEEP_DIR"/$SWEEP_GLOB; do
      if [ -f "$f" ]; then rm -f "$f"; CHANGED=1; fi
    done
  fi
}
